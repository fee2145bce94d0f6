import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@edubase/contracts';
import { EventConsumer } from '@edubase/messaging';
import { SharedDataGrant } from './shared-data-grant.entity';

/** The service name governance gives identity's datasets (its catalog registers them under it). */
const SERVICE = 'identity';

/**
 * Identity serves the data; governance decides who may read it. Approved requests for identity's datasets
 * become grants here, and an expiry ends them, so the serving side checks the scope without asking
 * governance on every read.
 */
@Injectable()
export class SharingGrantsProjection implements OnModuleInit {
  constructor(private readonly consumer: EventConsumer) {}

  onModuleInit(): void {
    this.consumer
      .on('governance.sharing.approved.v1', (envelope, manager) => this.approved(envelope, manager))
      .on('governance.sharing.expired.v1', (envelope, manager) => this.expired(envelope, manager));
  }

  async approved(
    envelope: EventEnvelope<'governance.sharing.approved.v1'>,
    manager: EntityManager,
  ): Promise<void> {
    const share = envelope.data;
    if (share.service !== SERVICE || !share.datasetName) return;
    // an expiry already applied (a replayed topic) is not undone by the older approval
    const known = await manager.findOneBy(SharedDataGrant, { scope: share.scope });
    if (known?.status === 'expired') return;
    await manager.upsert(
      SharedDataGrant,
      {
        scope: share.scope,
        requestId: share.requestId,
        clientId: share.clientId,
        dataset: share.datasetName,
        fields: share.fields,
        startsOn: share.startsOn,
        endsOn: share.endsOn,
        status: 'approved',
      },
      ['scope'],
    );
  }

  async expired(
    envelope: EventEnvelope<'governance.sharing.expired.v1'>,
    manager: EntityManager,
  ): Promise<void> {
    await manager.update(SharedDataGrant, { scope: envelope.data.scope }, { status: 'expired' });
  }
}
