import { EntityManager } from 'typeorm';
import { SESSION_TABLE } from '../database/partitions';

/** A `session` row as the ledger merges it in memory; `id` is null until the row is inserted. */
export interface SessionRow {
  id: string | null;
  startedAt: Date;
  acctSessionId: string;
  nasId: string;
  nasIp: string;
  schoolCode: string;
  username: string;
  personId: string | null;
  terminalId: string | null;
  macAddress: string | null;
  nasPort: string | null;
  framedIp: string | null;
  stoppedAt: Date | null;
  lastUpdateAt: Date;
  interimInterval: number | null;
  inputOctets: number;
  outputOctets: number;
  sessionTime: number;
  terminateCause: string | null;
}

interface StoredSessionRow extends Omit<SessionRow, 'id' | 'inputOctets' | 'outputOctets'> {
  id: string | number;
  // bigint columns arrive as strings (mysql2 bigNumberStrings)
  inputOctets: string | number;
  outputOctets: string | number;
}

/** Every column but the primary key's `id`, in the order the INSERTs list them. */
const COLUMNS = [
  ['started_at', 'startedAt'],
  ['acct_session_id', 'acctSessionId'],
  ['nas_id', 'nasId'],
  ['nas_ip', 'nasIp'],
  ['school_code', 'schoolCode'],
  ['username', 'username'],
  ['person_id', 'personId'],
  ['terminal_id', 'terminalId'],
  ['mac_address', 'macAddress'],
  ['nas_port', 'nasPort'],
  ['framed_ip', 'framedIp'],
  ['stopped_at', 'stoppedAt'],
  ['last_update_at', 'lastUpdateAt'],
  ['interim_interval', 'interimInterval'],
  ['input_octets', 'inputOctets'],
  ['output_octets', 'outputOctets'],
  ['session_time', 'sessionTime'],
  ['terminate_cause', 'terminateCause'],
] as const satisfies ReadonlyArray<readonly [string, keyof SessionRow]>;

/**
 * What an existing session's update may change: never its key, NAS, owner or start. `stopped_at` comes
 * last because the update guards every column on the row still being open, and MariaDB evaluates these
 * assignments in order, each seeing the ones before it.
 */
const MUTABLE = [
  'mac_address',
  'framed_ip',
  'last_update_at',
  'interim_interval',
  'input_octets',
  'output_octets',
  'session_time',
  'terminate_cause',
  'stopped_at',
] as const;

const SELECT_COLUMNS = `id, ${COLUMNS.map(([column, field]) => `${column} AS ${field}`).join(', ')}`;

/**
 * A copy of a session row. Field by field rather than a spread: rows come from query results, from new
 * sessions and from earlier copies, and a spread over objects of so many shapes is several times slower
 * on the per-record path.
 */
export function copySession(row: SessionRow): SessionRow {
  return {
    id: row.id,
    startedAt: row.startedAt,
    acctSessionId: row.acctSessionId,
    nasId: row.nasId,
    nasIp: row.nasIp,
    schoolCode: row.schoolCode,
    username: row.username,
    personId: row.personId,
    terminalId: row.terminalId,
    macAddress: row.macAddress,
    nasPort: row.nasPort,
    framedIp: row.framedIp,
    stoppedAt: row.stoppedAt,
    lastUpdateAt: row.lastUpdateAt,
    interimInterval: row.interimInterval,
    inputOctets: row.inputOctets,
    outputOctets: row.outputOctets,
    sessionTime: row.sessionTime,
    terminateCause: row.terminateCause,
  };
}

function rowOf(stored: StoredSessionRow): SessionRow {
  return {
    ...stored,
    id: String(stored.id),
    inputOctets: Number(stored.inputOctets),
    outputOctets: Number(stored.outputOctets),
  };
}

function valuesOf(row: SessionRow): unknown[] {
  return COLUMNS.map(([, field]) => row[field]);
}

/**
 * The session each (NAS, Acct-Session-Id) currently means: its open one if any (the latest), else its
 * latest closed one. ONE query for the whole batch; keyed `${nasId}\0${acctSessionId}`. The IN lists span
 * a superset (every NAS × every id) that the index (nas_id, acct_session_id) resolves; extra rows are
 * filtered here.
 */
export async function latestSessionsOf(
  manager: EntityManager,
  keys: ReadonlyArray<{ nasId: string; acctSessionId: string }>,
): Promise<Map<string, SessionRow>> {
  const wanted = new Set(keys.map((key) => `${key.nasId}\u0000${key.acctSessionId}`));
  const latest = new Map<string, SessionRow>();
  if (wanted.size === 0) return latest;
  // The plan is always this index. Left alone, the optimizer first dives into it once per (id, monthly
  // partition) only to estimate row counts, which took as long as the lookup (about 45% of the statement
  // for 150 ids); and past `eq_range_index_dive_limit` ids (200) it guessed from statistics and read every
  // session of the NAS (`ref` on nas_id alone). Forcing the index and skipping the dives halves the
  // statement, hit or miss.
  const stored: StoredSessionRow[] = await manager.query(
    `SET STATEMENT eq_range_index_dive_limit = 1 FOR
     SELECT ${SELECT_COLUMNS} FROM \`${SESSION_TABLE}\` FORCE INDEX (idx_session_nas_acct)
      WHERE nas_id IN (?) AND acct_session_id IN (?)`,
    [[...new Set(keys.map((key) => key.nasId))], [...new Set(keys.map((key) => key.acctSessionId))]],
  );
  for (const candidate of stored) {
    const key = `${candidate.nasId}\u0000${candidate.acctSessionId}`;
    // The column compares case-insensitively; Acct-Session-Id is an exact octet string.
    if (!wanted.has(key)) continue;
    const known = latest.get(key);
    if (!known || precedes(known, candidate)) latest.set(key, rowOf(candidate));
  }
  return latest;
}

