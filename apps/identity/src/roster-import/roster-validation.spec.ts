import { idCardCheckCharacter } from '../people/id-card';
import { parseCsv, readRoster, RosterFileError } from './roster-file';
import { normaliseDate, RosterContext, validateRoster } from './roster-validation';

const idCard = (first17: string) => `${first17}${idCardCheckCharacter(first17)}`;
const context = (
  overrides: Partial<Record<keyof RosterContext['existing'], string[]>> = {},
): RosterContext => ({
  defaultSchoolCode: '3101200001',
  schools: new Map([
    ['3101200001', 'school-a'],
    ['3101200002', 'school-b'],
  ]),
  writable: (schoolCode) => schoolCode === '3101200001',
  departments: new Map([['3101200001/信息中心', 'dept-it']]),
  existing: {
    staffNos: new Set(overrides.staffNos ?? []),
    studentNos: new Set(overrides.studentNos ?? []),
    idCardNos: new Set(overrides.idCardNos ?? []),
    emails: new Set(overrides.emails ?? []),
  },
});
const csv = (text: string) => Buffer.from(text, 'utf8');

describe('roster file reading', () => {
  it('parses quoted fields with commas, quotes and line breaks, CRLF or LF', () => {
    expect(parseCsv('a,"b,c","d""e"\r\n"f\ng",h\n')).toEqual([
      ['a', 'b,c', 'd"e'],
      ['f\ng', 'h'],
    ]);
  });

  it('reads UTF-8 with a BOM, maps Chinese and English headers, numbers rows as in the file, skips blank rows', async () => {
    const roster = await readRoster(csv('\uFEFF工号,姓名,mobile\nT001,王丽华,13812345678\n,,\nT002,李四,\n'));
    expect(roster.format).toBe('csv');
    expect(roster.headers).toEqual({ staffNo: '工号', name: '姓名', mobile: 'mobile' });
    expect(roster.rows).toEqual([
      { row: 2, values: { staffNo: 'T001', name: '王丽华', mobile: '13812345678' } },
      { row: 4, values: { staffNo: 'T002', name: '李四' } },
    ]);
  });

  it('refuses GBK text with a message saying UTF-8 is required, and unknown headers', async () => {
    // "工号,姓名" in GBK.
    const gbk = Buffer.from([0xb9, 0xa4, 0xba, 0xc5, 0x2c, 0xd0, 0xd5, 0xc3, 0xfb, 0x0a]);
    await expect(readRoster(gbk)).rejects.toThrow(/UTF-8/);
    await expect(readRoster(csv('工号,姓名,年龄\n'))).rejects.toBeInstanceOf(RosterFileError);
  });
});

describe('roster row validation', () => {
  it('collects every error of every row with its row number and column header', async () => {
    const roster = await readRoster(
      csv(
        [
          '工号,学籍号,姓名,手机,邮箱,身份证号,出生日期,角色,部门,学校标识码',
          `T001,,王丽华,13812345678,w@fx.example.cn,${idCard('31012019850615003')},1985-06-15,教师、网管员,信息中心,`,
          'T001,,重复,12345,not-an-email,310120198506150030,,校长,后勤处,',
          ',,无名,,,,,,,',
          ',G2013030100,李小明,,,,2013-02-30,教师,,9999999999',
          'T009,,已存在,,W@FX.example.cn,,,,,',
        ].join('\n'),
      ),
    );
    const { errors, records } = validateRoster(roster, context({ staffNos: ['t009'] }));
    expect(records.map((record) => record.row)).toEqual([2]);
    expect(records[0]).toMatchObject({
      kind: 'staff',
      orgId: 'dept-it',
      schoolCode: '3101200001',
      roles: ['teacher', 'network-admin'],
    });
    const where = errors.map((error) => `${error.row}:${error.column}`);
    expect(where).toEqual([
      '3:工号',
      '3:手机',
      '3:邮箱',
      '3:身份证号',
      '3:部门',
      '3:角色',
      '4:工号',
      '5:出生日期',
      '5:学校标识码',
      '5:角色',
      '6:工号',
      '6:邮箱',
    ]);
    expect(errors[0]!.reason).toMatch(/第 2 行/);
    expect(errors[3]!.reason).toMatch(/校验位/);
    expect(errors.find((error) => error.row === 6 && error.column === '工号')!.reason).toMatch(/已存在/);
  });

  it('normalises dates typed with slashes and refuses impossible ones', () => {
    expect(normaliseDate('2013/3/1')).toBe('2013-03-01');
    expect(normaliseDate('2013-02-29')).toBeNull();
    expect(normaliseDate('01/03/2013')).toBeNull();
  });

  it('makes a row naming a school the importer does not administer that row error, not a refusal of the file', async () => {
    const roster = await readRoster(
      csv('工号,姓名,邮箱,学校标识码\nT1,王丽华,a@x.cn,\nT2,李磊,b@x.cn,3101200002\n'),
    );
    const { errors, records } = validateRoster(roster, context());
    expect(errors).toEqual([expect.objectContaining({ row: 3, column: '学校标识码' })]);
    expect(records).toHaveLength(1);
  });
});
