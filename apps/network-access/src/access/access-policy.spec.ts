import { parseVlanByRole, sessionTimeoutFor, vlanForRoles } from './access-policy';
import { networkRolesInForce, shanghaiDate } from '../people/network-roles';

describe('access policy', () => {
  const vlans = parseVlanByRole('district-admin:100,network-admin:100,teacher:120,contractor-ops:130');

  it('assigns the VLAN of the first listed role a person holds', () => {
    expect(vlanForRoles([{ role: 'teacher', endsAt: null }], vlans)).toBe(120);
    expect(
      vlanForRoles(
        [
          { role: 'teacher', endsAt: null },
          { role: 'network-admin', endsAt: null },
        ],
        vlans,
      ),
    ).toBe(100);
    expect(vlanForRoles([{ role: 'leader', endsAt: null }], vlans)).toBeUndefined();
  });

  it('keeps only network roles in force on the Shanghai date', () => {
    const roles = [
      { role: 'teacher', endsAt: null },
      { role: 'contractor-ops', endsAt: '2026-03-31' },
      { role: 'contractor-ops', endsAt: '2026-02-28' },
      { role: 'student-helper', endsAt: null },
    ];
    expect(networkRolesInForce(roles, '2026-03-31').map((role) => role.endsAt)).toEqual([null, '2026-03-31']);
    expect(networkRolesInForce(roles, '2026-04-01')).toEqual([{ role: 'teacher', endsAt: null }]);
    // 2026-03-31 17:00 UTC is already April 1st in Shanghai.
    expect(shanghaiDate(new Date('2026-03-31T17:00:00Z'))).toBe('2026-04-01');
  });

  it('ends a contractor session with its grant, never later than the ceiling', () => {
    const now = new Date('2026-03-31T14:00:00+08:00');
    const contractor = [{ role: 'contractor-ops', endsAt: '2026-03-31' }];
    expect(sessionTimeoutFor(contractor, 86_400, now)).toBe(9 * 3600 + 59 * 60 + 59);
    expect(sessionTimeoutFor(contractor, 3600, now)).toBe(3600);
    expect(sessionTimeoutFor([{ role: 'teacher', endsAt: null }], 28_800, now)).toBe(28_800);
  });
});
