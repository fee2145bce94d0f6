import { Module, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DynamicAuthorizationClient } from '../disconnect/dynamic-authorization.client';
import { NasModule } from '../nas/nas.module';
import { NetworkAccessConfig } from '../network-access.config';
import { RadiusModule } from '../server/radius.module';
import { BRAS_HANDOFF, BrasHandoff } from './bras-handoff';
import { CoaBrasHandoff } from './coa-bras-handoff';
import { HttpBrasHandoff } from './http-bras-handoff';
import { PortalController } from './portal.controller';
import { PortalService } from './portal.service';

/** The CoA socket lives as long as the module. */
class CoaClientLifecycle implements OnModuleInit, OnModuleDestroy {
  constructor(private readonly client: DynamicAuthorizationClient | null) {}

  async onModuleInit(): Promise<void> {
    await this.client?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.client?.stop();
  }
}

const COA_CLIENT = Symbol('edubase:netaccess:portal-coa-client');

/** Captive portal: SSO sign-in page, portal sessions and the BRAS hand-off chosen by BRAS_HANDOFF. */
@Module({
  imports: [NasModule, RadiusModule],
  controllers: [PortalController],
  providers: [
    PortalService,
    {
      provide: COA_CLIENT,
      inject: [NetworkAccessConfig],
      useFactory: (config: NetworkAccessConfig) =>
        config.BRAS_HANDOFF === 'coa'
          ? new DynamicAuthorizationClient({ timeoutMs: config.COA_TIMEOUT_MS, retries: config.COA_RETRIES })
          : null,
    },
    {
      provide: CoaClientLifecycle,
      inject: [COA_CLIENT],
      useFactory: (client: DynamicAuthorizationClient | null) => new CoaClientLifecycle(client),
    },
    {
      provide: BRAS_HANDOFF,
      inject: [NetworkAccessConfig, COA_CLIENT],
      useFactory: (config: NetworkAccessConfig, client: DynamicAuthorizationClient | null): BrasHandoff =>
        client
          ? new CoaBrasHandoff(client)
          : new HttpBrasHandoff({
              url: config.BRAS_HANDOFF_HTTP_URL!,
              secret: config.BRAS_HANDOFF_HTTP_SECRET!,
              timeoutMs: config.BRAS_HANDOFF_HTTP_TIMEOUT_MS,
            }),
    },
  ],
})
export class PortalModule {}
