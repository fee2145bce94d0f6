import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@edubase/contracts';
import { EventConsumer } from '@edubase/messaging';
import { OrgUnit } from './org-unit.entity';

type OrgChanged = EventEnvelope<'identity.org.created.v1'> | EventEnvelope<'identity.org.updated.v1'>;

/** identity's org tree, as its events describe it, for checking a system's 责任单位 (as network access does). */
@Injectable()
export class OrgUnitsProjection implements OnModuleInit {
  constructor(private readonly consumer: EventConsumer) {}

  onModuleInit(): void {
    this.consumer
      .on('identity.org.created.v1', (envelope, manager) => this.apply(envelope, manager))
      .on('identity.org.updated.v1', (envelope, manager) => this.apply(envelope, manager));
  }

  async apply(envelope: OrgChanged, manager: EntityManager): Promise<void> {
    const org = envelope.data;
    const asOf = new Date(envelope.occurredAt);
    const known = await manager.findOneBy(OrgUnit, { orgId: org.orgId });
    if (known && known.asOf > asOf) return;
    await manager.upsert(
      OrgUnit,
      {
        orgId: org.orgId,
        kind: org.kind,
        name: org.name,
        parentId: org.parentId,
        schoolCode: org.schoolCode,
        asOf,
      },
      ['orgId'],
    );
  }
}
