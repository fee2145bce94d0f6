/**
 * Response shapes of network access's API (上网认证: NAS, 终端, 在线会话, 强制下线, 溯源查询), shared by
 * the service, which builds its answers typed by them, and the staff console, so the two cannot drift apart.
 * Types only (no decorators, no server code): the console's bundle imports nothing at runtime.
 */
import type { TerminalType } from '../vocabulary';
import type { FieldProtection, ProtectedRecord } from './common';

/** A NAS as the API shows it: everything but the shared secret. */
export interface NasView {
  id: string;
  schoolCode: string;
  name: string;
  ip: string;
  vendor: string;
  model: string | null;
  location: string | null;
  requireMessageAuthenticator: boolean;
  coaPort: number;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface TerminalView {
  id: string;
  macAddress: string;
  schoolCode: string;
  type: TerminalType;
  name: string | null;
  ownerPersonId: string | null;
  operatingSystem: string | null;
  isDomestic: boolean;
  accountName: string | null;
  hasChapSecret: boolean;
  vlan: number | null;
  enabled: boolean;
}

export interface OnlineSessionView {
  id: string;
  schoolCode: string;
  username: string;
  personId: string | null;
  macAddress: string | null;
  framedIp: string | null;
  nasId: string;
  nasIp: string;
  nasName: string | null;
  startedAt: string;
  lastUpdateAt: string;
}

/** 强制下线: one CoA Disconnect-Request and what the NAS answered. */
export interface DisconnectAttemptView {
  id: string;
  sessionId: string;
  acctSessionId: string;
  personId: string | null;
  nasId: string;
  schoolCode: string | null;
  reason: string;
  requestedAt: string;
  result: string;
  errorCause: number | null;
  answeredAt: string | null;
}

// ── 溯源查询: /trace/* ───────────────────────────────────────────────────────────────────────────────

export interface TracedSession {
  sessionId: string;
  username: string;
  personId: string | null;
  personName: string | null;
  terminalId: string | null;
  macAddress: string | null;
  schoolCode: string;
  nasId: string;
  nasIp: string;
  nasPort: string | null;
  framedIp: string | null;
  startedAt: string;
  stoppedAt: string | null;
  lastUpdateAt: string;
  inputOctets: number;
  outputOctets: number;
  terminateCause: string | null;
}

/** The personal fields of a traced session, graded in the service's SESSION_TRACE_DATASET. */
export type TracedSessionPersonalField = 'username' | 'personName' | 'macAddress' | 'framedIp';

/** A traced session as the caller may see it: personal fields masked or left out by their grade. */
export type TraceAnswer = ProtectedRecord<TracedSession, TracedSessionPersonalField> & {
  /** The fields the caller did not get in full, and how (masked or removed). */
  protectedFields: Partial<Record<TracedSessionPersonalField, FieldProtection>>;
};

/** The NAT hop: the firewall's log line that put the inside address behind the public ip:port. */
export interface NatTranslationEvidence {
  /** A per-session translation, or a port block allocated to the inside address. */
  kind: 'session' | 'port-block';
  insideIp: string;
  insidePort: number | null;
  publicIp: string;
  publicPort: number | null;
  portStart: number | null;
  portEnd: number | null;
  loggedAt: string;
  endedAt: string | null;
  device: string;
  vendor: string;
  /** The log line as the firewall sent it. */
  line: string;
}

/** public ip:port at a time → NAT log line → inside address → RADIUS session(s) → person. */
export interface PublicTrace {
  query: { ip: string; port: number; at: string };
  translation: NatTranslationEvidence | null;
  /** The sessions that had the inside address at that moment, with their person (masked for the caller). */
  sessions: TraceAnswer[];
}

/** One audited trace lookup: who asked what, when, why, and how many results it gave (no personal data). */
export interface TraceAuditEntry {
  id: string;
  at: string;
  actor: string;
  lookupKind: string;
  /** The lookup's parameters (the address, MAC or person id asked about, and the time or range). */
  query: Record<string, unknown>;
  caseReason: string;
  resultCount: number;
  /** Schools the caller's grants were scoped to; empty for a district-wide caller. */
  schoolCodes: string[];
}
