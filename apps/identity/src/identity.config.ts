import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { BaseServiceConfig, booleanFromString, integerFromString } from '@edubase/config';
import { DEFAULT_UPLOAD_LIMITS, UploadLimits } from '@edubase/uploads';

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

  /**
   * Minutes between recomputations of minors' age bands (未成年人: a birthday crossing 14 or 18); it also
   * runs at start. Hourly, the daily change lands within the hour after Shanghai midnight; 0 turns it off.
   */
  @Transform(integerFromString)
  @IsInt()
  @Min(0)
  @Max(1440)
  MINOR_AGES_INTERVAL_MINUTES = 60;

  /**
   * Seconds between polls of Keycloak's event store for changes made there directly (password changed,
   * reset, account disabled), announced as identity.person.credentials-changed.v1; 0 turns polling off.
   */
  @Transform(integerFromString)
  @IsInt()
  @Min(0)
  @Max(3600)
  KEYCLOAK_CHANGE_POLL_SECONDS = 5;

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

  // Uploaded files (roster import): what one may cost before it is refused with a 413/400 naming `file`.
  // A 20,000-row roster with every column is about 2 MB as XLSX, 3 MB as CSV.

  /** Request body of an upload, bytes. */
  @Transform(integerFromString)
  @IsInt()
  @Min(1024)
  UPLOAD_MAX_BYTES = DEFAULT_UPLOAD_LIMITS.maxBytes;

  /** Non-blank rows below the header. */
  @Transform(integerFromString)
  @IsInt()
  @Min(1)
  UPLOAD_MAX_ROWS = DEFAULT_UPLOAD_LIMITS.maxRows;

  @Transform(integerFromString)
  @IsInt()
  @Min(1)
  @Max(16384)
  UPLOAD_MAX_COLUMNS = DEFAULT_UPLOAD_LIMITS.maxColumns;

  @Transform(integerFromString)
  @IsInt()
  @Min(1)
  UPLOAD_MAX_CELL_CHARS = DEFAULT_UPLOAD_LIMITS.maxCellChars;

  /** Characters of all cells together (shared strings can repeat one long text many times). */
  @Transform(integerFromString)
  @IsInt()
  @Min(1)
  UPLOAD_MAX_TABLE_CHARS = DEFAULT_UPLOAD_LIMITS.maxTableChars;

  /** Bytes the XLSX parts read may inflate to (zip bombs). */
  @Transform(integerFromString)
  @IsInt()
  @Min(1024)
  UPLOAD_MAX_INFLATED_BYTES = DEFAULT_UPLOAD_LIMITS.maxInflatedBytes;

  /** Wall time of one parse, ms; the parsing worker thread is terminated after it. */
  @Transform(integerFromString)
  @IsInt()
  @Min(100)
  @Max(600_000)
  UPLOAD_MAX_WALL_MS = DEFAULT_UPLOAD_LIMITS.maxWallMs;

  get uploadLimits(): UploadLimits {
    return {
      maxBytes: this.UPLOAD_MAX_BYTES,
      maxRows: this.UPLOAD_MAX_ROWS,
      maxColumns: this.UPLOAD_MAX_COLUMNS,
      maxCellChars: this.UPLOAD_MAX_CELL_CHARS,
      maxTableChars: this.UPLOAD_MAX_TABLE_CHARS,
      maxInflatedBytes: this.UPLOAD_MAX_INFLATED_BYTES,
      maxWallMs: this.UPLOAD_MAX_WALL_MS,
    };
  }
}
