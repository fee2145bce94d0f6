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

  /**
   * EduBase services whose audit chains governance holds to their anchors and asks who read personal data:
   * `name=base URL`, comma-separated. Governance's own chain is checked in-process.
   */
  @Matches(/^$|^[a-z][a-z0-9-]*=https?:\/\/[^,=\s]+(,[a-z][a-z0-9-]*=https?:\/\/[^,=\s]+)*$/, {
    message: 'GOVERNANCE_AUDIT_SERVICES must be name=url pairs, comma-separated',
  })
  GOVERNANCE_AUDIT_SERVICES = 'identity=http://127.0.0.1:3101,network-access=http://127.0.0.1:3102';

  /** How often every chain is verified against the anchors, in seconds; 0: only when asked. */
  @Transform(integerFromString)
  @IsInt()
  @Min(0)
  GOVERNANCE_CHAIN_VERIFY_SECONDS = 3600;

  /** Audit chain actions that are reads of personal data (prefixes), for the minors' PI compliance audit. */
  @Matches(/^[a-z][a-z0-9.-]*(,[a-z][a-z0-9.-]*)*$/, {
    message: 'GOVERNANCE_PI_READ_ACTIONS must be action prefixes, comma-separated',
  })
  GOVERNANCE_PI_READ_ACTIONS = 'trace.,person.read,person.export';

  get auditServices(): Map<string, string> {
    return new Map(
      this.GOVERNANCE_AUDIT_SERVICES.split(',')
        .filter(Boolean)
        .map((pair) => pair.split('=') as [string, string])
        .map(([name, url]) => [name, url.replace(/\/+$/, '')]),
    );
  }

  get reminderDays(): number[] {
    return this.GOVERNANCE_REMINDER_DAYS.split(',').map(Number);
  }
}
