import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsString, Matches, Min } from 'class-validator';
import { BaseServiceConfig, booleanFromString, integerFromString } from '@edubase/config';

/** Everything governance (数据治理) reads from the environment, validated at boot. */
export class GovernanceConfig extends BaseServiceConfig {
  override HTTP_PORT = 3105;

  override DB_NAME = 'edubase_governance';

  /** Days before a 等保测评 due date at which a system is listed as due soon, e.g. `60,30,7`. */
  @Matches(/^\d{1,3}(,\d{1,3})*$/, {
    message: 'GOVERNANCE_REMINDER_DAYS must be days, comma-separated: 60,30,7',
  })
  GOVERNANCE_REMINDER_DAYS = '60,30,7';

  /** 责任单位 of EduBase's own services when they register themselves in the catalog. */
  @IsString()
  @IsNotEmpty()
  GOVERNANCE_PLATFORM_OWNER = '奉贤区教育学院教育信息技术中心';

  /** Load the 奉贤区 demo register and catalog at start-up when it is empty (`npm start` demo only). */
  @Transform(booleanFromString)
  @IsBoolean()
  GOVERNANCE_SEED_DEMO = false;

  /** The service account that manages data-sharing client scopes in Keycloak. */
  @IsString()
  @IsNotEmpty()
  GOVERNANCE_SSO_CLIENT_ID = 'edubase-governance';

  /** Its secret; injected by the deployment (`npm start` passes the demo realm's). */
  @IsString()
  GOVERNANCE_SSO_CLIENT_SECRET = '';

  /** How often approved and ended sharing requests are applied to Keycloak, in seconds; 0: only when asked. */
  @Transform(integerFromString)
  @IsInt()
  @Min(0)
  GOVERNANCE_SHARING_SYNC_SECONDS = 60;

  get reminderDays(): number[] {
    return this.GOVERNANCE_REMINDER_DAYS.split(',').map(Number);
  }
}
