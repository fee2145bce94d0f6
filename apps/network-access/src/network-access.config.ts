import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { BaseServiceConfig, booleanFromString, integerFromString } from '@edubase/config';
import { IsNatPattern } from './nat/parsing/generic-pattern';

const ROLE_VLAN_LIST = /^[a-z-]+:\d{1,4}(,[a-z-]+:\d{1,4})*$/;

/** Everything the network-access (上网认证) service reads from the environment, validated at boot. */
export class NetworkAccessConfig extends BaseServiceConfig {
  override HTTP_PORT = 3102;

  override DB_NAME = 'edubase_netaccess';

  /** Address the RADIUS sockets bind to. */
  @IsString()
  @MinLength(1)
  RADIUS_HOST = '0.0.0.0';

  /** RFC 2865 authentication port; 0 picks a free port (tests). */
  @Transform(integerFromString)
  @IsInt()
  @Min(0)
  @Max(65535)
  RADIUS_AUTH_PORT = 1812;

  /** RFC 2866 accounting port; 0 picks a free port (tests). */
  @Transform(integerFromString)
  @IsInt()
  @Min(0)
  @Max(65535)
  RADIUS_ACCT_PORT = 1813;

  /**
   * SO_REUSEPORT on the RADIUS and NAT syslog sockets: several instances on one host share the ports and the
   * kernel spreads datagrams by a hash of the source address and port, as a Service or LVS does by source.
   */
  @Transform(booleanFromString)
  @IsBoolean()
  SOCKET_REUSE_PORT = false;

  /** How long a retransmitted request (same NAS, identifier, authenticator) gets the cached answer. */
  @Transform(integerFromString)
  @IsInt()
  @Min(1000)
  @Max(120_000)
  RADIUS_DUPLICATE_WINDOW_MS = 10_000;

  /** Requests being evaluated at once; beyond this new ones are dropped (and counted) rather than queued. */
  @Transform(integerFromString)
  @IsInt()
  @Min(10)
  @Max(1_000_000)
  RADIUS_MAX_IN_FLIGHT = 20_000;

  /** Keycloak client used for the password grant that checks a PAP password against the district SSO. */
  @IsString()
  @MinLength(1)
  SSO_PASSWORD_CLIENT_ID = 'edubase-cli';

  /** Secret of that client when it is confidential (production); unset for a public client. */
  @IsOptional()
  @IsString()
  SSO_PASSWORD_CLIENT_SECRET?: string;

  /** Milliseconds before a Keycloak password check counts as SSO unavailable. */
  @Transform(integerFromString)
  @IsInt()
  @Min(100)
  @Max(30_000)
  SSO_TIMEOUT_MS = 3000;

  /**
   * What a PAP login that needs Keycloak gets while Keycloak does not answer (timeout, 5xx): `drop` — no
   * answer, so the NAS retransmits and fails over to its secondary RADIUS server (RFC 2865 §2.6, RFC 5080)
   * — or `reject`: Access-Reject `sso-unavailable`, which a NAS takes as final and does not fail over on.
   */
  @IsIn(['drop', 'reject'])
  SSO_UNAVAILABLE_ACTION: 'drop' | 'reject' = 'drop';

  /** Seconds a successful SSO password check is remembered (as a salted verifier, never the password). */
  @Transform(integerFromString)
  @IsInt()
  @Min(0)
  @Max(3600)
  VERIFIER_CACHE_TTL_SECONDS = 300;

  // RADIUS's failure limiter in front of the SSO check (README "Wrong passwords and the SSO lock"). The
  // defaults follow deploy/keycloak/edubase-realm.json: failureFactor 10, maxDeltaTimeSeconds 43200,
  // quickLoginCheckMilliSeconds 1000, maxFailureWaitSeconds 900.

  /**
   * Keycloak-checked failures one person may cause from this instance within the window; then new
   * passwords are refused unasked. (failureFactor − 1) ÷ 2 instances, rounded down: a primary and a
   * secondary together stay below failureFactor with one failure to spare for the SSO's own login page.
   */
  @Transform(integerFromString)
  @IsInt()
  @Min(1)
  @Max(100)
  SSO_USER_FAILURE_BUDGET = 4;

  /** Keycloak's maxDeltaTimeSeconds: its failure count restarts after a gap this long, so does ours. */
  @Transform(integerFromString)
  @IsInt()
  @Min(60)
  @Max(604_800)
  SSO_FAILURE_WINDOW_SECONDS = 43_200;

  /**
   * Milliseconds before a person's next password may be checked after a failure, doubled per further
   * failure: twice quickLoginCheckMilliSeconds, so two of our failures never land in its window.
   */
  @Transform(integerFromString)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  SSO_USER_BACKOFF_BASE_MS = 2000;

  /** Ceiling of that back-off (maxFailureWaitSeconds). */
  @Transform(integerFromString)
  @IsInt()
  @Min(1)
  @Max(86_400)
  SSO_USER_BACKOFF_MAX_SECONDS = 900;

