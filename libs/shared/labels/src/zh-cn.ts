import type {
  AssessmentDueStatus,
  AssessmentResult,
  ChecklistAnswer,
  ClassificationReviewStatus,
  DataCategory,
  DataGrade,
  DepartureKind,
  MinorCategory,
  MinorsAuditStatus,
  OrgKind,
  PersonKind,
  PersonStatus,
  PiFlag,
  PiLabel,
  RectificationStatus,
  RejectReason,
  RoleName,
  SchoolStage,
  SharingStatus,
  TerminalType,
} from '@edubase/contracts/vocabulary';

// The zh-CN words people read for the domain's identifiers, in the terms of docs/glossary.md. Services and
// web apps show these and nothing else: keyed by the contracts' types, a value added there without its
// label here fails the type check.

/** 角色. */
export const roleLabels: Readonly<Record<RoleName, string>> = {
  teacher: '教师',
  'school-admin': '学校管理员',
  'network-admin': '网管员',
  'security-officer': '网络安全管理员',
  researcher: '研训员',
  leader: '领导',
  'district-admin': '区级管理员',
  'contractor-ops': '承建单位运维',
  auditor: '审计员',
};

/** 学段. */
export const schoolStageLabels: Readonly<Record<SchoolStage, string>> = {
  kindergarten: '幼儿园',
  primary: '小学',
  junior: '初中',
  senior: '高中',
  'nine-year': '九年一贯制',
  'complete-secondary': '完全中学',
  vocational: '中职',
  special: '特殊教育',
};

/** 组织机构类型. */
export const orgKindLabels: Readonly<Record<OrgKind, string>> = {
  district: '区教育局',
  centre: '学院中心',
  school: '学校',
  department: '部门',
};

/** 人员类别. */
export const personKindLabels: Readonly<Record<PersonKind, string>> = {
  staff: '教职工',
  student: '学生',
};

/** 人员状态, worded for staff (在岗) and for students (在籍). */
export const personStatusLabels: Readonly<Record<PersonKind, Readonly<Record<PersonStatus, string>>>> = {
  staff: { active: '在岗', suspended: '停用', departed: '离岗' },
  student: { active: '在籍', suspended: '停用', departed: '离校' },
};

/** 离校/离岗方式. */
/** identity's `minor` band of a person (null: adult or no birth date). */
export const minorCategoryLabels: Readonly<Record<MinorCategory, string>> = {
  'under-18': '未成年人',
  'under-14': '不满十四周岁',
};

export const departureKindLabels: Readonly<Record<DepartureKind, string>> = {
  resigned: '离职',
  transferred: '调出',
  graduated: '毕业',
};

/** 终端类型. */
export const terminalTypeLabels: Readonly<Record<TerminalType, string>> = {
  printer: '打印机',
  'class-display': '班级大屏',
  pc: '计算机',
  camera: '摄像头',
  iot: '物联网设备',
  other: '其他',
};

/** 上网认证拒绝原因, short (charts, tables); the Reply-Message a user reads is network access's own sentence. */
export const rejectReasonLabels: Readonly<Record<RejectReason, string>> = {
  'unknown-user': '账号不存在',
  'bad-password': '密码错误',
  'person-inactive': '人员已停用',
  'no-network-role': '无上网权限',
  'unknown-terminal': '未登记终端',
  'terminal-disabled': '终端已停用',
  'sso-unavailable': '统一身份认证不可用',
  'rate-limited': '尝试过于频繁',
};

/** 等保 定级, 第一级 to 第五级 (GB/T 22239-2019). */
export const protectionLevelLabels: Readonly<Record<1 | 2 | 3 | 4 | 5, string>> = {
  1: '第一级',
  2: '第二级',
  3: '第三级',
  4: '第四级',
  5: '第五级',
};

/** 等保测评结论. */
export const assessmentResultLabels: Readonly<Record<AssessmentResult, string>> = {
  excellent: '优',
  good: '良',
  fair: '中',
  poor: '差',
};

/** 整改项状态. */
export const rectificationStatusLabels: Readonly<Record<RectificationStatus, string>> = {
  open: '待整改',
  done: '已整改',
};

/** 未成年人个人信息合规审计状态. */
export const minorsAuditStatusLabels: Readonly<Record<MinorsAuditStatus, string>> = {
  draft: '审计中',
  completed: '已完成',
};

/** 合规检查项的回答. */
export const checklistAnswerLabels: Readonly<Record<ChecklistAnswer, string>> = {
  yes: '是',
  no: '否',
  'not-applicable': '不适用',
};

/** 数据分级 (GB/T 43697-2024). */
export const dataGradeLabels: Readonly<Record<DataGrade, string>> = {
  general: '一般数据',
  important: '重要数据',
  core: '核心数据',
};

/** 数据分类, the education data taxonomy's first level. */
export const dataCategoryLabels: Readonly<Record<DataCategory, string>> = {
  school: '学校',
  student: '学生',
  staff: '教职工',
  teaching: '教学',
  'research-training': '教研与培训',
  'finance-assets': '财务资产',
  'network-security': '网络与安全',
  other: '其他',
};

/** 测评状态 of a system today (the register's colours: 已逾期 red, 即将到期 orange). */
export const assessmentDueStatusLabels: Readonly<Record<AssessmentDueStatus, string>> = {
  overdue: '已逾期',
  'due-soon': '即将到期',
  'not-due': '未到期',
  'not-required': '无需定期测评',
};

/** 个人信息标识 of a field (PIPL). */
export const piFlagLabels: Readonly<Record<PiFlag, string>> = {
  personal: '个人信息',
  sensitive: '敏感个人信息',
  minor: '未成年人个人信息',
};

/** What PI detection found in a column's values. */
export const piLabelLabels: Readonly<Record<PiLabel, string>> = {
  id_card: '身份证号',
  mobile: '手机号码',
  student_no: '学籍号',
  bank_card: '银行卡号',
  email: '电子邮箱',
  none: '未发现个人信息',
};

/** 分类分级复核状态. */
export const classificationReviewStatusLabels: Readonly<Record<ClassificationReviewStatus, string>> = {
  pending: '待复核',
  accepted: '已采纳',
  rejected: '已驳回',
};

/** 数据共享申请状态. */
export const sharingStatusLabels: Readonly<Record<SharingStatus, string>> = {
  pending: '待审批',
  approved: '已批准',
  rejected: '未批准',
  expired: '已到期',
};

/**
 * The label of a value that arrived as a plain string (JSON from an API, a projection's key): an
 * identifier this build does not know yet shows as it is rather than as nothing.
 */
export function labelOf(labels: Readonly<Record<string, string>>, value: string): string {
  return Object.hasOwn(labels, value) ? labels[value]! : value;
}

/** A 数据分级 as pages and reports show it: 未定级 while a field or dataset has none. */
export const dataGradeText = (grade: string | null): string =>
  grade ? labelOf(dataGradeLabels, grade) : '未定级';

/** A 数据分类 as pages and reports show it: 未分类 while a field has none. */
export const dataCategoryText = (category: string | null): string =>
  category ? labelOf(dataCategoryLabels, category) : '未分类';
