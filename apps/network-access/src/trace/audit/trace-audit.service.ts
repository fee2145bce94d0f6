import { BadRequestException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthenticatedUser, requestedSchools } from '@edubase/auth';
import type { Page } from '@edubase/http';
import type { TraceAuditEntry, TraceAuditQuery } from './trace-audit.dto';

const DEFAULT_RANGE_MS = 30 * 86_400_000;

interface AuditRow {
  id: string;
  at: Date;
  actor_username: string;
  lookup_kind: string;
  query: string;
  case_reason: string;
  result_count: number;
  schools: string | null;
}

/** The trace audit, readable: lookups in a time range, by actor and by the school they were made for. */
@Injectable()
export class TraceAuditService {
  constructor(private readonly dataSource: DataSource) {}

  async list(user: AuthenticatedUser, query: TraceAuditQuery): Promise<Page<TraceAuditEntry>> {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_RANGE_MS);
    if (from >= to) throw new BadRequestException('from must be before to');
    const schools = requestedSchools(user, query.schoolCode);
    const page = { items: [] as TraceAuditEntry[], total: 0, page: query.page, pageSize: query.pageSize };
    if (schools !== undefined && schools.length === 0) return page;
    const where = ['a.at >= ?', 'a.at < ?'];
    const params: unknown[] = [from, to];
    if (query.actor !== undefined) {
      where.push('a.actor_username = ?');
      params.push(query.actor);
    }
    if (schools !== undefined) {
      where.push(
        `EXISTS (SELECT 1 FROM trace_audit_school s WHERE s.audit_id = a.id AND s.school_code IN (${schools.map(() => '?').join(', ')}))`,
      );
      params.push(...schools);
    }
    const [{ total }] = (await this.dataSource.query(
      `SELECT COUNT(*) AS total FROM trace_audit a WHERE ${where.join(' AND ')}`,
      params,
    )) as [{ total: string }];
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT a.id, a.at, a.actor_username, a.lookup_kind, a.query, a.case_reason, a.result_count,
              (SELECT GROUP_CONCAT(s.school_code ORDER BY s.school_code) FROM trace_audit_school s
                WHERE s.audit_id = a.id) AS schools
         FROM trace_audit a WHERE ${where.join(' AND ')}
        ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    );
    page.total = Number(total);
    page.items = rows.map((row) => ({
      id: String(row.id),
      at: row.at.toISOString(),
      actor: row.actor_username,
      lookupKind: row.lookup_kind,
      query: JSON.parse(row.query) as Record<string, unknown>,
      caseReason: row.case_reason,
      resultCount: Number(row.result_count),
      schoolCodes: row.schools ? row.schools.split(',') : [],
    }));
    return page;
  }
}
