import { TokenClaimsError, userFromClaims } from './authenticated-user';

const teacherClaims = {
  exp: 1_900_000_000,
  sub: '7d1c0a4e-2f3b-4c55-9a8e-1b2c3d4e5f60',
  sid: 'c0f9406d-a692-ff24-5fee-7259e5349574',
  typ: 'Bearer',
  azp: 'edubase-cli',
  preferred_username: 'teacher.3101200001',
  name: '王老师',
  school_code: '3101200001',
  realm_access: { roles: ['default-roles-edubase', 'offline_access', 'teacher', 'uma_authorization'] },
  scope: 'openid profile email',
};

describe('userFromClaims', () => {
  it('maps a school user token to the caller, keeping only EduBase roles', () => {
    expect(userFromClaims(teacherClaims)).toEqual({
      subject: '7d1c0a4e-2f3b-4c55-9a8e-1b2c3d4e5f60',
      username: 'teacher.3101200001',
      name: '王老师',
      roles: ['teacher'],
      schoolCode: '3101200001',
      scopes: ['openid', 'profile', 'email'],
      clientId: 'edubase-cli',
      isServiceAccount: false,
    });
  });

  it('gives district staff without school_code a null schoolCode and no name when the token has none', () => {
    const { school_code: _school, name: _name, ...claims } = teacherClaims;
    const user = userFromClaims({
      ...claims,
      preferred_username: 'district.admin',
      realm_access: { roles: ['district-admin'] },
    });
    expect(user.schoolCode).toBeNull();
    expect(user).not.toHaveProperty('name');
    expect(user.roles).toEqual(['district-admin']);
  });

  it('recognises a client-credentials token of a district system', () => {
    const user = userFromClaims({
      exp: 1_900_000_000,
      sub: 'b0c1d2e3-0000-4000-8000-000000000001',
      azp: 'district-system-demo',
      client_id: 'district-system-demo',
      preferred_username: 'service-account-district-system-demo',
      realm_access: { roles: ['default-roles-edubase'] },
      scope: 'identity:read profile',
    });
    expect(user).toMatchObject({
      username: 'service-account-district-system-demo',
      clientId: 'district-system-demo',
      isServiceAccount: true,
      roles: [],
      scopes: ['identity:read', 'profile'],
      schoolCode: null,
    });
  });

  it('recognises a district system token as Keycloak issues it without the service_account scope', () => {
    // The shape of a real district-system-demo token: no username, no client_id, no user session.
    const user = userFromClaims({
      exp: 1_900_000_000,
      sub: '12d68431-2f9b-4c61-b4ee-41b0a95a3a62',
      azp: 'district-system-demo',
      realm_access: { roles: ['offline_access', 'uma_authorization', 'default-roles-edubase'] },
      scope: 'identity:read',
    });
    expect(user).toMatchObject({
      username: 'service-account-district-system-demo',
      isServiceAccount: true,
      roles: [],
      scopes: ['identity:read'],
    });
  });

  it('tolerates a token without roles or scope', () => {
    const { realm_access: _roles, scope: _scope, ...claims } = teacherClaims;
    const user = userFromClaims(claims);
    expect(user.roles).toEqual([]);
    expect(user.scopes).toEqual([]);
  });

  it.each([
    ['no sub', { sub: undefined }, 'sub'],
    ['no azp', { azp: '' }, 'azp'],
    ['no username on a user token', { preferred_username: undefined }, 'preferred_username'],
    ['a malformed school_code', { school_code: '31012' }, 'school_code'],
    ['a numeric school_code', { school_code: 3101200001 }, 'school_code'],
  ])('refuses a token with %s', (_case, override, claim) => {
    expect(() => userFromClaims({ ...teacherClaims, ...override })).toThrow(TokenClaimsError);
    expect(() => userFromClaims({ ...teacherClaims, ...override })).toThrow(claim);
  });
});
