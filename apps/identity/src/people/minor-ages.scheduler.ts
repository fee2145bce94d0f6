import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { IdentityConfig } from '../identity.config';
import { MinorAgesService } from './minor-ages.service';

/** Recomputes minors' age bands at start and every MINOR_AGES_INTERVAL_MINUTES (0: never). */
@Injectable()
export class MinorAgesScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MinorAgesScheduler.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
    private readonly minors: MinorAgesService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.MINOR_AGES_INTERVAL_MINUTES <= 0) return;
    const run = (): void => {
      this.minors.recompute().catch((error: unknown) => {
        // Another replica holding the lock is normal; anything else is worth a warning.
        if (error instanceof ConflictException) return;
        this.logger.warn(`minor ages failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    };
    run();
    this.timer = setInterval(run, this.config.MINOR_AGES_INTERVAL_MINUTES * 60_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
