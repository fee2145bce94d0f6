import type { RoleName } from '@edubase/contracts';
import type { SchoolStage } from '../org/org-unit.entity';

/**
 * 奉贤区 demo district: the bureau, the institute's IT centre, 30 schools (学校标识码 31012000xx) with a few
 * departments, and staff with roles. The first six people match the demo users of the Keycloak realm
 * (same 工号 as username, same e-mail), so their tokens map to identity persons.
 */

export interface DemoSchool {
  schoolCode: string;
  name: string;
  stage: SchoolStage;
  address: string;
}

export interface DemoStaff {
  staffNo: string;
  name: string;
  email: string | null;
  mobile: string | null;
  /** A school code, a department as `<schoolCode>/<department name>`, or 'district' / 'centre'. */
  unit: string;
  roles: { role: RoleName; scope: 'school' | 'district'; endsAt?: string }[];
}

export const demoBureau = { name: '上海市奉贤区教育局', address: '上海市奉贤区南桥镇解放东路 888 号' };
export const demoCentre = {
  name: '奉贤区教育学院 教育信息技术中心',
  address: '上海市奉贤区南桥镇江海路 1 号',
};

const schoolList: [string, SchoolStage, string][] = [
  ['上海市奉贤区实验小学', 'primary', '南桥镇古华路 11 号'],
  ['上海市奉贤中学', 'senior', '南桥镇江海路 388 号'],
  ['上海市曙光中学', 'senior', '南桥镇沪杭公路 1550 号'],
  ['上海市奉贤区景秀高级中学', 'senior', '南桥镇金海路 1 号'],
  ['上海市奉贤区致远高级中学', 'senior', '金汇镇金碧路 8 号'],
  ['上海市奉城高级中学', 'senior', '奉城镇南奉公路 9 号'],
  ['上海市奉贤区弘文学校', 'nine-year', '南桥镇航南公路 5 号'],
  ['上海市奉贤区育秀实验学校', 'nine-year', '南桥镇育秀路 2 号'],
  ['上海市奉贤区金汇学校', 'nine-year', '金汇镇金汇港路 18 号'],
  ['上海市奉贤区柘林学校', 'nine-year', '柘林镇迎龙路 6 号'],
  ['上海市奉贤区星火学校', 'nine-year', '星火开发区星火路 3 号'],
  ['上海市奉贤区邬桥学校', 'nine-year', '金汇镇邬桥路 21 号'],
  ['上海市奉贤区汇贤中学', 'junior', '南桥镇汇丰北路 100 号'],
  ['上海市奉贤区古华中学', 'junior', '南桥镇古华路 220 号'],
  ['上海市奉贤区肖塘中学', 'junior', '金汇镇肖塘路 5 号'],
  ['上海市奉贤区头桥中学', 'junior', '柘林镇头桥路 8 号'],
  ['上海市奉贤区青溪中学', 'junior', '青村镇青溪路 9 号'],
  ['上海市奉贤区阳光外国语学校', 'complete-secondary', '南桥镇阳光路 15 号'],
  ['上海市奉贤区南桥小学', 'primary', '南桥镇南桥路 300 号'],
  ['上海市奉贤区解放路小学', 'primary', '南桥镇解放中路 50 号'],
  ['上海市奉贤区江山小学', 'primary', '南桥镇江山路 66 号'],
  ['上海市奉贤区思言小学', 'primary', '南桥镇思言路 12 号'],
  ['上海市奉贤区育贤小学', 'primary', '南桥镇育贤路 8 号'],
  ['上海市奉贤区恒贤小学', 'primary', '南桥镇恒贤路 3 号'],
  ['上海市奉贤区洪庙小学', 'primary', '洪庙镇洪庙路 1 号'],
  ['上海市奉贤区青村小学', 'primary', '青村镇南奉公路 7 号'],
  ['上海市奉贤区贝贝幼儿园', 'kindergarten', '南桥镇贝港路 10 号'],
  ['上海市奉贤区树园幼儿园', 'kindergarten', '南桥镇树园路 4 号'],
  ['上海市奉贤中等专业学校', 'vocational', '南桥镇沪杭公路 1600 号'],
  ['上海市奉贤区启贤学校', 'special', '南桥镇启贤路 2 号'],
];

export const demoSchools: DemoSchool[] = schoolList.map(([name, stage, street], index) => ({
  schoolCode: `31012000${String(index + 1).padStart(2, '0')}`,
  name,
  stage,
  address: `上海市奉贤区${street}`,
}));

/** Departments of the two demo schools whose admins exist in the realm; every school gets a 信息中心. */
export const demoDepartments: Record<string, string[]> = {
  '3101200001': ['校长室', '教导处', '德育处', '信息中心'],
  '3101200002': ['校长办公室', '教务处', '学生处', '信息中心'],
};
export const everySchoolDepartment = '信息中心';

