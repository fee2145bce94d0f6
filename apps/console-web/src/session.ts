// Who is signed in, read from the access token's claims for the shell: name, school and the grants that
// decide which pages are offered. The APIs verify the token and decide again on every call.
import { grantsFromClaim, tenancyOfGrants, type HeldGrant, type Tenancy } from '@edubase/auth/grants';
import type { RoleName } from '@edubase/contracts/vocabulary';

export interface ConsoleSession {
  /** Keycloak user id (`sub`). */
  subject: string;
  username: string;
  name: string;
  /** The school the person belongs to (membership, not a right). */
  schoolCode: string | null;
  grants: readonly HeldGrant[];
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

const CJK = /[\u3400-\u9fff]/;

export function sessionFromClaims(claims: Record<string, unknown>): ConsoleSession {
  const family = text(claims.family_name);
  const given = text(claims.given_name);
  const username = text(claims.preferred_username) ?? '';
  // Chinese names read family name first with no space (李磊), as the APIs write them.
  const name =
    family && given && (CJK.test(family) || CJK.test(given))
      ? family + given
      : (text(claims.name) ?? username);
  return {
    subject: text(claims.sub) ?? '',
    username,
    name,
    schoolCode: text(claims.school_code) ?? null,
    grants: grantsFromClaim(claims.edubase_grants),
  };
}

/** Which schools the person reaches through `roles`: the APIs' own rule (tenancyOfGrants). */
export function reach(session: ConsoleSession, roles: readonly RoleName[]): Tenancy {
  return tenancyOfGrants(session.grants, roles);
}

export function reachesAny(tenancy: Tenancy): boolean {
  return tenancy.kind === 'district' || tenancy.schoolCodes.length > 0;
}
