import { bootstrapService } from '@edubase/http';
import { AppModule } from './app.module';
import { IdentityConfig } from './identity.config';

void bootstrapService(AppModule.forRoot(), {
  serviceName: 'identity',
  title: 'EduBase identity 统一身份认证',
  description:
    'The district’s master of organisations (组织机构), people (人员) and roles (角色), and the Keycloak accounts used for single sign-on.',
  configClass: IdentityConfig,
});
