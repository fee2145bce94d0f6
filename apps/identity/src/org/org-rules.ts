import type { OrgKind } from './org-unit.entity';

/** Which kinds of unit may sit under which: the bureau at the root, departments only inside a school. */
const allowedParents: Record<OrgKind, readonly (OrgKind | null)[]> = {
  district: [null],
  centre: ['district'],
  school: ['district', 'centre'],
  department: ['school', 'department'],
};

export function parentProblem(kind: OrgKind, parentKind: OrgKind | null): string | null {
  if (allowedParents[kind].includes(parentKind)) return null;
  const allowed = allowedParents[kind].map((parent) => parent ?? 'no parent').join(' or ');
  return `a ${kind} must have ${allowed} as parent, not ${parentKind ?? 'no parent'}`;
}
