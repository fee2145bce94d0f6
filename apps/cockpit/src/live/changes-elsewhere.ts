import type { EventEnvelope } from '@edubase/contracts';
import type { HeardEvent } from '@edubase/messaging';
import type { DataSource } from 'typeorm';
import { DISTRICT_SCOPE } from '../projections/projection-batch';

/** An event heard but not yet committed by whichever instance's projection consumes its partition. */
interface Pending {
  scopes: string[];
  heardAt: number;
}

/** Longest an event waits to be seen committed; then its scopes are pushed anyway (their figures are read fresh). */
const GIVE_UP_MS = 60_000;

/**
 * Live push across instances. The cockpit's instances share one consumer group, so each projects only some
 * partitions and learns of only its own commits; a browser connected to instance B must still see what A
 * committed. Every instance therefore also hears every event (an `InstanceListener`), and once the event
 * is in the projections' processed-event ledger (committed, by whichever instance) its scopes are marked
 * changed here, to be read from the database and pushed as if committed locally. Pushing on hearing alone
 * would race the other instance's commit and send the figures from before it.
 */
export class ChangesElsewhere {
  private readonly pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly consumerGroup: string,
    private readonly intervalMs: number,
    private readonly changed: (scopes: string[]) => void,
    private readonly watched: () => boolean,
    private readonly onError: (error: Error) => void,
  ) {}

  start(): void {
    this.timer = setInterval(
      () => {
        this.checking ??= this.check()
          .catch((error: Error) => this.onError(error))
          .finally(() => (this.checking = null));
      },
      Math.max(100, this.intervalMs),
    );
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.checking;
  }

  /** From the instance listener: an event of a projected topic, committed by someone or about to be. */
  heard(event: HeardEvent): void {
    // Nobody watching here: a browser that connects later is sent a fresh overview first.
    if (!event.eventId || !this.watched()) return;
    const school = event.envelope?.schoolCode;
    this.pending.set(event.eventId, {
      scopes: school ? [DISTRICT_SCOPE, school] : [DISTRICT_SCOPE],
      heardAt: Date.now(),
    });
  }

  /** Events this instance committed itself: already pushed through its own commit. */
  committedHere(envelopes: readonly EventEnvelope[]): void {
    for (const envelope of envelopes) this.pending.delete(envelope.id);
  }

  get waiting(): number {
    return this.pending.size;
  }

  private async check(): Promise<void> {
    if (this.pending.size === 0) return;
    const ids = [...this.pending.keys()].slice(0, 5_000);
    const rows = (await this.dataSource.query(
      `SELECT LOWER(HEX(event_id)) AS id FROM processed_event WHERE consumer_group = ? AND event_id IN (?)`,
      [this.consumerGroup, ids.map((id) => Buffer.from(id.replace(/-/g, ''), 'hex'))],
    )) as Array<{ id: string }>;
    const committed = new Set(rows.map((row) => row.id));
    const scopes = new Set<string>();
    const now = Date.now();
    for (const id of ids) {
      const pending = this.pending.get(id)!;
      if (!committed.has(id.replace(/-/g, '').toLowerCase()) && now - pending.heardAt < GIVE_UP_MS) continue;
      for (const scope of pending.scopes) scopes.add(scope);
      this.pending.delete(id);
    }
    if (scopes.size > 0) this.changed([...scopes]);
  }
}
