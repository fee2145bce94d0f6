import { RadiusAttribute, Attr, attribute, vlanAttributes } from '../radius';
import type { HeldRole } from '../people/network-roles';

/** Parses VLAN_BY_ROLE (`role:vlan,...`) into an ordered list: the first role a person holds decides. */
export function parseVlanByRole(setting: string): Array<{ role: string; vlan: number }> {
  return setting.split(',').map((pair) => {
    const [role, vlan] = pair.split(':');
    return { role: role!, vlan: Number(vlan) };
  });
}

export function vlanForRoles(
  roles: readonly HeldRole[],
  vlanByRole: ReadonlyArray<{ role: string; vlan: number }>,
): number | undefined {
  const held = new Set(roles.map((role) => role.role));
  return vlanByRole.find((entry) => held.has(entry.role))?.vlan;
}

/**
 * Session-Timeout: the configured ceiling, shortened so a grant with an end date (contractor-ops) does not
 * outlive it — the session ends at the close of the last day (China Standard Time).
 */
export function sessionTimeoutFor(roles: readonly HeldRole[], ceilingSeconds: number, now: Date): number {
  const openEnded = roles.some((role) => role.endsAt === null);
  if (openEnded || roles.length === 0) return ceilingSeconds;
  const lastDay = roles
    .map((role) => role.endsAt!)
    .sort()
    .at(-1)!;
  const endOfDay = Date.parse(`${lastDay}T23:59:59+08:00`);
  const remaining = Math.floor((endOfDay - now.getTime()) / 1000);
  return Math.max(60, Math.min(ceilingSeconds, remaining));
}

/**
 * Built once per (VLAN, Session-Timeout) and shared by every Access-Accept that carries them: nearly all
 * accepts use a handful of combinations, and building them per request was a measurable share of its cost.
 * Time-limited grants shorten the timeout to the second, so the memo is dropped whenever it grows large.
 */
const acceptMemo = new Map<number | undefined, Map<number, readonly RadiusAttribute[]>>();
let acceptMemoSize = 0;
const ACCEPT_MEMO_LIMIT = 4096;

/** Session-Timeout and, with a VLAN, its tunnel attributes; the list is shared and must not be changed. */
export function acceptAttributes(
  vlan: number | undefined,
  sessionTimeout: number,
): readonly RadiusAttribute[] {
  let byTimeout = acceptMemo.get(vlan);
  const known = byTimeout?.get(sessionTimeout);
  if (known) return known;
  if (acceptMemoSize >= ACCEPT_MEMO_LIMIT) {
    acceptMemo.clear();
    acceptMemoSize = 0;
    byTimeout = undefined;
  }
  if (!byTimeout) {
    byTimeout = new Map();
    acceptMemo.set(vlan, byTimeout);
  }
  const attributes = Object.freeze([
    attribute.integer(Attr.SessionTimeout, sessionTimeout),
    ...(vlan === undefined ? [] : vlanAttributes(vlan)),
  ]);
  byTimeout.set(sessionTimeout, attributes);
  acceptMemoSize += 1;
  return attributes;
}
