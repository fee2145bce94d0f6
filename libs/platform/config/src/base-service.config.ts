import { Transform } from 'class-transformer';
import {
  IsBoolean,
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
import { HttpServerConfig, integerFromString as toInt } from './http-server.config';

/** true/false, 1/0, yes/no (any case) from the environment; anything else is left for @IsBoolean to refuse. */
const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const text = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(text)) return true;
  if (['false', '0', 'no'].includes(text)) return false;
  return value;
};

/** SCRAM-SHA-512 credentials and the brokers' CA file; both absent on a development broker. */
export interface KafkaSecurity {
  sasl?: { username: string; password: string };
  tlsCaFile?: string;
}

/**
 * Variables every EduBase service reads (the HTTP server's from HttpServerConfig, then its database, Kafka,
 * tokens and trace export). Each service extends this with its own, in one class.
 */
export class BaseServiceConfig extends HttpServerConfig {
  /** A service listens on its own port (deploy/apps names it): 0 is refused here. */
  @Min(1)
  override HTTP_PORT = 3000;

  @IsString()
  DB_HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  DB_PORT = 3306;

  @IsString()
  @MinLength(1)
  DB_USER = 'root';

  @IsString()
  DB_PASSWORD = '';

  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'must be a lower-case database name' })
  DB_NAME!: string;

  /** Comma-separated host:port list. */
  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'must be a comma-separated list of host:port' })
  KAFKA_BROKERS = '127.0.0.1:9092';

  /**
   * SCRAM-SHA-512 user of a Kafka that authenticates its clients (production: the service's Strimzi
   * KafkaUser, whose ACLs allow exactly its topics and groups). Unset: no authentication (development).
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  KAFKA_SASL_USERNAME?: string;

  @ValidateIf((config: BaseServiceConfig) => config.KAFKA_SASL_USERNAME !== undefined)
  @IsString()
  @MinLength(1)
  KAFKA_SASL_PASSWORD?: string;

  /** PEM file of the CA that signed the brokers' certificates; set, the connection uses TLS. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  KAFKA_TLS_CA_FILE?: string;

  /** Put before every Kafka topic name and consumer group: throwaway runs (tests, benches) keep apart with it. */
  @Matches(/^[A-Za-z0-9._-]*$/, { message: 'must be letters, digits, dot, underscore or hyphen' })
  KAFKA_TOPIC_PREFIX = '';

  /** The audience every API token must carry. */
  @IsString()
  @MinLength(1)
  KEYCLOAK_AUDIENCE = 'edubase-api';

  // Where the telemetry preload exports spans (it reads them before this config exists; validated here so a
  // typo stops the boot instead of silently losing every trace). Unset: spans are made but not exported.
  /** An OTLP/HTTP collector's base URL (`/v1/traces` is appended). */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** A Zipkin server's span intake, e.g. http://127.0.0.1:9411/api/v2/spans (`npm start` sets it). */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  OTEL_EXPORTER_ZIPKIN_ENDPOINT?: string;

  /**
   * The tamper-evident audit chain (@edubase/audit) of a service that keeps one. Only benches turn it off,
   * to measure what it costs; with it off, admin actions and sensitive reads are not chained.
   */
  @Transform(toBoolean)
  @IsBoolean()
  AUDIT_CHAIN_ENABLED = true;

  get kafkaBrokers(): string[] {
    return this.KAFKA_BROKERS.split(',');
  }

  /** How to authenticate to Kafka and verify it, for createKafka in @edubase/messaging. */
  get kafkaSecurity(): KafkaSecurity {
    return {
      ...(this.KAFKA_SASL_USERNAME
        ? { sasl: { username: this.KAFKA_SASL_USERNAME, password: this.KAFKA_SASL_PASSWORD ?? '' } }
        : {}),
      ...(this.KAFKA_TLS_CA_FILE ? { tlsCaFile: this.KAFKA_TLS_CA_FILE } : {}),
    };
  }
}

export { toBoolean as booleanFromString };
