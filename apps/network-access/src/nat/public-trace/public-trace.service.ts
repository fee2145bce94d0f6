import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditChain } from '@edubase/audit';
import { AuthenticatedUser, schoolsVisibleTo } from '@edubase/auth';
import { NetworkAccessConfig } from '../../network-access.config';
import { recordTraceLookup } from '../../trace/audit/trace-lookup-recorder';
import { answerFor, SELECT, SessionRow } from '../../trace/trace.service';
import { intToIpv4, ipv4ToInt } from '../parsing/nat-record';
import type { NatTranslationEvidence, PublicTrace } from './public-trace.dto';

interface TranslationRow {
  logged_at: Date;
  ended_at: Date | null;
  inside_ip: number;
  inside_port: number;
  protocol: number;
  device: string;
  vendor: string;
  line: string;
}

interface BlockRow {
  logged_at: Date;
  event: 'allocate' | 'release';
  inside_ip: number;
  port_start: number;
  port_end: number;
  device: string;
  vendor: string;
  line: string;
}

/**
 * 可管可溯 for a public address: the NAT log says which inside address was behind public ip:port at that
 * moment, the RADIUS sessions say who had that inside address. A per-session translation is preferred to
 * a port block (it names the port itself). Audited like the other lookups; a school-scoped caller sees the
 * NAT hop only when it leads to a session of their school, so no other school's inside address leaks.
 */
@Injectable()
export class PublicTraceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: NetworkAccessConfig,
    @Inject(AuditChain) private readonly chain: AuditChain,
  ) {}

  async byPublic(
    user: AuthenticatedUser,
    ip: string,
    port: number,
    at: Date,
    caseReason: string,
  ): Promise<PublicTrace> {
    let translation = await this.translation(ipv4ToInt(ip)!, port, at);
    let sessions: SessionRow[] = [];
    const schools = schoolsVisibleTo(user);
    if (translation) {
      const school =
        schools === undefined
          ? { sql: '', params: [] as string[] }
          : schools.length === 0
            ? { sql: 'AND FALSE', params: [] }
            : { sql: `AND s.school_code IN (${schools.map(() => '?').join(', ')})`, params: schools };
      sessions = await this.dataSource.query(
        `${SELECT}
          WHERE s.framed_ip = ? AND s.started_at <= ? AND (s.stopped_at IS NULL OR s.stopped_at >= ?) ${school.sql}
          ORDER BY s.started_at DESC LIMIT 50`,
        [translation.insideIp, at, at, ...school.params],
      );
      if (schools !== undefined && sessions.length === 0) translation = null;
    }
    const query = { ip, port, at: at.toISOString() };
    const sessionIds = sessions.map((row) => String(row.id));
    await this.dataSource.transaction((manager) =>
      recordTraceLookup(manager, this.chain, { user, kind: 'by-public', query, caseReason, sessionIds }),
    );
    return {
      query,
      translation,
      sessions: sessions.map((row) => answerFor(user, row)),
    };
  }

  private async translation(
    publicIp: number,
    port: number,
    at: Date,
  ): Promise<NatTranslationEvidence | null> {
    const sessionFrom = new Date(at.getTime() - this.config.NAT_SESSION_LOOKBACK_HOURS * 3_600_000);
    const rows: TranslationRow[] = await this.dataSource.query(
      `SELECT logged_at, ended_at, inside_ip, inside_port, protocol, device, vendor, line FROM nat_session_log
        WHERE public_ip = ? AND public_port = ? AND logged_at >= ? AND logged_at <= ?
        ORDER BY logged_at DESC LIMIT 4`,
      [publicIp, port, sessionFrom, at],
    );
    // A translation's creation and teardown logs share its start; if the newest one ended before the moment
    // asked about, the port was free then, and an older translation cannot be the answer either.
    const newest = rows[0];
    if (newest) {
      const same = rows.filter((row) => row.logged_at.getTime() === newest.logged_at.getTime());
      const ended = same.find((row) => row.ended_at !== null);
      if (ended && ended.ended_at! < at) return null;
      const best = ended ?? newest;
      return {
        kind: 'session',
        insideIp: intToIpv4(best.inside_ip),
        insidePort: best.inside_port,
        publicIp: intToIpv4(publicIp),
        publicPort: port,
        portStart: null,
        portEnd: null,
        loggedAt: best.logged_at.toISOString(),
        endedAt: best.ended_at?.toISOString() ?? null,
        device: best.device,
        vendor: best.vendor,
        line: best.line,
      };
    }
    const blockFrom = new Date(at.getTime() - this.config.NAT_BLOCK_LOOKBACK_DAYS * 86_400_000);
    // The index holds the port range, so the newest events covering the port are found without reading
    // rows; a block freed and given to another address in the same second counts as given.
    const events: BlockRow[] = await this.dataSource.query(
      `SELECT logged_at, event, inside_ip, port_start, port_end, device, vendor, line FROM nat_port_block_log
        WHERE public_ip = ? AND logged_at >= ? AND logged_at <= ? AND port_start <= ? AND port_end >= ?
        ORDER BY logged_at DESC LIMIT 4`,
      [publicIp, blockFrom, at, port, port],
    );
    const latest = events.filter((row) => row.logged_at.getTime() === events[0]?.logged_at.getTime());
    const block = latest.find((row) => row.event === 'allocate') ?? latest[0];
    if (!block || block.event === 'release') return null;
    return {
      kind: 'port-block',
      insideIp: intToIpv4(block.inside_ip),
      insidePort: null,
      publicIp: intToIpv4(publicIp),
      publicPort: port,
      portStart: block.port_start,
      portEnd: block.port_end,
      loggedAt: block.logged_at.toISOString(),
      endedAt: null,
      device: block.device,
      vendor: block.vendor,
      line: block.line,
    };
  }
}
