import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditChain } from '@edubase/audit';
import { AuthenticatedUser, schoolsVisibleTo } from '@edubase/auth';
import { protectedSession, recordTraceLookup } from './audit/trace-lookup-recorder';
import type { TraceAnswer, TracedSession } from './trace.dto';

const MAX_RESULTS = 500;
const DEFAULT_RANGE_MS = 30 * 86_400_000;

export interface SessionRow {
  id: string;
  username: string;
  person_id: string | null;
  person_name: string | null;
  person_minor: string | null;
  terminal_id: string | null;
  mac_address: string | null;
  school_code: string;
  nas_id: string;
  nas_ip: string;
  nas_port: string | null;
  framed_ip: string | null;
  started_at: Date;
  stopped_at: Date | null;
  last_update_at: Date;
  input_octets: string;
  output_octets: string;
  terminate_cause: string | null;
}

export type LookupKind = 'by-ip' | 'by-mac' | 'by-person' | 'by-public';

export const SELECT = `SELECT s.id, s.username, s.person_id, p.name AS person_name, p.minor AS person_minor, s.terminal_id, s.mac_address, s.school_code,
       s.nas_id, s.nas_ip, s.nas_port, s.framed_ip, s.started_at, s.stopped_at, s.last_update_at,
       s.input_octets, s.output_octets, s.terminate_cause
  FROM session s LEFT JOIN person p ON p.person_id = s.person_id`;

/**
 * 可管可溯: who had an address at a moment, and the sessions of a MAC or a person. Every lookup is written to
 * the audit log and the tamper-evident audit chain with its 案由 before any result leaves; a school network
 * admin sees only their school, and personal fields as SESSION_TRACE_DATASET grades them for the caller.
 */
@Injectable()
export class TraceService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(AuditChain) private readonly chain: AuditChain,
  ) {}

  async byIp(user: AuthenticatedUser, ip: string, at: Date, caseReason: string): Promise<TraceAnswer[]> {
    const school = this.schoolFilter(user);
    const rows: SessionRow[] = await this.dataSource.query(
      `${SELECT}
        WHERE s.framed_ip = ? AND s.started_at <= ? AND (s.stopped_at IS NULL OR s.stopped_at >= ?) ${school.sql}
        ORDER BY s.started_at DESC LIMIT ${MAX_RESULTS}`,
      [ip, at, at, ...school.params],
    );
    return this.audited(user, 'by-ip', { ip, at: at.toISOString() }, caseReason, rows);
  }

  async byMac(
    user: AuthenticatedUser,
    mac: string,
    range: { from?: string; to?: string },
    caseReason: string,
  ) {
    const { from, to } = this.range(range);
    const school = this.schoolFilter(user);
    const rows: SessionRow[] = await this.dataSource.query(
      `${SELECT} WHERE s.mac_address = ? AND s.started_at >= ? AND s.started_at < ? ${school.sql}
        ORDER BY s.started_at DESC LIMIT ${MAX_RESULTS}`,
      [mac, from, to, ...school.params],
    );
    return this.audited(
      user,
      'by-mac',
      { mac, from: from.toISOString(), to: to.toISOString() },
      caseReason,
      rows,
    );
  }

  async byPerson(
    user: AuthenticatedUser,
    personId: string,
    range: { from?: string; to?: string },
    caseReason: string,
  ) {
    const { from, to } = this.range(range);
    const school = this.schoolFilter(user);
    const rows: SessionRow[] = await this.dataSource.query(
      `${SELECT} WHERE s.person_id = ? AND s.started_at >= ? AND s.started_at < ? ${school.sql}
        ORDER BY s.started_at DESC LIMIT ${MAX_RESULTS}`,
      [personId, from, to, ...school.params],
    );
    return this.audited(
      user,
      'by-person',
      { personId, from: from.toISOString(), to: to.toISOString() },
      caseReason,
      rows,
    );
  }

  private schoolFilter(user: AuthenticatedUser): { sql: string; params: string[] } {
    const schoolCodes = schoolsVisibleTo(user);
    if (schoolCodes === undefined) return { sql: '', params: [] };
    if (schoolCodes.length === 0) return { sql: 'AND FALSE', params: [] };
    return { sql: `AND s.school_code IN (${schoolCodes.map(() => '?').join(', ')})`, params: schoolCodes };
  }

  private range(range: { from?: string; to?: string }): { from: Date; to: Date } {
    const to = range.to ? new Date(range.to) : new Date();
    const from = range.from ? new Date(range.from) : new Date(to.getTime() - DEFAULT_RANGE_MS);
    if (from >= to) throw new BadRequestException('from must be before to');
    return { from, to };
  }

  private async audited(
    user: AuthenticatedUser,
    kind: LookupKind,
    query: Record<string, string>,
    caseReason: string,
    rows: SessionRow[],
  ): Promise<TraceAnswer[]> {
    const sessionIds = rows.map((row) => String(row.id));
    await this.dataSource.transaction((manager) =>
      recordTraceLookup(manager, this.chain, { user, kind, query, caseReason, sessionIds }),
    );
    return rows.map((row) => answerFor(user, row));
  }
}

/** A session row as this caller may read it: graded by the minor rule when the person is a minor. */
export function answerFor(user: AuthenticatedUser, row: SessionRow): TraceAnswer {
  return protectedSession(user, tracedSession(row), row.person_minor !== null);
}

/** A session row as the trace answers it (before masking for the caller). */
export function tracedSession(row: SessionRow): TracedSession {
  return {
    sessionId: String(row.id),
    username: row.username,
    personId: row.person_id,
    personName: row.person_name,
    terminalId: row.terminal_id,
    macAddress: row.mac_address,
    schoolCode: row.school_code,
    nasId: row.nas_id,
    nasIp: row.nas_ip,
    nasPort: row.nas_port,
    framedIp: row.framed_ip,
    startedAt: row.started_at.toISOString(),
    stoppedAt: row.stopped_at?.toISOString() ?? null,
    lastUpdateAt: row.last_update_at.toISOString(),
    inputOctets: Number(row.input_octets),
    outputOctets: Number(row.output_octets),
    terminateCause: row.terminate_cause,
  };
}
