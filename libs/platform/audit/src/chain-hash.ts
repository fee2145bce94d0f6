import { createHash } from 'node:crypto';

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level and no whitespace: one text for one value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, inner]) => inner !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
}

/** What an entry's hash covers: everything stored about it, its position and its predecessor's hash. */
export interface HashedEntry {
  seq: string;
  prevHash: string;
  occurredAt: Date;
  actorId: string;
  actorKind: string;
  actorName: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  schoolCode: string | null;
  detail: string | null;
}

/** SHA-256 over the entry's canonical form, hex. */
export function entryHash(entry: HashedEntry): string {
  const canonical = canonicalJson({
    seq: entry.seq,
    prevHash: entry.prevHash,
    occurredAt: entry.occurredAt.toISOString(),
    actor: { id: entry.actorId, kind: entry.actorKind, name: entry.actorName },
    action: entry.action,
    subject: { type: entry.subjectType, id: entry.subjectId },
    schoolCode: entry.schoolCode,
    detail: entry.detail,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
