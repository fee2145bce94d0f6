import { personCaller, systemCaller } from '@edubase/testing';
import { defineDataset } from './field-catalog';
import { maskValue } from './mask-value';
import { clearanceFor, protectRecord } from './protect-record';

const people = defineDataset({
  id: 'test.person',
  title: '人员',
  fields: {
    name: { grade: 'general', pi: 'name' },
    mobile: { grade: 'important', pi: 'mobile', minorGrade: 'core' },
    idCardNo: { grade: 'core', pi: 'id_card' },
  },
  systemClearance: { 'test:write': 'core' },
});
const record = { id: 'p1', name: '陈小雨', mobile: '13812345678', idCardNo: '310120201303011234' };
const schoolA = '3101200001';

describe('maskValue', () => {
  it.each([
    ['id_card', '310120201303011234', '310***********1234'],
    ['student_no', 'G310120201303011234', 'G310***********1234'],
    ['mobile', '13812345678', '138****5678'],
    ['mobile', '12345', '*****'],
    ['email', 'zhang.san@school.cn', 'z**@school.cn'],
    ['name', '欧阳娜娜', '欧***'],
    ['bank_card', '6222020200112233445', '6222***********3445'],
    ['birth_date', '2013-03-01', '****-**-**'],
  ] as const)('%s %s → %s', (kind, value, masked) => {
    expect(maskValue(kind, value)).toBe(masked);
  });
});

describe('protectRecord', () => {
  it('shows, masks or removes by grade and by the roles that reach the record’s school', () => {
    const district = protectRecord(people, record, personCaller(['district-admin@district']), {
      schoolCode: schoolA,
    });
    expect(district).toEqual({ record, protections: {} });

    const schoolAdmin = protectRecord(people, record, personCaller([`school-admin@${schoolA}`]), {
      schoolCode: schoolA,
    });
    expect(schoolAdmin.protections).toEqual({});

    const teacher = protectRecord(people, record, personCaller([`teacher@${schoolA}`]), {
      schoolCode: schoolA,
    });
    expect(teacher.record).toEqual({ id: 'p1', name: '陈小雨', mobile: '138****5678' });
    expect(teacher.protections).toEqual({ mobile: 'masked', idCardNo: 'removed' });
  });

  it('counts a role only where its grant reaches: a school admin of B teaching at A is a teacher at A', () => {
    const caller = personCaller([`teacher@${schoolA}`, 'school-admin@3101200002']);
    expect(clearanceFor(caller, people, schoolA)).toBe('general');
    expect(clearanceFor(caller, people, '3101200002')).toBe('core');
    // District-level records: only district-scoped grants count.
    expect(clearanceFor(caller, people, null)).toBeNull();
  });

  it('raises a minor’s fields to their minor grade', () => {
    const officer = personCaller([`security-officer@${schoolA}`]);
    const adult = protectRecord(people, record, officer, { schoolCode: schoolA });
    const minor = protectRecord(people, record, officer, { schoolCode: schoolA, minor: true });
    expect(adult.record.mobile).toBe('13812345678');
    expect(minor.record.mobile).toBe('138****5678');
  });

  it('judges district systems by the scopes the dataset names, and can remove instead of mask', () => {
    const writer = protectRecord(people, record, systemCaller(['test:write']), { schoolCode: schoolA });
    expect(writer.protections).toEqual({});
    const reader = protectRecord(
      people,
      record,
      systemCaller(['test:read']),
      { schoolCode: schoolA },
      { masked: 'remove' },
    );
    expect(reader.record).toEqual({ id: 'p1', name: '陈小雨' });
    expect(reader.protections).toEqual({ mobile: 'removed', idCardNo: 'removed' });
  });

  it('masks general fields for a role cleared for nothing, and leaves null values null', () => {
    const contractor = personCaller([`contractor-ops@${schoolA}`]);
    const seen = protectRecord(people, { ...record, mobile: null }, contractor, { schoolCode: schoolA });
    expect(seen.record).toEqual({ id: 'p1', name: '陈**' });
  });

  it('shows a person all of their own record', () => {
    const teacher = personCaller([`teacher@${schoolA}`]);
    const own = protectRecord(people, record, teacher, { schoolCode: schoolA, ownRecord: true });
    expect(own).toEqual({ record, protections: {} });
  });

  it('refuses a declaration whose minor grade is below the grade', () => {
    expect(() =>
      defineDataset({ id: 'x', title: 'x', fields: { a: { grade: 'core', minorGrade: 'general' } } }),
    ).toThrow('x.a: minorGrade is lower than grade');
  });
});
