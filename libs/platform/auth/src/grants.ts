// The grants claim and the one tenancy rule over it, without NestJS: the services' guards use them through
// @edubase/auth, and the web apps (@edubase/auth/grants) to show only what the APIs would allow.
import { roleNames, type RoleName } from '@edubase/contracts/vocabulary';

/** One role as held: for one school (学校标识码) or, with `schoolCode: null`, for the whole district. */
export interface HeldGrant {
  role: RoleName;
  schoolCode: string | null;
}

const KNOWN_ROLES: ReadonlySet<string> = new Set(roleNames);
const SCHOOL_CODE = /^\d{10}$/;

const DISTRICT_SCOPE = 'district';

/** `<role>@<学校标识码>` or `<role>@district`, as identity writes them to the user's edubaseGrants. */
export function formatGrant(grant: HeldGrant): string {
  return `${grant.role}@${grant.schoolCode ?? DISTRICT_SCOPE}`;
}

/**
 * The grants a token carries. Entries that are not a known role with a valid scope are left out rather
 * than refusing the token: they grant nothing, and a realm role without an entry grants nothing either.
 */
export function grantsFromClaim(claim: unknown): HeldGrant[] {
  const values = typeof claim === 'string' ? [claim] : Array.isArray(claim) ? claim : [];
  const grants: HeldGrant[] = [];
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const at = value.lastIndexOf('@');
    const role = value.slice(0, at);
    const scope = value.slice(at + 1);
    if (at < 1 || !KNOWN_ROLES.has(role)) continue;
    if (scope !== DISTRICT_SCOPE && !SCHOOL_CODE.test(scope)) continue;
    const schoolCode = scope === DISTRICT_SCOPE ? null : scope;
    if (grants.some((held) => held.role === role && held.schoolCode === schoolCode)) continue;
    grants.push({ role: role as RoleName, schoolCode });
  }
  return grants;
}

/**
 * Which schools a caller reaches: every school (a district-scoped grant, or a district system whose OAuth
 * scopes already limit what it touches), or the schools its grants name — possibly none.
 */
export type Tenancy =
  { readonly kind: 'district' } | { readonly kind: 'schools'; readonly schoolCodes: readonly string[] };

const DISTRICT: Tenancy = Object.freeze({ kind: 'district' });

/**
 * The one tenancy rule of EduBase over a caller's grants. A role reaches what its grant names:
 * `leader@district` every school, `leader@3101200002` that school only. Membership of a school grants
 * nothing, and a person with no grant sees nothing. `roles` limits the grants that count.
 */
export function tenancyOfGrants(grants: readonly HeldGrant[], roles?: readonly RoleName[]): Tenancy {
  const schoolCodes: string[] = [];
  for (const grant of grants) {
    if (roles !== undefined && !roles.includes(grant.role)) continue;
    if (grant.schoolCode === null) return DISTRICT;
    if (!schoolCodes.includes(grant.schoolCode)) schoolCodes.push(grant.schoolCode);
  }
  return { kind: 'schools', schoolCodes };
}
