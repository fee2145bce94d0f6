import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { BaseServiceConfig, integerFromString } from '@edubase/config';

const booleanFromString = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(normalised)) return true;
  if (['false', '0', 'no'].includes(normalised)) return false;
  return value;
};

/** Everything the identity service reads from the environment, validated at boot. */
export class IdentityConfig extends BaseServiceConfig {
  override HTTP_PORT = 3101;

  override DB_NAME = 'edubase_identity';

  /** Confidential client whose service account provisions users through the Keycloak Admin REST API. */
  @IsString()
  @MinLength(1)
  KEYCLOAK_ADMIN_CLIENT_ID = 'edubase-identity';

  @IsString()
  @MinLength(1)
  KEYCLOAK_ADMIN_CLIENT_SECRET = 'edubase-identity-secret';

  /** Days without a login after which an active staff member is flagged dormant (沉睡账号). */
  @Transform(integerFromString)
  @IsInt()
  @Min(1)
  @Max(3650)
  DORMANT_AFTER_DAYS = 90;

  /** Policy: disable dormant accounts in Keycloak, not only flag them (Keycloak cannot, keycloak#10040). */
  @Transform(booleanFromString)
  @IsBoolean()
  DISABLE_DORMANT = false;

  /** Minutes between periodic Keycloak reconciliation runs; 0 turns the periodic run off. */
  @Transform(integerFromString)
  @IsInt()
  @Min(0)
  @Max(10080)
  RECONCILE_INTERVAL_MINUTES = 60;

  /** Minutes between periodic dormant-account checks; 0 turns the periodic check off. */
  @Transform(integerFromString)
  @IsInt()
  @Min(0)
  @Max(10080)
  DORMANT_CHECK_INTERVAL_MINUTES = 720;

  /** Load the 奉贤区 demo district (idempotently) when the service starts: for `npm start` demos. */
  @Transform(booleanFromString)
  @IsBoolean()
  SEED_DEMO_ON_START = false;

  /**
   * Temporary password for newly provisioned users (dev/demo only). Unset, each user gets a random one,
   * shown once to the admin who created them; either way Keycloak makes them change it at first login.
   */
  @IsOptional()
  @IsString()
  @MinLength(8)
  INITIAL_PASSWORD?: string;
}
