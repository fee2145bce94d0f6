import type { RoleName } from '@edubase/contracts';

/** Roles whose holders may join the metro network; students and unlisted staff may not. */
export const NETWORK_ROLES: readonly RoleName[] = [
  'teacher',
  'school-admin',
  'network-admin',
  'security-officer',
  'researcher',
  'leader',
  'district-admin',
  'contractor-ops',
];

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

/** Today's date in China Standard Time (UTC+8, no DST): role end dates are local dates. */
export function shanghaiDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
