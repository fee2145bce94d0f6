import type { AuthenticatedUser } from './authenticated-user';
import { declaresAccess, isAllowed, RouteAccess, scopesMatching } from './route-access';
import { VerifiedTokenCache } from './verified-token-cache';

const none: RouteAccess = { isPublic: false, anyUser: false, roles: [], scopes: [] };
const teacher: AuthenticatedUser = {
  subject: 's',
  username: 'teacher.3101200001',
  roles: ['teacher'],
  grants: [{ role: 'teacher', schoolCode: '3101200001' }],
  schoolCode: '3101200001',
  scopes: ['openid', 'identity:read'],
  clientId: 'edubase-cli',
  isServiceAccount: false,
};
const districtSystem: AuthenticatedUser = {
  ...teacher,
  username: 'service-account-district-system-demo',
  roles: [],
  grants: [],
  schoolCode: null,
  scopes: ['identity:read'],
  clientId: 'district-system-demo',
  isServiceAccount: true,
};

describe('route access rules', () => {
  it('treats a route without any decorator as undeclared (the guard then refuses it)', () => {
    expect(declaresAccess(none)).toBe(false);
    expect(declaresAccess({ ...none, roles: ['teacher'] })).toBe(true);
    expect(declaresAccess({ ...none, scopes: ['identity:read'] })).toBe(true);
    expect(declaresAccess({ ...none, anyUser: true })).toBe(true);
    expect(declaresAccess({ ...none, isPublic: true })).toBe(true);
  });

  it('lets a user in on any one of the roles', () => {
    expect(isAllowed({ ...none, roles: ['district-admin', 'teacher'] }, teacher)).toBe(true);
    expect(isAllowed({ ...none, roles: ['district-admin'] }, teacher)).toBe(false);
  });

  it('never lets a user token pass on a scope, nor a service account on a role or @Authenticated', () => {
    expect(isAllowed({ ...none, scopes: ['identity:read'] }, teacher)).toBe(false);
    expect(isAllowed({ ...none, anyUser: true }, districtSystem)).toBe(false);
    expect(isAllowed({ ...none, roles: ['teacher'] }, { ...districtSystem, roles: ['teacher'] })).toBe(false);
  });

  it('lets a district system in on any one of the scopes, also on a route open to roles too', () => {
    const both: RouteAccess = {
      ...none,
      roles: ['district-admin'],
      scopes: ['identity:write', 'identity:read'],
    };
    expect(isAllowed(both, districtSystem)).toBe(true);
    expect(isAllowed({ ...none, scopes: ['identity:write'] }, districtSystem)).toBe(false);
  });
});

describe('scope families (share-*)', () => {
  const sharing = { ...districtSystem, scopes: ['identity:read', 'share-1a2b3c4d'] };

  it('admits a district system holding any scope of the family, nobody else', () => {
    const route = { ...none, scopes: ['share-*'] as const };
    expect(isAllowed(route, sharing)).toBe(true);
    expect(isAllowed(route, districtSystem)).toBe(false);
    expect(isAllowed(route, { ...teacher, scopes: ['share-1a2b3c4d'] })).toBe(false);
    // a scope without the star is matched exactly, never as a prefix
    expect(isAllowed({ ...none, scopes: ['share-'] }, sharing)).toBe(false);
  });

  it('hands the handler the family’s scopes of a service account only', () => {
    expect(scopesMatching(sharing, 'share-*')).toEqual(['share-1a2b3c4d']);
    expect(scopesMatching({ ...teacher, scopes: ['share-1a2b3c4d'] }, 'share-*')).toEqual([]);
  });
});

describe('VerifiedTokenCache', () => {
  it('forgets an entry at its expiry', () => {
    const cache = new VerifiedTokenCache<string>(10);
    cache.set('token', 'user', 1000);
    expect(cache.get('token', 999)).toBe('user');
    expect(cache.get('token', 1000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the oldest entry beyond its bound', () => {
    const cache = new VerifiedTokenCache<string>(2);
    cache.set('a', 'A', 10_000);
    cache.set('b', 'B', 10_000);
    cache.set('c', 'C', 10_000);
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('b', 0)).toBe('B');
    expect(cache.get('c', 0)).toBe('C');
    expect(cache.size).toBe(2);
  });

  it('moves a re-verified token to the young end', () => {
    const cache = new VerifiedTokenCache<string>(2);
    cache.set('a', 'A', 10_000);
    cache.set('b', 'B', 10_000);
    cache.set('a', 'A2', 10_000);
    cache.set('c', 'C', 10_000);
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)).toBe('A2');
  });
});
