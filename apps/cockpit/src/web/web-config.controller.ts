import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@edubase/auth';
import { CockpitConfig } from '../cockpit.config';

export interface WebConfig {
  keycloakUrl: string;
  realm: string;
  clientId: string;
}

@ApiTags('web 驾驶舱前端')
@Controller('api')
export class WebConfigController {
  constructor(private readonly config: CockpitConfig) {}

  /** Where the dashboard signs in; public because the browser needs it before it has a token. */
  @Get('web-config')
  @Public()
  @ApiOperation({ summary: 'Sign-in settings of the dashboard (OIDC code + PKCE)' })
  webConfig(): WebConfig {
    return {
      keycloakUrl: this.config.KEYCLOAK_URL,
      realm: this.config.KEYCLOAK_REALM,
      clientId: this.config.COCKPIT_WEB_CLIENT_ID,
    };
  }
}
