import type { AssessmentResult } from '@edubase/contracts';

/**
 * The 奉贤区 demo register, after the 教育信息技术中心's 2025学年 plan (../shared/seed): the 教育城域网, the
 * 智慧教育云平台 with its 云课堂, the 教育数据中心 under 国产化整改, the 数字驾驶舱, and a few school systems.
 * Assessment dates are days before the day the demo is loaded, so it always shows one overdue system, one
 * due soon and the rest in order. EduBase's own services register themselves (their catalog event).
 */
export interface DemoSystem {
  schoolCode: string | null;
  name: string;
  ownerUnit: string;
  contractor: string | null;
  level: number;
  filingNumber: string | null;
  /** Days before today of the 备案 and the last 测评 (null: none yet). */
  filedDaysAgo: number;
  assessed: { daysAgo: number; body: string; result: AssessmentResult; rectifications: string[] } | null;
  datasets?: DemoDataset[];
}

export interface DemoDataset {
  name: string;
  title: string;
  fields: { name: string; description: string; samples?: string[] }[];
  derivedFrom?: string;
}

const CENTRE = '奉贤区教育学院教育信息技术中心';
const BUREAU = '上海市奉贤区教育局';
const TESTER = '上海市信息安全测评认证中心';

export const demoRegister: DemoSystem[] = [
  {
    schoolCode: null,
    name: '奉贤区教育城域网',
    ownerUnit: BUREAU,
    contractor: '中国电信股份有限公司上海分公司',
    level: 3,
    filingNumber: '31012013001-24001',
    filedDaysAgo: 900,
    assessed: {
      daysAgo: 200,
      body: TESTER,
      result: 'good',
      rectifications: ['核心交换机访问控制策略需细化到端口', '日志留存不足六个月'],
    },
  },
  {
    schoolCode: null,
    name: '奉贤区智慧教育云平台(含云课堂)',
    ownerUnit: CENTRE,
    contractor: '上海某教育科技有限公司',
    level: 3,
    filingNumber: '31012013001-23007',
    filedDaysAgo: 1000,
    // assessed a year and 12 days ago: overdue
    assessed: {
      daysAgo: 377,
      body: TESTER,
      result: 'fair',
      rectifications: ['未启用双因素认证', '数据库未加密存储身份证号'],
    },
    datasets: [
      {
        name: 'xs_zh',
        title: '学生账号',
        fields: [
          { name: 'xm', description: '姓名' },
          { name: 'xjh', description: '学籍号', samples: ['G310120201203041238', 'G310120201505061242'] },
          { name: 'sfzh', description: '身份证号', samples: ['310120201203041238', '310120201309120567'] },
          { name: 'jhrlxdh', description: '监护人联系电话', samples: ['13817001234', '13916002345'] },
          { name: 'bj', description: '班级' },
        ],
      },
      {
        name: 'xq_fxbb',
        title: '学情分析报表',
        fields: [
          { name: 'nj', description: '年级' },
          { name: 'pjf', description: '平均分' },
        ],
        derivedFrom: 'xs_zh',
      },
    ],
  },
  {
    schoolCode: null,
    name: '奉贤区教育数据中心',
    ownerUnit: CENTRE,
    contractor: '上海某信创集成有限公司',
    level: 3,
    filingNumber: '31012013001-22003',
    filedDaysAgo: 1400,
    // due in 30 days: on the reminder list
    assessed: { daysAgo: 335, body: TESTER, result: 'good', rectifications: [] },
  },
  {
    schoolCode: null,
    name: '上海教育数字驾驶舱(奉贤)',
    ownerUnit: BUREAU,
    contractor: null,
    level: 2,
    filingNumber: '31012013001-25011',
    filedDaysAgo: 120,
    assessed: null,
  },
  {
    schoolCode: '3101200001',
    name: '上海市奉贤区实验小学校园网站',
    ownerUnit: '上海市奉贤区实验小学',
    contractor: '上海某网络科技有限公司',
    level: 2,
    filingNumber: null,
    filedDaysAgo: 300,
    assessed: null,
  },
  {
    schoolCode: '3101200002',
    name: '上海市奉贤中学智慧校园平台',
    ownerUnit: '上海市奉贤中学',
    contractor: '上海某教育科技有限公司',
    level: 3,
    filingNumber: '31012013001-24019',
    filedDaysAgo: 500,
    assessed: { daysAgo: 100, body: TESTER, result: 'excellent', rectifications: ['机房门禁记录未定期审查'] },
    datasets: [
      {
        name: 'jzg_xx',
        title: '教职工信息',
        fields: [
          { name: 'gh', description: '工号' },
          { name: 'xm', description: '姓名' },
          { name: 'lxdh', description: '联系电话', samples: ['13800138000', '13651234567'] },
          { name: 'yhkh', description: '工资卡号', samples: ['6222600260001072444'] },
          { name: 'yx', description: '邮箱', samples: ['teacher01@fxzx.edu.sh.cn'] },
        ],
      },
    ],
  },
  {
    schoolCode: '3101200003',
    name: '上海市曙光中学校园一卡通',
    ownerUnit: '上海市曙光中学',
    contractor: '上海某智能卡有限公司',
    level: 2,
    filingNumber: null,
    filedDaysAgo: 700,
    assessed: null,
  },
];
