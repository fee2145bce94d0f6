/** Anything that runs SQL on a service's database (a TypeORM DataSource does). */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Where `recordOutboxWrites` keeps its copies: the columns of `outbox_event`. */
export const OUTBOX_WRITTEN_TABLE = 'outbox_event_written';

/**
 * The outbox relay deletes a row once Kafka has it, so a test asking what a service published cannot read
 * `outbox_event` afterwards. From this call on, every row inserted there is also copied into
 * `outbox_event_written` by a trigger, in the inserting transaction (a rolled-back insert leaves no copy).
 * Call it after the service's migrations ran and before the writes under test.
 */
export async function recordOutboxWrites(database: SqlRunner): Promise<void> {
  await database.query(`CREATE TABLE ${OUTBOX_WRITTEN_TABLE} LIKE outbox_event`);
  await database.query(
    `CREATE TRIGGER ${OUTBOX_WRITTEN_TABLE} AFTER INSERT ON outbox_event FOR EACH ROW
       INSERT INTO ${OUTBOX_WRITTEN_TABLE} (id, event_id, topic, aggregate_key, payload, headers, created_at)
       VALUES (NEW.id, NEW.event_id, NEW.topic, NEW.aggregate_key, NEW.payload, NEW.headers, NEW.created_at)`,
  );
}
