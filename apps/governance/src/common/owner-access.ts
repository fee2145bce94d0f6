import { ForbiddenException } from '@nestjs/common';
import { AuthenticatedUser, canAccessSchool, isDistrictWide } from '@edubase/auth';

/**
 * Governance records belong to a school (学校标识码) or, with `null`, to the district itself (区教育局 and
 * 教育学院's systems). The tenancy rule of @edubase/auth decides for schools; a district record needs a
 * district-wide grant, as `holdsRole` treats `null`.
 */
export function canReachOwner(user: AuthenticatedUser, schoolCode: string | null): boolean {
  return schoolCode === null ? isDistrictWide(user) : canAccessSchool(user, schoolCode);
}

export function assertOwnerAccess(user: AuthenticatedUser, schoolCode: string | null): void {
  if (!canReachOwner(user, schoolCode))
    throw new ForbiddenException(
      schoolCode === null
        ? 'District systems are managed with a district-wide grant.'
        : `No access to school ${schoolCode}: your roles reach only the schools they were granted for.`,
    );
}
