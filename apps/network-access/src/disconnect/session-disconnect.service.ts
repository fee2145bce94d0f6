import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { DisconnectAttemptEntity } from '../database/disconnect-attempt.entity';
import { SessionEntity } from '../database/session.entity';
import { NasRegistryService } from '../nas/nas-registry.service';
import { NetworkAccessConfig } from '../network-access.config';
import { Attr, attribute } from '../radius';
import { DisconnectResult, DynamicAuthorizationClient } from './dynamic-authorization.client';

/** Ends sessions at their NAS (RFC 5176 Disconnect-Request) and records what each NAS answered. */
@Injectable()
export class SessionDisconnectService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('SessionDisconnect');
  private readonly client: DynamicAuthorizationClient;
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: NasRegistryService,
    config: NetworkAccessConfig,
  ) {
    this.client = new DynamicAuthorizationClient({
      timeoutMs: config.COA_TIMEOUT_MS,
      retries: config.COA_RETRIES,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.client.start();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.running]);
    await this.client.stop();
  }

  /** Starts disconnecting every open session of the person in the background. */
  disconnectPersonLater(personId: string, reason: string): void {
    const work = this.disconnectPerson(personId, reason).catch((error: Error) =>
      this.logger.error(`disconnecting sessions of ${personId} failed: ${error.message}`),
    );
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  async disconnectPerson(personId: string, reason: string): Promise<DisconnectAttemptEntity[]> {
    const sessions = await this.dataSource
      .getRepository(SessionEntity)
      .find({ where: { personId, stoppedAt: IsNull() } });
    return Promise.all(sessions.map((session) => this.disconnectSession(session, reason)));
  }

  /** One session, on request (强制下线 from the console): answers what its NAS said. */
  disconnectOne(session: SessionEntity, reason: string): Promise<DisconnectAttemptEntity> {
    return this.disconnectSession(session, reason);
  }

  private async disconnectSession(session: SessionEntity, reason: string): Promise<DisconnectAttemptEntity> {
    const requestedAt = new Date();
    const nas = this.registry.lookupById(session.nasId);
    let outcome: DisconnectResult = { result: 'timeout' };
    if (nas) {
      outcome = await this.client.disconnect({ ip: nas.ip, port: nas.coaPort, secret: nas.secret }, [
        attribute.text(Attr.UserName, session.username),
        attribute.text(Attr.AcctSessionId, session.acctSessionId),
        ...(session.framedIp ? [attribute.address(Attr.FramedIpAddress, session.framedIp)] : []),
        ...(session.macAddress ? [attribute.text(Attr.CallingStationId, session.macAddress)] : []),
      ]);
    }
    const attempt = this.dataSource.getRepository(DisconnectAttemptEntity).create({
      sessionId: String(session.id),
      acctSessionId: session.acctSessionId,
      personId: session.personId,
      nasId: session.nasId,
      schoolCode: session.schoolCode,
      reason,
      requestedAt,
      result: nas ? outcome.result : 'unknown-nas',
      errorCause: outcome.result === 'nak' ? outcome.errorCause : null,
      answeredAt: outcome.result === 'timeout' ? null : new Date(),
    });
    await this.dataSource.getRepository(DisconnectAttemptEntity).insert(attempt);
    this.logger.log(
      `Disconnect-Request for session ${session.acctSessionId} at NAS ${session.nasIp}: ${attempt.result}`,
    );
    return attempt;
  }

  listAttempts(personId: string): Promise<DisconnectAttemptEntity[]> {
    return this.dataSource
      .getRepository(DisconnectAttemptEntity)
      .find({ where: { personId }, order: { requestedAt: 'ASC' } });
  }
}
