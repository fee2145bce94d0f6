import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NetworkAccessConfig } from '../../network-access.config';
import { NatLineParser } from '../parsing/nat-line-parser';
import { NatLogWriter } from '../storage/nat-log-writer';
import { SyslogReceiver } from './syslog-receiver';

/** Runs the NAT syslog receiver for the lifetime of the app (NAT_SYSLOG_ENABLED). */
@Injectable()
export class NatIngestService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('NatSyslog');
  readonly writer: NatLogWriter;
  readonly receiver: SyslogReceiver | null;

  constructor(config: NetworkAccessConfig, dataSource: DataSource) {
    this.writer = new NatLogWriter(dataSource, {
      batchSize: config.NAT_BATCH_SIZE,
      maxWaitMs: config.NAT_BATCH_MAX_WAIT_MS,
    });
    this.receiver = config.NAT_SYSLOG_ENABLED
      ? new SyslogReceiver({
          host: config.NAT_SYSLOG_HOST,
          udpPort: config.NAT_SYSLOG_UDP_PORT,
          tcpPort: config.NAT_SYSLOG_TCP_PORT,
          reusePort: config.SOCKET_REUSE_PORT,
          parser: new NatLineParser({
            offsetMinutes: config.NAT_DEVICE_UTC_OFFSET_MINUTES,
            ...(config.NAT_GENERIC_SESSION_PATTERN
              ? { genericSessionPattern: config.NAT_GENERIC_SESSION_PATTERN }
              : {}),
            ...(config.NAT_GENERIC_BLOCK_PATTERN
              ? { genericBlockPattern: config.NAT_GENERIC_BLOCK_PATTERN }
              : {}),
          }),
          writer: this.writer,
          retentionDays: config.NAT_RETENTION_DAYS,
          maxUncommittedPerConnection: config.NAT_BATCH_SIZE * 2,
          onError: (error, where) =>
            this.logger.error(`${where}: ${error instanceof Error ? error.message : String(error)}`),
        })
      : null;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.receiver) return;
    const ports = await this.receiver.start();
    this.logger.log(`NAT syslog listening: ${ports.udpPort}/udp, ${ports.tcpPort}/tcp`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.receiver?.stop();
    await this.writer.close();
  }
}
