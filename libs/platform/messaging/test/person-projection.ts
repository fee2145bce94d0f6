import { EventEnvelope, PayloadOf } from '@edubase/contracts';
import { DataSource, EntityManager } from 'typeorm';

/** What identity.person.created.v1 and identity.person.updated.v1 carry. */
export type PersonPayload = PayloadOf<'identity.person.updated.v1'>;

/** A staff member of school 3101010001; suites put a per-person sequence number in `staffNo`. */
export function personPayload(personId: string, changes: Partial<PersonPayload> = {}): PersonPayload {
  return {
    personId,
    kind: 'staff',
    staffNo: 'T0001',
    studentNo: null,
    name: '测试教师',
    schoolCode: '3101010001',
    orgId: null,
    status: 'active',
    ...changes,
  };
}

/**
 * A projection that keeps every application in order (apply_id), so a suite can tell duplicates (the same
 * event_id twice) and per-key order (seq, from staffNo, rising by one per person_key) apart.
 */
export const PERSON_PROJECTION_TABLE = `CREATE TABLE person_projection (
  apply_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id CHAR(36) NOT NULL,
  person_key VARCHAR(50) NOT NULL,
  seq INT NOT NULL
) ENGINE=InnoDB`;

/** Applies events to person_projection in the handler's transaction, one row each. */
export async function applyToPersonProjection(
  manager: EntityManager,
  envelopes: ReadonlyArray<EventEnvelope<'identity.person.updated.v1'>>,
): Promise<void> {
  await manager.query('INSERT INTO person_projection (event_id, person_key, seq) VALUES ?', [
    envelopes.map((envelope) => [envelope.id, envelope.data.personId, Number(envelope.data.staffNo)]),
  ]);
}

export async function personProjectionCount(dataSource: DataSource): Promise<number> {
  const [row] = await dataSource.query<Array<{ n: string }>>('SELECT COUNT(*) AS n FROM person_projection');
  return Number(row!.n);
}

/** Applications, distinct events among them, and every break of a person's 1, 2, 3, … sequence. */
export async function personProjectionReport(
  dataSource: DataSource,
): Promise<{ applied: number; distinct: number; outOfOrder: string[] }> {
  const [totals] = await dataSource.query<Array<{ applied: string; distinctEvents: string }>>(
    'SELECT COUNT(*) AS applied, COUNT(DISTINCT event_id) AS distinctEvents FROM person_projection',
  );
  const rows = await dataSource.query<Array<{ personKey: string; seq: number }>>(
    'SELECT person_key AS personKey, seq FROM person_projection ORDER BY apply_id',
  );
  const lastSeq = new Map<string, number>();
  const outOfOrder: string[] = [];
  for (const { personKey, seq } of rows) {
    const previous = lastSeq.get(personKey) ?? 0;
    if (seq !== previous + 1) outOfOrder.push(`${personKey}: ${seq} after ${previous}`);
    lastSeq.set(personKey, seq);
  }
  return { applied: Number(totals!.applied), distinct: Number(totals!.distinctEvents), outOfOrder };
}
