import { MINORS_PI_FIELDS, minorsPiShown, type ShownPerson } from './minors-pi-reads';

const person = (
  id: string,
  minor: string | null,
  fields: Record<string, unknown>,
  protectedFields = {},
): ShownPerson => ({
  id,
  minor,
  schoolCode: '3101200001',
  protectedFields,
  name: '陈小雨',
  ...fields,
});

describe("minors' PI shown in clear (what identity puts on its chain as person.read)", () => {
  it('covers the fields a minor’s record grades up and the 身份证号, not the name', () => {
    expect([...MINORS_PI_FIELDS].sort()).toEqual(['birthDate', 'email', 'idCardNo', 'mobile', 'studentNo']);
  });

  it('counts a minor whose sensitive fields arrived in clear, and only those fields', () => {
    const shown = [
      person('a', 'under-14', { mobile: '13900000001', birthDate: '2014-01-01', studentNo: 'G1' }),
      // a teacher's answer: masked or removed, nothing in clear but the 学籍号's mask
      person('b', 'under-18', { studentNo: 'G31****01' }, { studentNo: 'masked', mobile: 'removed' }),
      // an adult's record is ordinary PI
      person('c', null, { mobile: '13900000003', idCardNo: '310120200001010011' }),
      // a minor with nothing on file
      person('d', 'under-14', { mobile: null }),
    ];
    const { people, fields } = minorsPiShown(shown);
    expect(people.map((entry) => entry.id)).toEqual(['a']);
    expect(fields).toEqual(['birthDate', 'mobile', 'studentNo']);
  });
});
