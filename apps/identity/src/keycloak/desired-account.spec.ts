import type { Person } from '../people/person.entity';
import type { RoleGrant } from '../roles/role-grant.entity';
import { desiredAccount, splitChineseName } from './desired-account';

const staff = (overrides: Partial<Person> = {}): Person =>
  ({
    id: 'p1',
    kind: 'staff',
    staffNo: 'T3101200001001',
    studentNo: null,
    name: '王丽华',
    email: 'wlh@example.cn',
    schoolCode: '3101200001',
    status: 'active',
    dormantSince: null,
    keycloakUserId: null,
    ...overrides,
  }) as Person;

const grant = (role: RoleGrant['role'], overrides: Partial<RoleGrant> = {}): RoleGrant =>
  ({ role, revokedAt: null, endsAt: null, ...overrides }) as RoleGrant;

describe('desired Keycloak account', () => {
  it('mirrors held roles, the school attribute and group, username in lower case', () => {
    const account = desiredAccount(
      staff(),
      [
        grant('teacher'),
        grant('network-admin'),
        grant('teacher'),
        grant('leader', { revokedAt: new Date() }),
      ],
      { disableDormant: false },
      '2026-11-28',
    );
    expect(account.shouldExist).toBe(true);
    expect(account.draft).toMatchObject({
      username: 't3101200001001',
      enabled: true,
      lastName: '王',
      firstName: '丽华',
      attributes: { staffNo: ['T3101200001001'], schoolCode: ['3101200001'] },
    });
    expect(account.roles).toEqual(['network-admin', 'teacher']);
    expect(account.groupPath).toBe('/schools/3101200001');
  });

  it('drops a contractor role after its end date', () => {
    const grants = [grant('contractor-ops', { endsAt: '2026-11-27' })];
    expect(desiredAccount(staff(), grants, { disableDormant: false }, '2026-11-28').roles).toEqual([]);
    expect(desiredAccount(staff(), grants, { disableDormant: false }, '2026-11-27').roles).toEqual([
      'contractor-ops',
    ]);
  });

  it('disables suspended people, and dormant ones only when the policy says so', () => {
    expect(
      desiredAccount(staff({ status: 'suspended' }), [], { disableDormant: false }, '2026-11-28').draft
        .enabled,
    ).toBe(false);
    const dormant = staff({ dormantSince: new Date('2026-10-01') });
    expect(desiredAccount(dormant, [], { disableDormant: false }, '2026-11-28').draft.enabled).toBe(true);
    expect(desiredAccount(dormant, [], { disableDormant: true }, '2026-11-28').draft.enabled).toBe(false);
  });

  it('creates no account for students or for staff who left before ever having one', () => {
    expect(
      desiredAccount(staff({ kind: 'student' }), [], { disableDormant: false }, '2026-11-28').shouldExist,
    ).toBe(false);
    expect(
      desiredAccount(staff({ status: 'departed' }), [], { disableDormant: false }, '2026-11-28').shouldExist,
    ).toBe(false);
    expect(
      desiredAccount(
        staff({ status: 'departed', keycloakUserId: 'k1' }),
        [],
        { disableDormant: false },
        '2026-11-28',
      ).shouldExist,
    ).toBe(true);
  });

  it('splits Chinese names with single and compound surnames', () => {
    expect(splitChineseName('欧阳明远')).toEqual({ lastName: '欧阳', firstName: '明远' });
    expect(splitChineseName('李雷')).toEqual({ lastName: '李', firstName: '雷' });
    expect(splitChineseName('Teacher One')).toEqual({ firstName: 'Teacher', lastName: 'One' });
  });
});
