import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { KeycloakAdminAdapter } from './keycloak-admin.adapter';
import { addSyncBacklogSource } from './keycloak-sync-metrics';
import { KeycloakSyncOutbox } from './keycloak-sync-outbox';
import { KeycloakSyncService } from './keycloak-sync.service';

/** Requests taken per round, and synced at once: Keycloak shares a small machine (see roster import). */
const ROUND_SIZE = 20;
const CONCURRENCY = 2;
/** Longest sleep: requests written by other instances (or left by a dead one) are seen this late at worst. */
const POLL_MS = 5_000;
/** While Keycloak is away, how often it is asked whether it is back (one small unauthenticated GET). */
const PROBE_MS = 2_000;

/**
 * The outbox's retry loop: syncs every due request (a failed one after its back-off, one its writer never
 * synced after the grace period), sleeping until the next one is due. While Keycloak is unreachable it also
 * asks every 2 s whether it is back, and then retries everything at once. Every identity instance runs one;
 * leases keep them off each other's people.
 */
@Injectable()
export class KeycloakSyncWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(KeycloakSyncWorker.name);
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeRequested = false;
  private wakeUp: (() => void) | null = null;
  private cleanups: Array<() => void> = [];
  /** The probe found Keycloak away since it last answered. */
  private probedDown = false;

  constructor(
    private readonly outbox: KeycloakSyncOutbox,
    private readonly sync: KeycloakSyncService,
    private readonly keycloak: KeycloakAdminAdapter,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.cleanups = [
      this.outbox.onSettled(() => this.wake()),
      addSyncBacklogSource(() => this.outbox.backlog()),
    ];
    this.loop = this.run();
  }

  /** Lets the syncs in flight finish (before the database closes); pending requests stay for the next start. */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    for (const cleanup of this.cleanups) cleanup();
    this.cleanups = [];
  }

  private wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.wakeRequested = false;
      try {
        const due = await this.outbox.due(ROUND_SIZE);
        if (due.length > 0) {
          await this.syncAll(due);
          continue;
        }
        const untilDue = await this.outbox.msUntilNextDue();
        if (untilDue === null) this.outbox.forgetUnreachable();
        if (this.outbox.waitingForKeycloak) {
          if (!(await this.keycloak.reachable())) {
            this.probedDown = true;
            await this.sleep(Math.min(PROBE_MS, untilDue ?? PROBE_MS));
            continue;
          }
          // Back after being seen away: retry everything now. Up all along (a 5xx on one call): the
          // failures keep their back-off, or a request Keycloak keeps refusing would be retried in a loop.
          if (this.probedDown) await this.outbox.keycloakReturned();
          else this.outbox.forgetUnreachable();
          this.probedDown = false;
        } else {
          await this.sleep(Math.min(POLL_MS, untilDue ?? POLL_MS));
        }
      } catch (error) {
        // The database itself is unreachable: the requests are safe in it; look again later.
        this.logger.warn(`Keycloak sync loop: ${error instanceof Error ? error.message : String(error)}`);
        await this.sleep(POLL_MS);
      }
    }
  }

  private async syncAll(personIds: string[]): Promise<void> {
    const queue = [...personIds];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined && this.running; id = queue.shift()) {
        // A failure is already counted and rescheduled by the sync; only unexpected errors arrive here.
        await this.sync.syncIfRequested(id).catch((error: unknown) => {
          this.logger.warn(
            `Keycloak sync of person ${id}: ${error instanceof Error ? error.message : error}`,
          );
        });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }

  private sleep(ms: number): Promise<void> {
    if (this.wakeRequested || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(10, ms));
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }
}