/** Whether `candidate` is the better answer than `known`: open beats closed, then the later start. */
function precedes(known: SessionRow, candidate: StoredSessionRow): boolean {
  const knownOpen = known.stoppedAt === null;
  const candidateOpen = candidate.stoppedAt === null;
  if (knownOpen !== candidateOpen) return candidateOpen;
  return candidate.startedAt.getTime() > known.startedAt.getTime();
}

/**
 * Which of these sessions (rows this instance wrote) are still open, their rows locked until the transaction
 * ends: by primary key (id, started_at), the IN list of starts pruning the monthly partitions.
 */
export async function lockOpenSessions(
  manager: EntityManager,
  rows: readonly SessionRow[],
): Promise<Set<string>> {
  const open = new Set<string>();
  if (rows.length === 0) return open;
  const stored: Array<{ id: string | number }> = await manager.query(
    `SELECT id FROM \`${SESSION_TABLE}\`
      WHERE id IN (?) AND started_at IN (?) AND stopped_at IS NULL FOR UPDATE`,
    [
      rows.map((row) => row.id),
      [...new Set(rows.map((row) => row.startedAt.getTime()))].map((ms) => new Date(ms)),
    ],
  );
  for (const row of stored) open.add(String(row.id));
  return open;
}

export async function openSessionsOfNas(manager: EntityManager, nasId: string): Promise<SessionRow[]> {
  const stored: StoredSessionRow[] = await manager.query(
    `SELECT ${SELECT_COLUMNS} FROM \`${SESSION_TABLE}\` WHERE nas_id = ? AND stopped_at IS NULL`,
    [nasId],
  );
  return stored.map(rowOf);
}

/** Open sessions with no accounting for twice their interim interval (or the default one). */
export async function staleSessions(
  manager: EntityManager,
  now: Date,
  defaultIntervalSeconds: number,
  limit: number,
): Promise<SessionRow[]> {
  const stored: StoredSessionRow[] = await manager.query(
    `SELECT ${SELECT_COLUMNS} FROM \`${SESSION_TABLE}\`
      WHERE stopped_at IS NULL
        AND last_update_at < DATE_SUB(?, INTERVAL 2 * COALESCE(interim_interval, ?) SECOND)
      LIMIT ?`,
    [now, defaultIntervalSeconds, limit],
  );
  return stored.map(rowOf);
}

/** One multi-row INSERT … RETURNING: each row gets its generated id, in the order given. */
export async function insertNewSessions(manager: EntityManager, rows: readonly SessionRow[]): Promise<void> {
  const returned: Array<{ id: string | number; acct_session_id: string }> = await manager.query(
    `INSERT INTO \`${SESSION_TABLE}\` (${COLUMNS.map(([column]) => column).join(', ')}) VALUES ?
     RETURNING id, acct_session_id`,
    [rows.map(valuesOf)],
  );
  // MariaDB returns the rows in VALUES order; anything else would misattribute ids, so refuse (rolls back).
  if (
    returned.length !== rows.length ||
    returned.some((inserted, index) => inserted.acct_session_id !== rows[index]!.acctSessionId)
  ) {
    throw new Error(`session insert returned ${returned.length} rows for ${rows.length}, out of order`);
  }
  returned.forEach((inserted, index) => (rows[index]!.id = String(inserted.id)));
}

/**
 * Writes the merged state of existing sessions: one multi-row INSERT by primary key (id, started_at) that
 * always hits the duplicate-key path, so each row is updated in place within its partition. A row already
 * closed in the database keeps its values: a stale in-memory copy (another instance closed the session)
 * can neither reopen nor rewrite it.
 */
export async function updateSessions(manager: EntityManager, rows: readonly SessionRow[]): Promise<void> {
  await manager.query(
    `INSERT INTO \`${SESSION_TABLE}\` (id, ${COLUMNS.map(([column]) => column).join(', ')}) VALUES ?
     ON DUPLICATE KEY UPDATE ${MUTABLE.map(
       (column) => `${column} = IF(stopped_at IS NULL, VALUES(${column}), ${column})`,
     ).join(', ')}`,
    [rows.map((row) => [row.id, ...valuesOf(row)])],
  );
}

/** Terminals by device account (lower-cased) and by MAC, for sessions no person owns: ONE query. */
export async function terminalsFor(
  manager: EntityManager,
  accountNames: readonly string[],
  macAddresses: readonly string[],
): Promise<{ byAccount: Map<string, string>; byMac: Map<string, string> }> {
  const byAccount = new Map<string, string>();
  const byMac = new Map<string, string>();
  const rows: Array<{ id: string; account_name: string | null; mac_address: string }> = await manager.query(
    `SELECT id, account_name, mac_address FROM terminal
      WHERE account_name IN (?)${macAddresses.length > 0 ? ' OR mac_address IN (?)' : ''}`,
    macAddresses.length > 0
      ? [[...new Set(accountNames)], [...new Set(macAddresses)]]
      : [[...new Set(accountNames)]],
  );
  for (const row of rows) {
    if (row.account_name !== null) byAccount.set(row.account_name.toLowerCase(), row.id);
    byMac.set(row.mac_address, row.id);
  }
  return { byAccount, byMac };
}
