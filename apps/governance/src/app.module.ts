import { DynamicModule, Module } from '@nestjs/common';
import { ServiceModule } from '@edubase/service';
import { governanceDataSourceOptions } from './database/data-source';
import { InformationSystemsModule } from './information-systems/information-systems.module';
import { CatalogModule } from './catalog/catalog.module';
import { CatalogImportModule } from './catalog-import/catalog-import.module';
import { ClassificationModule } from './classification/classification.module';
import { ClockModule } from './common/clock';
import { GovernanceDemoSeedModule } from './seed/demo-seed';
import { SharingModule } from './sharing/sharing.module';
import { AuditChainsModule } from './audit-chains/audit-chains.module';
import { MinorsAuditModule } from './minors-audit/minors-audit.module';
import { OrgUnitsModule } from './org-units/org-units.module';
import { GovernanceConfig } from './governance.config';

export const SERVICE_NAME = 'governance';

/** 数据治理: its features, wired the one way (ServiceModule). */
@Module({})
export class AppModule {
  static forRoot(): DynamicModule {
    return ServiceModule.forRoot({
      name: SERVICE_NAME,
      config: GovernanceConfig,
      database: governanceDataSourceOptions,
      auditChain: true,
      features: [
        ClockModule,
        OrgUnitsModule,
        InformationSystemsModule,
        ClassificationModule,
        CatalogModule,
        CatalogImportModule,
        SharingModule,
        AuditChainsModule,
        MinorsAuditModule,
        GovernanceDemoSeedModule,
      ],
    });
  }
}
