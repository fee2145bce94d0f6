import { formatGrant } from '@edubase/auth';
import { roleNameSchema, type RoleName } from '@edubase/contracts';
import type { Person } from '../people/person.entity';
import type { RoleGrant } from '../roles/role-grant.entity';
import { grantHolds } from '../roles/role-rules';
import type { KeycloakUserDraft } from './keycloak-admin.adapter';

/** Parent group of every school group in the realm: /schools/<学校标识码>. */
export const SCHOOLS_GROUP = 'schools';

/** The user attribute the realm maps to the `edubase_grants` claim: `<role>@<学校标识码>|district`. */
export const GRANTS_ATTRIBUTE = 'edubaseGrants';

/** The realm roles identity owns; Keycloak's own (default-roles-edubase, offline_access…) are left alone. */
export const managedRoles: ReadonlySet<string> = new Set(roleNameSchema.options);

const compoundSurnames = [
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '夏侯',
  '令狐',
  '宇文',
  '司徒',
  '端木',
  '呼延',
  '南宫',
];

/** Chinese names put the family name first; Keycloak wants it as lastName. */
export function splitChineseName(name: string): { lastName: string; firstName: string } {
  const trimmed = name.trim();
  if (!/^[\u4e00-\u9fff·]+$/.test(trimmed)) {
    const parts = trimmed.split(/\s+/);
    return parts.length > 1
      ? { firstName: parts.slice(0, -1).join(' '), lastName: parts.at(-1)! }
      : { firstName: trimmed, lastName: trimmed };
  }
  const surnameLength =
    compoundSurnames.some((surname) => trimmed.startsWith(surname)) && trimmed.length > 2 ? 2 : 1;
  if (trimmed.length <= surnameLength) return { lastName: trimmed, firstName: trimmed };
  return { lastName: trimmed.slice(0, surnameLength), firstName: trimmed.slice(surnameLength) };
}

export interface DesiredAccount {
  /** False for students and for staff who departed before ever getting an account. */
  shouldExist: boolean;
  draft: KeycloakUserDraft;
  roles: RoleName[];
  groupPath: string | null;
}

/**
 * What Keycloak should hold for a person: identity is the master, so provisioning and reconciliation both
 * compute this and make Keycloak match it.
 */
export function desiredAccount(
  person: Person,
  grants: RoleGrant[],
  policy: { disableDormant: boolean },
  today: string,
): DesiredAccount {
  const enabled = person.status === 'active' && !(policy.disableDormant && person.dormantSince !== null);
  const held = enabled ? grants.filter((grant) => grantHolds(grant, today)) : [];
  const roles = [...new Set(held.map((grant) => grant.role))].sort();
  // The token carries each role with its scope (edubase_grants): a realm role alone reaches no school.
  const grantClaims = [...new Set(held.map(formatGrant))].sort();
  const attributes: Record<string, string[]> = {
    staffNo: [person.staffNo ?? ''],
    [GRANTS_ATTRIBUTE]: grantClaims,
  };
  if (person.schoolCode) attributes.schoolCode = [person.schoolCode];
  return {
    shouldExist: person.kind === 'staff' && (person.status === 'active' || person.keycloakUserId !== null),
    draft: {
      username: (person.staffNo ?? '').toLowerCase(),
      enabled,
      ...splitChineseName(person.name),
      email: person.email,
      attributes,
    },
    roles,
    groupPath: person.schoolCode ? `/${SCHOOLS_GROUP}/${person.schoolCode}` : null,
  };
}
