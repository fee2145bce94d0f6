import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';
import { AuditChain } from '@edubase/audit';
import { systemActor } from '@edubase/auth';
import type { EventEnvelope } from '@edubase/contracts';
import { EventConsumer, OutboxPublisher } from '@edubase/messaging';
import { Clock } from '../common/clock';
import { GovernanceConfig } from '../governance.config';
import { InformationSystem } from '../information-systems/information-system.entity';
import { CatalogWriter } from './catalog-writer';
import { DataField, Dataset } from './catalog.entities';

/** The Chinese names of EduBase's services, as their systems appear in the register. */
const SERVICE_TITLES: Readonly<Record<string, string>> = {
  identity: '区域教育数字基座 · 统一身份认证',
  'network-access': '区域教育数字基座 · 上网认证',
  governance: '区域教育数字基座 · 数据治理',
};

/**
 * Each EduBase service describes its tables at start-up (`catalog.service.described.v1`, ServiceModule's
 * DataCatalogAnnouncer); here the service becomes a district system of the register (once, ungraded until
 * the security officer grades it) and its tables datasets whose new columns are added as fields to classify;
 * the classifications the service declares in code (@edubase/masking) are applied to the fields no person
 * has classified (`classifiedBy: service:<name>`), so its minors' PI is in the catalog and the minors audit.
 */
@Injectable()
export class ServiceCatalogProjection implements OnModuleInit {
  private readonly actor = systemActor('governance.service-catalog');

  constructor(
    private readonly consumer: EventConsumer,
    private readonly writer: CatalogWriter,
    private readonly outbox: OutboxPublisher,
    private readonly clock: Clock,
    private readonly config: GovernanceConfig,
    private readonly chain: AuditChain,
  ) {}

  onModuleInit(): void {
    this.consumer.on('catalog.service.described.v1', (envelope, manager) => this.apply(envelope, manager));
  }

  async apply(
    envelope: EventEnvelope<'catalog.service.described.v1'>,
    manager: EntityManager,
  ): Promise<void> {
    const system = await this.systemOf(envelope.data.service, manager);
    for (const described of envelope.data.datasets) {
      const dataset = await this.writer.register(
        manager,
        system,
        { name: described.name, fields: described.fields },
        'service',
        this.actor,
      );
      const declared = new Map(described.fields.map((field) => [field.name, field.declared]));
      await this.writer.applyDeclared(
        manager,
        dataset,
        declared,
        envelope.data.service,
        this.clock.now(),
        this.actor,
      );
    }
    await this.pruneDropped(envelope, system, manager);
  }

  /**
   * Fields the description no longer lists (a dropped column; every field of a dropped table) are marked
   * removed, never silently kept. A service's descriptions share its aggregate key, so they arrive in order.
   */
  private async pruneDropped(
    envelope: EventEnvelope<'catalog.service.described.v1'>,
    system: InformationSystem,
    manager: EntityManager,
  ): Promise<void> {
    const describedAt = new Date(envelope.occurredAt);
    const described = new Map(
      envelope.data.datasets.map((dataset) => [dataset.name, new Set(dataset.fields.map((f) => f.name))]),
    );
    const datasets = await manager.findBy(Dataset, { systemId: system.id, origin: 'service' });
    for (const dataset of datasets) {
      const live = await manager.findBy(DataField, { datasetId: dataset.id, removedAt: IsNull() });
      const names = described.get(dataset.name);
      const dropped = live.filter((field) => !names?.has(field.name)).map((field) => field.name);
      await this.writer.markRemoved(manager, dataset, dropped, describedAt, this.actor);
    }
  }

  private async systemOf(service: string, manager: EntityManager): Promise<InformationSystem> {
    const existing = await manager.findOneBy(InformationSystem, { sourceService: service });
    if (existing) return existing;
    const row = manager.create(InformationSystem, {
      id: randomUUID(),
      schoolCode: null,
      name: SERVICE_TITLES[service] ?? `区域教育数字基座 · ${service}`,
      ownerUnit: this.config.GOVERNANCE_PLATFORM_OWNER,
      contractor: null,
      protectionLevel: null,
      filingNumber: null,
      filingDate: null,
      registeredOn: this.clock.today(),
      lastAssessedOn: null,
      assessmentBody: null,
      assessmentResult: null,
      nextAssessmentDue: null,
      sourceService: service,
    });
    await manager.insert(InformationSystem, row);
    await this.outbox.publish(
      manager,
      'governance.system.registered.v1',
      { systemId: row.id, schoolCode: null, name: row.name, protectionLevel: null, nextAssessmentDue: null },
      { aggregateKey: `system:${row.id}`, actor: this.actor },
    );
    await this.chain.append(manager, [
      {
        actor: this.actor,
        action: 'system.register',
        subjectType: 'information-system',
        subjectId: row.id,
        schoolCode: null,
        detail: { name: row.name, ownerUnit: row.ownerUnit, sourceService: service },
      },
    ]);
    return manager.findOneByOrFail(InformationSystem, { id: row.id });
  }
}
