import { Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { NasModule } from '../nas/nas.module';
import { NetworkAccessConfig } from '../network-access.config';
import { TerminalsModule } from '../terminals/terminals.module';
import { NetworkDemoSeedService } from './demo-seed.service';

/**
 * Seeds inside the running service rather than in a second process: a second instance would have to bind
 * the RADIUS ports the service already holds. Runs in the background so readiness is not delayed.
 */
@Injectable()
class NetworkDemoSeedRunner implements OnApplicationBootstrap {
  private readonly logger = new Logger('NetworkDemoSeed');

  constructor(
    private readonly config: NetworkAccessConfig,
    private readonly seeder: NetworkDemoSeedService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SEED_DEMO_NETWORK) return;
    this.seeder.seed().then(
      (report) => this.logger.log(`demo network seeded: ${JSON.stringify(report)}`),
      (error: unknown) => this.logger.error(`demo network seed failed: ${String(error)}`),
    );
  }
}

@Module({
  imports: [NasModule, TerminalsModule],
  providers: [NetworkDemoSeedService, NetworkDemoSeedRunner],
})
export class NetworkDemoSeedModule {}
