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
  edubase_grants: ['teacher@3101200001'],
  scope: 'openid profile email',
};

describe('userFromClaims', () => {
  it('maps a school user token to the caller, its roles from the scoped grants', () => {
    expect(userFromClaims(teacherClaims)).toEqual({
      subject: '7d1c0a4e-2f3b-4c55-9a8e-1b2c3d4e5f60',
      username: 'teacher.3101200001',
      name: '王老师',
      roles: ['teacher'],
      grants: [{ role: 'teacher', schoolCode: '3101200001' }],
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
      edubase_grants: ['district-admin@district'],
    });
    expect(user.schoolCode).toBeNull();
    expect(user).not.toHaveProperty('name');
    expect(user.roles).toEqual(['district-admin']);
    expect(user.grants).toEqual([{ role: 'district-admin', schoolCode: null }]);
  });

  it('grants nothing for a realm role the edubase_grants claim does not carry', () => {
    const { edubase_grants: _grants, ...claims } = teacherClaims;
    const user = userFromClaims({ ...claims, realm_access: { roles: ['district-admin', 'leader'] } });
    expect(user.roles).toEqual([]);
    expect(user.grants).toEqual([]);
  });

  it('keeps each role with its scope and leaves out entries it cannot read', () => {
    const user = userFromClaims({
      ...teacherClaims,
      edubase_grants: [
        'leader@3101200002',
        'network-admin@3101200003',
        'leader@3101200002',
        'wizard@district',
        'teacher@31012',
        'teacher',
        '@district',
        42,
      ],
    });
    expect(user.grants).toEqual([
      { role: 'leader', schoolCode: '3101200002' },
      { role: 'network-admin', schoolCode: '3101200003' },
    ]);
    expect(user.roles).toEqual(['leader', 'network-admin']);
    expect(userFromClaims({ ...teacherClaims, edubase_grants: 'leader@district' }).grants).toEqual([
      { role: 'leader', schoolCode: null },
    ]);
  });

  it('writes a Chinese name family name first, without a space', () => {
    const named = (given: string, family: string, name: string) =>
      userFromClaims({ ...teacherClaims, given_name: given, family_name: family, name }).name;
    expect(named('磊', '李', '磊 李')).toBe('李磊');
    expect(named('小明', '欧阳', '小明 欧阳')).toBe('欧阳小明');
    expect(named('School', 'Admin One', 'School Admin One')).toBe('School Admin One');
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
    const { edubase_grants: _grants, scope: _scope, ...claims } = teacherClaims;
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
