import type { PersonPersonalField } from '@edubase/contracts/api/identity';
import { defineDataset } from '@edubase/masking';
import type { DeclaredTable } from '@edubase/service';
import { Person } from '../people/person.entity';
import { READ_SCOPE, WRITE_SCOPE } from './access-policy';

/**
 * 数据分级: the grades of identity's personal fields, in one place. Responses pass through
 * `protectRecord` with these, and governance's catalog (数据目录) takes them over from the start-up
 * description (`identityDeclaredTables` binds the dataset to the `person` table): unclassified fields get them. The minor rule
 * decides, not the kind of person: a minor's record (`person.minor`: under 14, PIPL Art. 28's sensitive PI,
 * or 14-17) has its contact, birth and 学籍号 data one grade up (`minorGrade`); an adult's, a 中职 student
 * of 18 included, is ordinary PI.
 */
export const PERSON_DATASET = defineDataset<PersonPersonalField>({
  id: 'identity.person',
  title: '人员',
  // students' records, minors among them, beside staff's: the catalog marks minorGrade fields 未成年人个人信息
  category: 'student',
  holdsMinors: true,
  fields: {
    name: { grade: 'general', pi: 'name' },
    staffNo: { grade: 'general', category: 'staff' },
    // 学籍号 is G + 身份证号: a minor's is as telling as the id card.
    studentNo: { grade: 'general', pi: 'student_no', minorGrade: 'important' },
    email: { grade: 'general', pi: 'email', minorGrade: 'important' },
    mobile: { grade: 'important', pi: 'mobile', minorGrade: 'core' },
    birthDate: { grade: 'important', pi: 'birth_date', minorGrade: 'core' },
    idCardNo: { grade: 'core', pi: 'id_card' },
  },
  // HR and roster systems write the records, so they read them whole; read-only systems (a school's LMS
  // provisioning accounts) need the 工号, name and e-mail, not numbers.
  systemClearance: { [WRITE_SCOPE]: 'core', [READ_SCOPE]: 'general' },
});

/** Every dataset identity declares, on its table, for the catalog (ServiceModule's description). */
export const identityDeclaredTables: readonly DeclaredTable[] = [{ entity: Person, dataset: PERSON_DATASET }];
