import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AccessRequestService } from '../access/access-request.service';
import { accountingRecordOf } from '../accounting/accounting-record';
import { SessionLedgerService } from '../accounting/session-ledger.service';
import { NasRegistryService } from '../nas/nas-registry.service';
import { NetworkAccessConfig } from '../network-access.config';
import { RadiusServer } from './radius-server';

/** Runs the RADIUS sockets for the lifetime of the app. */
@Injectable()
export class RadiusListenerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Radius');
  readonly server: RadiusServer;

  constructor(
    config: NetworkAccessConfig,
    registry: NasRegistryService,
    access: AccessRequestService,
    ledger: SessionLedgerService,
  ) {
    this.server = new RadiusServer({
      host: config.RADIUS_HOST,
      authPort: config.RADIUS_AUTH_PORT,
      acctPort: config.RADIUS_ACCT_PORT,
      reusePort: config.SOCKET_REUSE_PORT,
      duplicateWindowMs: config.RADIUS_DUPLICATE_WINDOW_MS,
      maxInFlight: config.RADIUS_MAX_IN_FLIGHT,
      lookupClient: (address) => registry.lookupByIp(address),
      handlers: {
        access: (context) => access.evaluate(context),
        accounting: (context) =>
          ledger.record(
            context.client,
            accountingRecordOf(context.packet, context.receivedAt),
            context.receivedAt,
          ),
      },
      onError: (error, where) =>
        this.logger.error(`${where}: ${error instanceof Error ? error.stack : String(error)}`),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const ports = await this.server.start();
    this.logger.log(`RADIUS listening: auth ${ports.authPort}/udp, accounting ${ports.acctPort}/udp`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.server.stop();
  }
}
