import { Counter, Gauge, register } from 'prom-client';
import type { SyncBacklog } from './keycloak-sync-outbox';

type BacklogReader = () => Promise<SyncBacklog>;

const backlogReaders = new Set<BacklogReader>();
let attempts: Counter<'result'> | null = null;
const ATTEMPTS = 'edubase_identity_keycloak_sync_attempts_total';

/** Sums every registered outbox (one per app; tests may run several); an unreadable one is left out. */
async function readBacklog(): Promise<SyncBacklog> {
  const backlogs = await Promise.all([...backlogReaders].map((read) => read().catch(() => null)));
  return backlogs.reduce<SyncBacklog>(
    (total, backlog) =>
      backlog
        ? {
            pending: total.pending + backlog.pending,
            oldestPendingAgeSeconds: Math.max(total.oldestPendingAgeSeconds, backlog.oldestPendingAgeSeconds),
          }
        : total,
    { pending: 0, oldestPendingAgeSeconds: 0 },
  );
}

/** Created once per process, on the default register that GET /metrics serves. */
function ensureMetrics(): Counter<'result'> {
  attempts ??=
    (register.getSingleMetric(ATTEMPTS) as Counter<'result'> | undefined) ??
    new Counter({
      name: ATTEMPTS,
      help: 'Syncs of one person to Keycloak, by result (succeeded | failed)',
      labelNames: ['result'],
      registers: [register],
    });
  if (!register.getSingleMetric('edubase_identity_keycloak_sync_pending')) {
    new Gauge({
      name: 'edubase_identity_keycloak_sync_pending',
      help: 'People whose Keycloak account still waits for a sync (keycloak_sync_request rows)',
      registers: [register],
      async collect() {
        this.set((await readBacklog()).pending);
      },
    });
    new Gauge({
      name: 'edubase_identity_keycloak_sync_oldest_pending_age_seconds',
      help: 'Age of the oldest change not yet synced to Keycloak (0 when none)',
      registers: [register],
      async collect() {
        this.set((await readBacklog()).oldestPendingAgeSeconds);
      },
    });
  }
  return attempts;
}

export function countSyncAttempt(result: 'succeeded' | 'failed'): void {
  ensureMetrics().inc({ result });
}

/** Adds an outbox to the backlog gauges; returns the removal. */
export function addSyncBacklogSource(read: BacklogReader): () => void {
  ensureMetrics();
  backlogReaders.add(read);
  return () => backlogReaders.delete(read);
}
