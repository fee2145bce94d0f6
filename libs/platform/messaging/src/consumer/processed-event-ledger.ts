import type { Topic } from '@edubase/contracts';
import type { EntityManager } from 'typeorm';
import type { DecodedMessage } from './event-handler';

/** An event id as `processed_event` keys it: its 16 bytes (the case of its hex digits does not matter). */
export const idBytes = (id: string): Buffer => Buffer.from(id.replaceAll('-', ''), 'hex');
const idHex = (id: string): string => id.replaceAll('-', '').toLowerCase();

/** What mysql2 reports for INSERT and DELETE statements. */
export interface WriteResult {
  affectedRows: number;
  warningStatus?: number;
}

/** Rolls back an optimistic claim that met an already-processed id; the run is redone with a lookup. */
export class AlreadyProcessed extends Error {}

/**
 * The group's record of applied event ids (`processed_event`), written in the transaction of the
 * handler's writes. Claiming ids before the handler runs also makes a second member that got the same
 * events (during a rebalance) wait on those rows instead of applying them twice.
 */
export class ProcessedEventLedger {
  constructor(private readonly groupId: string) {}

  /** The run without repeats (the relay re-sent an event after a crash): the first copy of each id stays. */
  withoutRepeats(items: DecodedMessage[]): DecodedMessage[] {
    const ids = new Set<string>();
    const unique: DecodedMessage[] = [];
    for (const item of items) {
      // Ids are compared as processed_event keys them: as bytes, whatever the case of their hex digits.
      const id = idHex(item.envelope.id);
      if (ids.has(id)) continue;
      ids.add(id);
      unique.push(item);
    }
    return unique;
  }

  /**
   * Records every id with one INSERT IGNORE (one statement in the usual case) and throws `AlreadyProcessed`,
   * to roll the transaction back, if any was already there.
   */
  async claimAll(
    manager: EntityManager,
    topic: Topic,
    items: DecodedMessage[],
    processedAt: Date,
  ): Promise<void> {
    // The ids travel as one JSON array rather than a VALUES row each: the statement is built and parsed
    // once instead of per event, which is cheaper for the client and the server alike.
    const result = (await manager.query(
      `INSERT IGNORE INTO processed_event (consumer_group, event_id, topic, processed_at)
       SELECT ?, UNHEX(REPLACE(claimed.event_id, '-', '')), ?, ?
         FROM JSON_TABLE(?, '$[*]' COLUMNS (event_id VARCHAR(255) PATH '$')) AS claimed`,
      [this.groupId, topic, processedAt, JSON.stringify(items.map(({ envelope }) => envelope.id))],
    )) as WriteResult;
    // Any warning (a duplicate key, or a value IGNORE would have truncated) sends us to the strict path.
    if (result.affectedRows !== items.length || (result.warningStatus ?? 0) > 0) throw new AlreadyProcessed();
  }

  /** Looks the ids up first and records only the new ones; returns the items still to apply. */
  async claimNew(
    manager: EntityManager,
    topic: Topic,
    items: DecodedMessage[],
    processedAt: Date,
  ): Promise<DecodedMessage[]> {
    const rows = (await manager.query(
      'SELECT LOWER(HEX(event_id)) AS eventHex FROM processed_event WHERE consumer_group = ? AND event_id IN (?)',
      [this.groupId, items.map(({ envelope }) => idBytes(envelope.id))],
    )) as Array<{ eventHex: string }>;
    const seen = new Set(rows.map((row) => row.eventHex));
    const fresh = items.filter(({ envelope }) => !seen.has(idHex(envelope.id)));
    if (fresh.length === 0) return fresh;
    await manager.query(
      'INSERT INTO processed_event (consumer_group, event_id, topic, processed_at) VALUES ?',
      [fresh.map(({ envelope }) => [this.groupId, idBytes(envelope.id), topic, processedAt])],
    );
    return fresh;
  }
}
