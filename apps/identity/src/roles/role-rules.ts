import type { RoleName } from '@edubase/contracts';
import type { FieldError } from '@edubase/http';
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
  auditor: ['district'],
};

/** Roles that end by themselves: a contractor's access lasts only as long as the contract. */
export const rolesNeedingEndDate: readonly RoleName[] = ['contractor-ops'];

/** Whether a grant still holds on a given local day (end date inclusive). */
export function grantHolds(grant: { revokedAt: Date | null; endsAt: string | null }, today: string): boolean {
  return grant.revokedAt === null && (grant.endsAt === null || grant.endsAt >= today);
}

/** A role to grant (`GrantRoleDto`, a roster row's 角色). A school role without a school is the person's. */
export interface RoleGrantDraft {
  role: RoleName;
  scope: RoleScope;
  schoolCode?: string | null;
  endsAt?: string | null;
}

/** The rules a grant obeys whoever holds it: the role's scopes, end dates. */
export function grantDraftProblems(draft: RoleGrantDraft, today: string): FieldError[] {
  const problems: FieldError[] = [];
  if (!roleScopes[draft.role].includes(draft.scope))
    problems.push({
      field: 'scope',
      reason: `${draft.role} is held for ${roleScopes[draft.role].join(' or ')}, not ${draft.scope}`,
    });
  if (draft.scope === 'district' && draft.schoolCode)
    problems.push({ field: 'schoolCode', reason: 'a district role has no school' });
  if (rolesNeedingEndDate.includes(draft.role) && !draft.endsAt)
    problems.push({ field: 'endsAt', reason: `${draft.role} needs an end date (the contract's last day)` });
  if (draft.endsAt && draft.endsAt < today)
    problems.push({ field: 'endsAt', reason: 'the end date is in the past' });
  return problems;
}
