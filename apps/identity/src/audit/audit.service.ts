import { Inject, Injectable } from '@nestjs/common';
import { AuditChain } from '@edubase/audit';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Page } from '@edubase/http';
import { type ChangeActor } from '@edubase/auth';
import { DataSource, EntityManager } from 'typeorm';
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

/** Rows per multi-row INSERT: amortises round trips, stays far below max_allowed_packet. */
const INSERT_CHUNK = 500;

/** The JSON column's text: Dates become ISO strings, so before/after read the same as the API. */
function jsonOf(value: object | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AuditChain) private readonly chain: AuditChain,
  ) {}

  /**
   * Writes the audit row in the caller's transaction, so a change and its audit commit together, and
   * appends it to identity's tamper-evident chain in the same transaction.
   */
  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    await this.recordMany(manager, [record]);
  }

  /** Several audit rows in multi-row INSERTs (bulk writes such as a roster import), in the given order. */
  async recordMany(manager: EntityManager, records: readonly AuditRecord[]): Promise<void> {
    const occurredAt = new Date();
    await this.chain.append(
      manager,
      records.map((record) => ({
        actor: record.actor,
        action: record.action,
        subjectType: record.entityType,
        subjectId: record.entityId,
        schoolCode: record.schoolCode,
        // Through JSON, as the audit row stores them: Dates become the ISO strings the chain hashes.
        detail: JSON.parse(JSON.stringify({ before: record.before, after: record.after })) as object,
        occurredAt,
      })),
    );
    for (let start = 0; start < records.length; start += INSERT_CHUNK)
      await manager.query(
        'INSERT INTO audit_entry (occurred_at, actor_id, actor_kind, actor_name, action, entity_type, entity_id, school_code, `before`, `after`) VALUES ?',
        [
          records
            .slice(start, start + INSERT_CHUNK)
            .map((record) => [
              occurredAt,
              record.actor.id,
              record.actor.kind,
              record.actor.name,
              record.action,
              record.entityType,
              record.entityId,
              record.schoolCode,
              jsonOf(record.before),
              jsonOf(record.after),
            ]),
        ],
      );
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