  /** Seconds a password Keycloak refused is refused again from memory (a supplicant retrying it). */
  @Transform(integerFromString)
  @IsInt()
  @Min(0)
  @Max(86_400)
  SSO_REJECTED_PASSWORD_TTL_SECONDS = 600;

  /** Keycloak-checked failures a NAS may run up at once before it is held off. */
  @Transform(integerFromString)
  @IsInt()
  @Min(1)
  @Max(100_000)
  SSO_NAS_FAILURE_BURST = 30;

  /** Failures per minute a NAS earns back. */
  @Transform(integerFromString)
  @IsInt()
  @Min(1)
  @Max(100_000)
  SSO_NAS_FAILURES_PER_MINUTE = 10;

  /** Seconds a NAS that ran out is held off (no SSO checks for it), doubled per hold that follows. */
  @Transform(integerFromString)
  @IsInt()
  @Min(1)
  @Max(86_400)
  SSO_NAS_BACKOFF_BASE_SECONDS = 30;

  @Transform(integerFromString)
  @IsInt()
  @Min(1)
  @Max(86_400)
  SSO_NAS_BACKOFF_MAX_SECONDS = 900;

  /**
   * Milliseconds a person lookup of the authentication path is cached. This instance's identity consumer
   * drops an entry at once; other instances see a deactivation or role change within this time. 0: no cache.
   */
  @Transform(integerFromString)
  @IsInt()
  @Min(0)
  @Max(60_000)
  PERSON_CACHE_TTL_MS = 5000;

  /** VLAN assigned per role, `role:vlan` comma-separated; the first listed role a person holds wins. */
  @Matches(ROLE_VLAN_LIST, { message: 'must be role:vlan pairs separated by commas' })
  VLAN_BY_ROLE =
    'district-admin:100,security-officer:100,network-admin:100,leader:110,school-admin:110,researcher:110,teacher:120,contractor-ops:130';

  /** VLAN of registered terminals (MAB/CHAP) without their own. */
  @Transform(integerFromString)
  @IsInt()
  @Min(1)
  @Max(4094)
  TERMINAL_DEFAULT_VLAN = 200;

  /** Session-Timeout sent with every Access-Accept, in seconds. */
  @Transform(integerFromString)
  @IsInt()
  @Min(60)
  @Max(604_800)
  SESSION_TIMEOUT_SECONDS = 28_800;

  /** Acct-Interim-Interval assumed when a session never told us its own. */
  @Transform(integerFromString)
  @IsInt()
  @Min(60)
  @Max(86_400)
  DEFAULT_INTERIM_INTERVAL_SECONDS = 600;

  /**
   * Open sessions whose committed state the ledger keeps in memory, so their Interim-Update and Stop skip
   * a lookup across every monthly partition; about 1 KiB each. 0 turns the index off.
   */
  @Transform(integerFromString)
  @IsInt()
  @Min(0)
  @Max(2_000_000)
  OPEN_SESSION_INDEX_SIZE = 100_000;

  /** How often open sessions are checked for staleness (no interim for 2× their interval). */
  @Transform(integerFromString)
  @IsInt()
  @Min(0)
  @Max(86_400)
  STALE_SWEEP_INTERVAL_SECONDS = 60;

  /** Days session records are kept; 网络安全法 Art. 21 requires at least 180 (six months). */
  @Transform(integerFromString)
  @IsInt()
  @Min(180)
  @Max(3650)
  SESSION_RETENTION_DAYS = 180;

  /** Hours between partition maintenance runs (create next months, drop expired ones); 0 turns it off. */
  @Transform(integerFromString)
  @IsInt()
  @Min(0)
  @Max(720)
  PARTITION_MAINTENANCE_INTERVAL_HOURS = 24;

  /** Default RFC 5176 port of a NAS when its registration does not name one. */
  @Transform(integerFromString)
  @IsInt()
  @Min(1)
  @Max(65535)
  COA_DEFAULT_PORT = 3799;

  /** Milliseconds to wait for a Disconnect-ACK/NAK before retrying, and retries before recording a timeout. */
  @Transform(integerFromString)
  @IsInt()
  @Min(100)
  @Max(30_000)
  COA_TIMEOUT_MS = 2000;

  @Transform(integerFromString)
  @IsInt()
  @Min(0)
  @Max(10)
  COA_RETRIES = 2;

  /**
   * Public base URL of this service as browsers on the school networks reach it (the OIDC redirect URI is
   * `<this>/portal/callback`). Unset: taken from the request's Host header (development; Keycloak still
   * checks the redirect URI against the client's allow-list).
   */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PORTAL_BASE_URL?: string;

  /** Keycloak as the browser reaches it, when that differs from KEYCLOAK_URL (the back channel). */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PORTAL_KEYCLOAK_PUBLIC_URL?: string;

  /** Public OIDC client the portal signs people in with (authorization code + PKCE). */
  @IsString()
  @MinLength(1)
  PORTAL_CLIENT_ID = 'edubase-web';

