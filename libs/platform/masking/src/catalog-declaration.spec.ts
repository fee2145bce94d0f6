import { catalogDeclarationOf } from './catalog-declaration';
import { defineDataset } from './field-catalog';

const students = defineDataset({
  id: 'test.person',
  title: '人员',
  category: 'student',
  holdsMinors: true,
  fields: {
    staffNo: { grade: 'general', category: 'staff' },
    name: { grade: 'general', pi: 'name' },
    email: { grade: 'general', pi: 'email', minorGrade: 'important' },
    idCardNo: { grade: 'core', pi: 'id_card' },
    bankCard: { grade: 'important', pi: 'bank_card' },
  },
});
const adults = defineDataset({ ...students, id: 'test.adult', holdsMinors: false, category: undefined });

describe('catalogDeclarationOf', () => {
  it('takes a field without PI over as graded, in its own category', () => {
    expect(catalogDeclarationOf(students, 'staffNo')).toEqual({
      grade: 'general',
      category: 'staff',
      personal: false,
      sensitive: false,
      minor: false,
    });
  });

  it("marks a field with a minorGrade as minors' PI, at that grade, when the dataset holds minors' records", () => {
    expect(catalogDeclarationOf(students, 'email')).toEqual({
      grade: 'important',
      category: 'student',
      personal: true,
      sensitive: true,
      minor: true,
    });
  });

  it("marks every personal field of a minor's record as minors' PI, the name and 身份证号 at their own grade", () => {
    expect(catalogDeclarationOf(students, 'name')).toMatchObject({
      grade: 'general',
      minor: true,
      sensitive: true,
    });
    expect(catalogDeclarationOf(students, 'idCardNo')).toMatchObject({
      grade: 'core',
      minor: true,
      sensitive: true,
    });
  });

  it("keeps the ordinary grade and no minor flag when the dataset holds no minors' records", () => {
    expect(catalogDeclarationOf(adults, 'email')).toEqual({
      grade: 'general',
      category: 'other',
      personal: true,
      sensitive: false,
      minor: false,
    });
  });

  it('marks id cards and bank cards sensitive (GB/T 35273) whoever holds them', () => {
    expect(catalogDeclarationOf(adults, 'idCardNo')).toMatchObject({
      grade: 'core',
      sensitive: true,
      minor: false,
    });
    expect(catalogDeclarationOf(adults, 'bankCard')).toMatchObject({ sensitive: true, personal: true });
  });
});
