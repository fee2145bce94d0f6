import { roleNames, type RoleName } from '@edubase/contracts';

/**
 * Roles whose holders may join the metro network: every staff role today (students have none, and staff
 * without a role may not); a role kept off the network later is one taken out of this list.
 */
export const NETWORK_ROLES: readonly RoleName[] = roleNames;

export interface HeldRole {
  role: string;
  /** ISO date the grant ends on (inclusive), or null for open-ended. */
  endsAt: string | null;
}

/** Grants in force on `today` (YYYY-MM-DD, Shanghai date) that open the network. */
export function networkRolesInForce(roles: readonly HeldRole[], today: string): HeldRole[] {
  return roles.filter(
    (held) =>
      (NETWORK_ROLES as readonly string[]).includes(held.role) &&
      (held.endsAt === null || held.endsAt >= today),
  );
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
/** The last day computed, as [from, to) in epoch ms: every request of a day asks for the same date. */
let lastDay = { from: 0, to: 0, date: '' };

/** Today's date in China Standard Time (UTC+8, no DST): role end dates are local dates. */
export function shanghaiDate(now: Date): string {
  const time = now.getTime();
  if (time >= lastDay.from && time < lastDay.to) return lastDay.date;
  const local = time + SHANGHAI_OFFSET_MS;
  const from = local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - SHANGHAI_OFFSET_MS;
  lastDay = { from, to: from + DAY_MS, date: new Date(local).toISOString().slice(0, 10) };
  return lastDay.date;
}
