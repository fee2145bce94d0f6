import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { IdentityConfig } from '../identity.config';
import { systemActor } from '@edubase/auth';
import { DormantAccountsService } from './dormant-accounts.service';
import { ReconciliationService } from './reconciliation.service';

/** Runs reconciliation and the dormant check on their intervals (0 turns one off). */
@Injectable()
export class AccountJobsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AccountJobsScheduler.name);
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
    private readonly reconciliation: ReconciliationService,
    private readonly dormant: DormantAccountsService,
  ) {}

  onApplicationBootstrap(): void {
    this.every(this.config.RECONCILE_INTERVAL_MINUTES, 'reconciliation', () =>
      this.reconciliation.run('schedule', systemActor('identity-reconciliation')),
    );
    this.every(this.config.DORMANT_CHECK_INTERVAL_MINUTES, 'dormant check', () =>
      this.dormant.check(systemActor('identity-dormant-check')),
    );
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearInterval(timer);
  }

  private every(minutes: number, name: string, job: () => Promise<unknown>): void {
    if (minutes <= 0) return;
    const timer = setInterval(() => {
      job().catch((error: unknown) => {
        // Another replica holding the lock is normal; anything else is worth a warning.
        if (error instanceof ConflictException) return;
        this.logger.warn(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    }, minutes * 60_000);
    timer.unref();
    this.timers.push(timer);
  }
}
