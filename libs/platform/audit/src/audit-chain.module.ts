import {
  BeforeApplicationShutdown,
  DynamicModule,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { OutboxPublisher } from '@edubase/messaging';
import { DataSource } from 'typeorm';
import { AuditChain, type AuditChainSettings } from './audit-chain';
import { AuditChainController } from './audit-chain.controller';

export interface AuditChainModuleOptions {
  /** The service's name (anchors' `service`). */
  serviceName: string;
  /** The service's config class: its AUDIT_CHAIN_ENABLED turns the chain off (benches only). */
  configClass: new (...args: never[]) => { AUDIT_CHAIN_ENABLED: boolean };
  sealDelayMs?: number;
  sweepIntervalMs?: number;
  /** Default five minutes: governance holds a copy of every chain's head at most this old. */
  anchorIntervalMs?: number;
}

@Injectable()
class AuditChainLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(AuditChain) private readonly chain: AuditChain) {}

  onApplicationBootstrap(): void {
    this.chain.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.chain.stop();
  }
}

/**
 * The service's tamper-evident audit chain: `AuditChain` to append to (global), `GET /audit/verify`, the
 * sealer and the anchors. `ServiceModule.forRoot({ auditChain: true })` imports it; the service's
 * DataSource lists `auditChainEntities` and its migrations `auditChainMigrations`.
 */
@Module({})
export class AuditChainModule {
  static forService(options: AuditChainModuleOptions): DynamicModule {
    return {
      module: AuditChainModule,
      global: true,
      controllers: [AuditChainController],
      providers: [
        {
          provide: AuditChain,
          inject: [DataSource, options.configClass, { token: OutboxPublisher, optional: true }],
          useFactory: (
            dataSource: DataSource,
            config: { AUDIT_CHAIN_ENABLED: boolean },
            outbox: OutboxPublisher | undefined,
          ) => {
            const settings: AuditChainSettings = {
              service: options.serviceName,
              enabled: config.AUDIT_CHAIN_ENABLED,
              sealDelayMs: options.sealDelayMs ?? 50,
              sweepIntervalMs: options.sweepIntervalMs ?? 5_000,
              anchorIntervalMs: options.anchorIntervalMs ?? 300_000,
            };
            return new AuditChain(dataSource, outbox ?? null, settings);
          },
        },
        AuditChainLifecycle,
      ],
      exports: [AuditChain],
    };
  }
}
