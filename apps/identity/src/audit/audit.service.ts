import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ChangeActor } from '../shared/actor';
import type { Page } from '../shared/paging';
import { AuditEntry } from './audit-entry.entity';
import type { AuditQuery } from './audit.dto';

export interface AuditRecord {
  actor: ChangeActor;
  action: string;
  entityType: string;
  entityId: string;
  schoolCode: string | null;
  before: object | null;
  after: object | null;
}

/** JSON-safe copy: Dates become ISO strings so before/after read the same as the API. */
function snapshot(value: object | null): Record<string, unknown> | null {
  return value === null ? null : (JSON.parse(JSON.stringify(value)) as Record<string, unknown>);
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Writes the audit row in the caller's transaction, so a change and its audit commit together. */
  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    const entry = manager.create(AuditEntry, {
      occurredAt: new Date(),
      actorId: record.actor.id,
      actorKind: record.actor.kind,
      actorName: record.actor.name,
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      schoolCode: record.schoolCode,
      before: snapshot(record.before),
      after: snapshot(record.after),
    });
    await manager.save(entry);
  }

  async search(query: AuditQuery): Promise<Page<AuditEntry>> {
    const builder = this.dataSource.getRepository(AuditEntry).createQueryBuilder('entry');
    if (query.entityType)
      builder.andWhere('entry.entityType = :entityType', { entityType: query.entityType });
    if (query.entityId) builder.andWhere('entry.entityId = :entityId', { entityId: query.entityId });
    if (query.schoolCode)
      builder.andWhere('entry.schoolCode = :schoolCode', { schoolCode: query.schoolCode });
    if (query.action) builder.andWhere('entry.action = :action', { action: query.action });
    if (query.actorId) builder.andWhere('entry.actorId = :actorId', { actorId: query.actorId });
    if (query.from) builder.andWhere('entry.occurredAt >= :from', { from: new Date(query.from) });
    if (query.to) builder.andWhere('entry.occurredAt < :to', { to: new Date(query.to) });
    const [items, total] = await builder
      .orderBy('entry.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items, total, page: query.page, pageSize: query.pageSize };
  }
}
