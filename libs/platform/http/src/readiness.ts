/**
 * Something a service needs before it can take traffic (the database, Kafka…). `check` resolves when
 * ready and rejects with the reason otherwise; it should answer within a couple of seconds.
 */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

/**
 * Inject this token to get the service's list of readiness checks and add yours, e.g. in the messaging
 * lib: `constructor(@Inject(READINESS_CHECKS) checks: ReadinessCheck[]) { checks.push(this) }`.
 * GET /health/ready runs them all (plus the TypeORM DataSource, when the service has one).
 */
export const READINESS_CHECKS = Symbol('edubase:readiness-checks');