const surnames =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢';
const givenNames = [
  '丽华',
  '建国',
  '伟',
  '敏',
  '静',
  '秀英',
  '志强',
  '海燕',
  '晓东',
  '雪梅',
  '俊杰',
  '文博',
  '佳怡',
  '子轩',
  '欣怡',
  '浩然',
  '梓涵',
  '宇航',
  '晨曦',
  '思远',
  '婷婷',
  '明辉',
  '春燕',
  '国庆',
  '玉兰',
  '振华',
  '凤英',
  '立新',
  '慧敏',
  '德明',
];

/** A deterministic, plausible Chinese name for the n-th generated member of staff. */
export function demoName(n: number): string {
  return `${surnames[n % surnames.length]}${givenNames[Math.floor(n / surnames.length + n) % givenNames.length]}`;
}

/** Matches the realm's demo users one for one (username, e-mail, roles, school). */
const realmDemoUsers: DemoStaff[] = [
  {
    staffNo: 'district.admin',
    name: '沈志远',
    email: 'district.admin@example.edu.cn',
    mobile: '13601700001',
    unit: 'district',
    roles: [{ role: 'district-admin', scope: 'district' }],
  },
  {
    staffNo: 'leader1',
    name: '李磊',
    email: 'leader1@example.edu.cn',
    mobile: '13601700002',
    unit: 'district',
    roles: [{ role: 'leader', scope: 'district' }],
  },
  {
    staffNo: 'admin.3101200001',
    name: '顾文静',
    email: 'admin.3101200001@example.edu.cn',
    mobile: '13601700003',
    unit: '3101200001/校长室',
    roles: [{ role: 'school-admin', scope: 'school' }],
  },
  {
    staffNo: 'admin.3101200002',
    name: '陆振华',
    email: 'admin.3101200002@example.edu.cn',
    mobile: '13601700004',
    unit: '3101200002/校长办公室',
    roles: [{ role: 'school-admin', scope: 'school' }],
  },
  {
    staffNo: 'teacher.3101200001',
    name: '朱晓燕',
    email: 'teacher.3101200001@example.edu.cn',
    mobile: '13601700005',
    unit: '3101200001/教导处',
    roles: [{ role: 'teacher', scope: 'school' }],
  },
  {
    staffNo: 'netadmin.3101200001',
    name: '钱立新',
    email: 'netadmin.3101200001@example.edu.cn',
    mobile: '13601700006',
    unit: '3101200001/信息中心',
    roles: [{ role: 'network-admin', scope: 'school' }],
  },
  {
    staffNo: 'security.officer',
    name: '许安平',
    email: 'security.officer@example.edu.cn',
    mobile: '13601700007',
    unit: 'district',
    roles: [{ role: 'security-officer', scope: 'district' }],
  },
  {
    staffNo: 'auditor',
    name: '韩明理',
    email: 'auditor@example.edu.cn',
    mobile: '13601700008',
    unit: 'district',
    roles: [{ role: 'auditor', scope: 'district' }],
  },
];

function generatedStaff(): DemoStaff[] {
  const staff: DemoStaff[] = [];
  let n = 0;
  const next = (staffNo: string, unit: string, roles: DemoStaff['roles']): void => {
    n += 1;
    staff.push({
      staffNo,
      name: demoName(n),
      email: `${staffNo.toLowerCase()}@fx.example.edu.cn`,
      mobile: null,
      unit,
      roles,
    });
  };
  // 研训员 at the institute centre guide schools district-wide; one contractor runs the MAN on a contract.
  for (let i = 1; i <= 3; i += 1)
    next(`R3101200${String(i).padStart(3, '0')}`, 'centre', [{ role: 'researcher', scope: 'district' }]);
  next('S3101200001', 'centre', [{ role: 'security-officer', scope: 'district' }]);
  next('C3101200001', 'centre', [{ role: 'contractor-ops', scope: 'district', endsAt: '2027-08-31' }]);
  for (const school of demoSchools) {
    const code = school.schoolCode;
    const isRealmSchool = code === '3101200001' || code === '3101200002';
    if (!isRealmSchool) next(`A${code}01`, code, [{ role: 'school-admin', scope: 'school' }]);
    if (code !== '3101200001')
      next(`N${code}01`, `${code}/${everySchoolDepartment}`, [{ role: 'network-admin', scope: 'school' }]);
    next(`T${code}01`, code, [
      { role: 'teacher', scope: 'school' },
      { role: 'security-officer', scope: 'school' },
    ]);
    next(`T${code}02`, code, [{ role: 'teacher', scope: 'school' }]);
    next(`T${code}03`, code, [
      { role: 'teacher', scope: 'school' },
      { role: 'leader', scope: 'school' },
    ]);
  }
  return staff;
}

export const demoStaff: DemoStaff[] = [...realmDemoUsers, ...generatedStaff()];
