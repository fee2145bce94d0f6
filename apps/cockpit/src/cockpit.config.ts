import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { BaseServiceConfig, integerFromString } from '@edubase/config';

/** Everything the cockpit (数字驾驶舱) reads from the environment, validated at boot. */
export class CockpitConfig extends BaseServiceConfig {
  override HTTP_PORT = 3106;

  override DB_NAME = 'edubase_cockpit';

  /** Events applied per database transaction (one Kafka partition batch is split into runs of this size). */
  @Transform(integerFromString)
  @IsInt()
  @Min(1)
  @Max(20_000)
  PROJECTION_BATCH_SIZE = 2_000;

  /** Coalescing window of the live push: changes committed within it go out as one update per scope. */
  @Transform(integerFromString)
  @IsInt()
  @Min(0)
  @Max(5_000)
  LIVE_PUSH_INTERVAL_MS = 250;

  /**
   * Days minute buckets are kept (hour and day buckets are kept for ever). The dashboard shows the last hour
   * of minutes; every counter writes a minute bucket per busy minute, scope and dimension.
   */
  @Transform(integerFromString)
  @IsInt()
  @Min(1)
  @Max(3_650)
  MINUTE_BUCKET_RETENTION_DAYS = 7;

  /** Directory of the built dashboard (apps/cockpit-web), served under `/`. */
  @IsString()
  @MinLength(1)
  COCKPIT_WEB_ROOT = 'dist/apps/cockpit-web';

  /** Public OIDC client the dashboard signs in with (authorization code + PKCE). */
  @IsString()
  @MinLength(1)
  COCKPIT_WEB_CLIENT_ID = 'edubase-web';
}
