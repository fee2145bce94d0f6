import { ForbiddenException } from '@nestjs/common';
import { personCaller } from '@edubase/testing';
import { authorizedScope, homeScope } from './scope-access';

describe('cockpit scope access', () => {
  it('lets a leader see the district and every school', () => {
    const leader = personCaller(['leader@district']);
    expect(authorizedScope(leader, undefined)).toBe('district');
    expect(authorizedScope(leader, '3101200002')).toBe('3101200002');
    expect(homeScope(leader)).toBe('district');
  });

  it('keeps a school admin inside their own school', () => {
    const admin = personCaller(['school-admin@3101200001'], '3101200001');
    expect(authorizedScope(admin, '3101200001')).toBe('3101200001');
    expect(() => authorizedScope(admin, '3101200002')).toThrow(ForbiddenException);
    expect(() => authorizedScope(admin, undefined)).toThrow(ForbiddenException);
    expect(homeScope(admin)).toBe('3101200001');
  });

  it('keeps a school-scoped leader (校领导) to their school: no district, no other school', () => {
    const schoolLeader = personCaller(['leader@3101200002'], '3101200002');
    expect(authorizedScope(schoolLeader, '3101200002')).toBe('3101200002');
    expect(() => authorizedScope(schoolLeader, undefined)).toThrow(ForbiddenException);
    expect(() => authorizedScope(schoolLeader, '3101200001')).toThrow(ForbiddenException);
    expect(homeScope(schoolLeader)).toBe('3101200002');
  });

  it('shows nothing to a caller whose only grant is outside the cockpit roles', () => {
    const teacher = personCaller(['teacher@3101200001'], '3101200001');
    expect(() => authorizedScope(teacher, '3101200001')).toThrow(ForbiddenException);
    expect(homeScope(teacher)).toBeNull();
  });
});