  /**
   * Key sealing the portal's login state (PKCE verifier, device) into the OIDC `state`, shared by all
   * instances so a callback may land on any of them. Unset: a random key per process (single instance only).
   */
  @IsOptional()
  @IsString()
  @MinLength(32)
  PORTAL_STATE_KEY?: string;

  /** Seconds a started portal sign-in stays valid. */
  @Transform(integerFromString)
  @IsInt()
  @Min(60)
  @Max(3600)
  PORTAL_LOGIN_TTL_SECONDS = 600;

  /** How the portal hands an authorized device to the BRAS: RFC 5176 CoA-Request, or an HTTP call. */
  @IsIn(['coa', 'http'])
  BRAS_HANDOFF: 'coa' | 'http' = 'coa';

  /** The BRAS (or its controller) endpoint that receives the HTTP hand-off; required when BRAS_HANDOFF=http. */
  @ValidateIf((config: NetworkAccessConfig) => config.BRAS_HANDOFF === 'http')
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  BRAS_HANDOFF_HTTP_URL?: string;

  /** HMAC-SHA256 key signing the HTTP hand-off body (header x-edubase-signature); required with http. */
  @ValidateIf((config: NetworkAccessConfig) => config.BRAS_HANDOFF === 'http')
  @IsString()
  @MinLength(16)
  BRAS_HANDOFF_HTTP_SECRET?: string;

  /** Milliseconds before the HTTP hand-off counts as timed out. */
  @Transform(integerFromString)
  @IsInt()
  @Min(100)
  @Max(30_000)
  BRAS_HANDOFF_HTTP_TIMEOUT_MS = 3000;

  /** Consume identity's events into the local person projection (off only in narrow tests). */
  @Transform(booleanFromString)
  @IsBoolean()
  CONSUME_IDENTITY_EVENTS = true;

  // NAT logs of the egress firewalls (src/nat/, README "NAT logs and the public-address trace").

  /** Receive NAT logs over syslog (UDP and TCP); off leaves /trace/public answering from what is stored. */
  @Transform(booleanFromString)
  @IsBoolean()
  NAT_SYSLOG_ENABLED = true;

  /** Address the syslog sockets bind to. */
  @IsString()
  @MinLength(1)
  NAT_SYSLOG_HOST = '0.0.0.0';

  /** Syslog over UDP (RFC 5426); 0 picks a free port (tests). 514 needs privileges, hence 5514. */
  @Transform(integerFromString)
  @IsInt()
  @Min(0)
  @Max(65535)
  NAT_SYSLOG_UDP_PORT = 5514;

  /** Syslog over TCP (RFC 6587, octet counting or LF framing); 0 picks a free port (tests). */
  @Transform(integerFromString)
  @IsInt()
  @Min(0)
  @Max(65535)
  NAT_SYSLOG_TCP_PORT = 5514;

  /** Days NAT logs are kept; 网络安全法 Art. 21 requires at least 180. */
  @Transform(integerFromString)
  @IsInt()
  @Min(180)
  @Max(3650)
  NAT_RETENTION_DAYS = 180;

  /** Longest a per-session translation is looked back for from the moment asked about. */
  @Transform(integerFromString)
  @IsInt()
  @Min(1)
  @Max(168)
  NAT_SESSION_LOOKBACK_HOURS = 24;

  /** Longest a port block allocation is looked back for (blocks live as long as their inside host is busy). */
  @Transform(integerFromString)
  @IsInt()
  @Min(1)
  @Max(60)
  NAT_BLOCK_LOOKBACK_DAYS = 7;

  /** Minutes east of UTC of the devices' clocks, for syslog timestamps that carry no zone (RFC 3164). */
  @Transform(integerFromString)
  @IsInt()
  @Min(-720)
  @Max(840)
  NAT_DEVICE_UTC_OFFSET_MINUTES = 480;

  /** Lines written per INSERT batch, and the longest a line waits for its batch. */
  @Transform(integerFromString)
  @IsInt()
  @Min(1)
  @Max(50_000)
  NAT_BATCH_SIZE = 5000;

  @Transform(integerFromString)
  @IsInt()
  @Min(1)
  @Max(5000)
  NAT_BATCH_MAX_WAIT_MS = 50;

  /**
   * A generic per-session NAT log: a regular expression with the named groups insideIp, insidePort,
   * publicIp, publicPort (optional: at, an ISO 8601 or epoch-seconds time). Checked at boot.
   */
  @IsOptional()
  @IsNatPattern('session')
  NAT_GENERIC_SESSION_PATTERN?: string;

  /**
   * A generic port block log: named groups insideIp, publicIp, portStart, portEnd (optional: at; event,
   * whose value starting with "rel", "free", "withdraw" or "del" marks a release). Checked at boot.
   */
  @IsOptional()
  @IsNatPattern('block')
  NAT_GENERIC_BLOCK_PATTERN?: string;

  /** Give every school seen in identity's events a demo NAS and terminals at startup (`npm start` demo only). */
  @Transform(booleanFromString)
  @IsBoolean()
  SEED_DEMO_NETWORK = false;
}
