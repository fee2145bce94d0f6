import type { AuthenticatedUser } from '@edubase/auth';
import type {
  PersonRecord,
  PersonView as PersonAnswer,
  RoleGrantView,
} from '@edubase/contracts/api/identity';
import { protectRecord } from '@edubase/masking';
import type { RoleGrant } from '../roles/role-grant.entity';
import { PERSON_DATASET } from '../shared/data-classification';
import type { Person } from './person.entity';

export function grantView(grant: RoleGrant): RoleGrantView<Date> {
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
export function personRecord(person: Person): PersonRecord<Date> {
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
    minor: person.minor,
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
 * The minor rule decides the grades of PERSON_DATASET, not the kind of person: a minor's record (under 18,
 * PIPL Art. 28 and 未成年人保护法 Art. 72) gets the fields' minor grades; an adult student (18+ at a 中职) is
 * ordinary PI like anyone else's.
 */
export const isMinorRecord = (person: Pick<Person, 'minor'>): boolean => person.minor !== null;

/**
 * A person as the caller may see them: each personal field shown, masked or left out by its grade in
 * PERSON_DATASET and the caller's roles for the person's school (@edubase/masking). `protectedFields`
 * says which, so a page can say why a value is missing.
 */
export function personView(
  person: Person,
  grants: RoleGrant[],
  user: AuthenticatedUser,
  options: { ownRecord?: boolean } = {},
): PersonView {
  const { record, protections } = protectRecord(PERSON_DATASET, personRecord(person), user, {
    schoolCode: person.schoolCode,
    minor: isMinorRecord(person),
    ownRecord: options.ownRecord ?? false,
  });
  return {
    ...record,
    personalDataMasked: Object.keys(protections).length > 0,
    protectedFields: protections,
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
/** What the API answers, with Dates until JSON writes them as ISO strings. */
export type PersonView = PersonAnswer<Date>;
