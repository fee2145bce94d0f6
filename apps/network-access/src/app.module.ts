import { DynamicModule, Module } from '@nestjs/common';
import { ServiceModule } from '@edubase/service';
import { networkAccessDataSourceOptions } from './database/data-source';
import { DisconnectsModule } from './disconnect/disconnects.module';
import { NasModule } from './nas/nas.module';
import { NatModule } from './nat/nat.module';
import { NetworkAccessConfig } from './network-access.config';
import { PortalModule } from './portal/portal.module';
import { NetworkDemoSeedModule } from './seed/network-demo-seed.module';
import { RadiusModule } from './server/radius.module';
import { SessionsModule } from './sessions/sessions.module';
import { networkAccessDeclaredTables } from './shared/data-classification';
import { TerminalsModule } from './terminals/terminals.module';
import { TraceModule } from './trace/trace.module';

export const SERVICE_NAME = 'network-access';

/** Network access (上网认证): RADIUS, the captive portal, NAS and terminal registries, trace, disconnects. */
@Module({})
export class AppModule {
  static forRoot(): DynamicModule {
    return ServiceModule.forRoot({
      name: SERVICE_NAME,
      config: NetworkAccessConfig,
      database: networkAccessDataSourceOptions,
      auditChain: true,
      declaredDatasets: networkAccessDeclaredTables,
      features: [
        NasModule,
        TerminalsModule,
        TraceModule,
        NatModule,
        RadiusModule,
        PortalModule,
        DisconnectsModule,
        SessionsModule,
        NetworkDemoSeedModule,
      ],
    });
  }
}
