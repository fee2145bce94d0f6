import type { AuthenticatedUser } from '@edubase/auth';
import type { RoleGrant } from '../roles/role-grant.entity';
import { seesPersonalData } from '../shared/access-policy';
import { maskBirthDate, maskIdCardNo, maskMobile } from './masking';
import type { Person } from './person.entity';

export function grantView(grant: RoleGrant) {
  return {
    id: grant.id,
    role: grant.role,
    scope: grant.scope,
    schoolCode: grant.schoolCode,
    endsAt: grant.endsAt,
    grantedAt: grant.grantedAt,
    grantedBy: grant.grantedBy,
    revokedAt: grant.revokedAt,
    revokedBy: grant.revokedBy,
  };
}

/** The full record, as written to audit rows (district-admin reads those). */
export function personRecord(person: Person) {
  return {
    id: person.id,
    kind: person.kind,
    staffNo: person.staffNo,
    studentNo: person.studentNo,
    name: person.name,
    mobile: person.mobile,
    email: person.email,
    idCardNo: person.idCardNo,
    birthDate: person.birthDate,
    orgId: person.orgId,
    schoolCode: person.schoolCode,
    status: person.status,
    departureKind: person.departureKind,
    statusReason: person.statusReason,
    statusEffectiveDate: person.statusEffectiveDate,
    dormantSince: person.dormantSince,
    version: person.version,
  };
}

/**
 * A person as the caller may see them. Students' 身份证号, birth date and phone, and staff 身份证号, are
 * masked unless the caller's job needs them (see seesPersonalData).
 */
export function personView(person: Person, grants: RoleGrant[], user: AuthenticatedUser) {
  const unmasked = seesPersonalData(user, person.schoolCode);
  const isStudent = person.kind === 'student';
  const mask = <T extends string | null>(value: T, masker: (raw: string) => string): T | string =>
    unmasked || value === null ? value : masker(value);
  return {
    ...personRecord(person),
    idCardNo: mask(person.idCardNo, maskIdCardNo),
    birthDate: isStudent ? mask(person.birthDate, maskBirthDate) : person.birthDate,
    mobile: isStudent ? mask(person.mobile, maskMobile) : person.mobile,
    personalDataMasked: !unmasked,
    roles: grants.map(grantView),
    keycloak: {
      userId: person.keycloakUserId,
      syncedAt: person.keycloakSyncedAt,
      syncError: person.keycloakSyncError,
      lastLoginAt: person.lastLoginAt,
    },
    createdAt: person.createdAt,
    updatedAt: person.updatedAt,
  };
}
export type PersonView = ReturnType<typeof personView>;
