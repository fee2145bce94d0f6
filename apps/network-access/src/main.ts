import { bootstrapService } from '@edubase/http';
import { AppModule, SERVICE_NAME } from './app.module';
import { NetworkAccessConfig } from './network-access.config';

void bootstrapService(AppModule.forRoot(), {
  serviceName: SERVICE_NAME,
  title: 'EduBase 上网认证 network-access',
  description:
    'RADIUS authentication and accounting for the education metro network: NAS and terminal registries, session trace (可管可溯).',
  configClass: NetworkAccessConfig,
});
