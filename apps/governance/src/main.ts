import { bootstrapService } from '@edubase/http';
import { AppModule, SERVICE_NAME } from './app.module';
import { GovernanceConfig } from './governance.config';

void bootstrapService(AppModule.forRoot(), {
  serviceName: SERVICE_NAME,
  title: 'EduBase 数据治理 governance',
  description: '数据治理: information-systems of the district and its schools.',
  configClass: GovernanceConfig,
});
