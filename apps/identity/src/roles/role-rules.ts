import type { RoleName } from '@edubase/contracts';
import type { RoleScope } from './role-grant.entity';

/** Where each role may be held: school roles for one school, district roles for the whole district. */
export const roleScopes: Record<RoleName, readonly RoleScope[]> = {
  teacher: ['school'],
  'school-admin': ['school'],
  'network-admin': ['school'],
  'security-officer': ['school', 'district'],
  researcher: ['district'],
  leader: ['school', 'district'],
  'district-admin': ['district'],
  'contractor-ops': ['school', 'district'],
};

/** Roles that end by themselves: a contractor's access lasts only as long as the contract. */
export const rolesNeedingEndDate: readonly RoleName[] = ['contractor-ops'];

/** Whether a grant still holds on a given local day (end date inclusive). */
export function grantHolds(grant: { revokedAt: Date | null; endsAt: string | null }, today: string): boolean {
  return grant.revokedAt === null && (grant.endsAt === null || grant.endsAt >= today);
}
