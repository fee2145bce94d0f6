import { ForbiddenException } from '@nestjs/common';
import type { AuthenticatedUser } from '@edubase/auth';
import { authorizedScope, homeScope } from './scope-access';

const user = (roles: AuthenticatedUser['roles'], schoolCode: string | null): AuthenticatedUser => ({
  subject: 'sub',
  username: 'someone',
  roles,
  schoolCode,
  scopes: [],
  clientId: 'edubase-web',
  isServiceAccount: false,
});

describe('cockpit scope access', () => {
  it('lets a leader see the district and every school', () => {
    const leader = user(['leader'], null);
    expect(authorizedScope(leader, undefined)).toBe('district');
    expect(authorizedScope(leader, '3101200002')).toBe('3101200002');
    expect(homeScope(leader)).toBe('district');
  });

  it('keeps a school admin inside their own school', () => {
    const admin = user(['school-admin'], '3101200001');
    expect(authorizedScope(admin, '3101200001')).toBe('3101200001');
    expect(() => authorizedScope(admin, '3101200002')).toThrow(ForbiddenException);
    expect(() => authorizedScope(admin, undefined)).toThrow(ForbiddenException);
    expect(homeScope(admin)).toBe('3101200001');
  });
});
