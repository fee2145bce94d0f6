import { grantsFromClaim, type AuthenticatedUser } from '@edubase/auth';

/**
 * A verified caller for unit tests, from the grants its token would carry (`teacher@3101200001`,
 * `leader@district`), as `userFromClaims` reads them. `schoolCode` is membership only; it grants nothing.
 */
export function personCaller(grants: readonly string[], schoolCode: string | null = null): AuthenticatedUser {
  const held = grantsFromClaim([...grants]);
  return {
    subject: `test-${grants.join('-') || 'nobody'}`,
    username: 'test.caller',
    roles: [...new Set(held.map((grant) => grant.role))],
    grants: held,
    schoolCode,
    scopes: [],
    clientId: 'edubase-web',
    isServiceAccount: false,
  };
}

/** A district system's client-credentials caller holding these OAuth scopes. */
export function systemCaller(scopes: readonly string[]): AuthenticatedUser {
  return {
    subject: 'test-system',
    username: 'service-account-test-system',
    roles: [],
    grants: [],
    schoolCode: null,
    scopes: [...scopes],
    clientId: 'test-system',
    isServiceAccount: true,
  };
}
