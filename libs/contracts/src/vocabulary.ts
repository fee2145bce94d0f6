// The domain's closed vocabularies: the identifiers events, APIs and tables use for the field's words
// (docs/glossary.md). Plain lists, without zod or node: browser code and @edubase/labels import them through
// `@edubase/contracts/vocabulary`, so a label map keyed by these types misses no value the compiler knows.

/** 组织机构类型: 区教育局, 学院中心, 学校, 学校部门. */
export const orgKinds = ['district', 'centre', 'school', 'department'] as const;
export type OrgKind = (typeof orgKinds)[number];

/** 学段 of a school. */
export const schoolStages = [
  'kindergarten',
  'primary',
  'junior',
  'senior',
  'nine-year',
  'complete-secondary',
  'vocational',
  'special',
] as const;
export type SchoolStage = (typeof schoolStages)[number];

/** 角色: held for one school or for the whole district. */
export const roleNames = [
  'teacher',
  'school-admin',
  'network-admin',
  'security-officer',
  'researcher',
  'leader',
  'district-admin',
  'contractor-ops',
  'auditor',
] as const;
export type RoleName = (typeof roleNames)[number];

/** 人员类别. */
export const personKinds = ['staff', 'student'] as const;
export type PersonKind = (typeof personKinds)[number];

/** 人员状态: departed covers 离职, 调出 and 毕业. */
export const personStatuses = ['active', 'suspended', 'departed'] as const;
export type PersonStatus = (typeof personStatuses)[number];

/**
 * 未成年人 by age on the day (周岁, China time): `under-14` (不满十四周岁, PIPL Art. 28: their personal
 * information is sensitive) or `under-18` (14 to 17). Adults, and people without a birth date, have none.
 */
export const minorCategories = ['under-14', 'under-18'] as const;
export type MinorCategory = (typeof minorCategories)[number];

/**
 * Why a person was deactivated: `manual` (an administrator suspended them: 停用), `departure` (离职, 调出,
 * 毕业) or `dormant` (沉睡账号: no login for the configured days, disabled by policy).
 */
export const deactivationCauses = ['manual', 'departure', 'dormant'] as const;
export type DeactivationCause = (typeof deactivationCauses)[number];

/** Why network access refused an authentication (上网认证拒绝原因). */
export const rejectReasons = [
  'unknown-user',
  'bad-password',
  'person-inactive',
  'no-network-role',
  'unknown-terminal',
  'terminal-disabled',
  'sso-unavailable',
  /** Wrong passwords came too often (person or NAS): refused without asking the SSO, to spare its lock. */
  'rate-limited',
] as const;
export type RejectReason = (typeof rejectReasons)[number];

/** 等保测评结论 (GB/T 28448 report, since 2021): 优, 良, 中, 差. */
export const assessmentResults = ['excellent', 'good', 'fair', 'poor'] as const;
export type AssessmentResult = (typeof assessmentResults)[number];

/** 整改项状态. */
export const rectificationStatuses = ['open', 'done'] as const;
export type RectificationStatus = (typeof rectificationStatuses)[number];

/** 未成年人个人信息合规审计状态. */
export const minorsAuditStatuses = ['draft', 'completed'] as const;
export type MinorsAuditStatus = (typeof minorsAuditStatuses)[number];

/** 合规检查项的回答: 是, 否, 不适用. */
export const checklistAnswers = ['yes', 'no', 'not-applicable'] as const;
export type ChecklistAnswer = (typeof checklistAnswers)[number];

/** 数据分级 (GB/T 43697-2024): 一般数据, 重要数据, 核心数据, in rising order. */
export const dataGrades = ['general', 'important', 'core'] as const;
export type DataGrade = (typeof dataGrades)[number];

/**
 * 数据分类: the education data taxonomy's first level, after the subsets of JY/T 1001 (教育管理信息 教育管理基础
 * 代码) and the district's systems: 学校, 学生, 教职工, 教学, 教研与培训, 财务资产, 网络与安全, 其他.
 */
export const dataCategories = [
  'school',
  'student',
  'staff',
  'teaching',
  'research-training',
  'finance-assets',
  'network-security',
  'other',
] as const;
export type DataCategory = (typeof dataCategories)[number];

/** 测评状态 of a system today: past its due date, within a reminder threshold, later, or no periodic 测评. */
export const assessmentDueStatuses = ['overdue', 'due-soon', 'not-due', 'not-required'] as const;
export type AssessmentDueStatus = (typeof assessmentDueStatuses)[number];

/** PI flags of a field (PIPL): 个人信息 ⊇ 敏感个人信息 ⊇ 未成年人个人信息 (Art. 28: under-14s' PI is sensitive). */
export const piFlags = ['personal', 'sensitive', 'minor'] as const;
export type PiFlag = (typeof piFlags)[number];

/** What PI detection answers for a value (身份证号, 手机号, 学籍号, 银行卡号, 电子邮箱, none). */
export const piLabels = ['id_card', 'mobile', 'student_no', 'bank_card', 'email', 'none'] as const;
export type PiLabel = (typeof piLabels)[number];

/** 分类分级复核: a detection's suggestion waiting for a person, accepted or rejected. */
export const classificationReviewStatuses = ['pending', 'accepted', 'rejected'] as const;
export type ClassificationReviewStatus = (typeof classificationReviewStatuses)[number];

/** 数据共享申请 status: approved once both the data owner and a security officer approve. */
export const sharingStatuses = ['pending', 'approved', 'rejected', 'expired'] as const;
export type SharingStatus = (typeof sharingStatuses)[number];

/** Why someone left: 离职 resigned, 调出 transferred out of the district, 毕业 graduated. */
export const departureKinds = ['resigned', 'transferred', 'graduated'] as const;
export type DepartureKind = (typeof departureKinds)[number];

/** 终端类型 of a registered device (MAB or device account). */
export const terminalTypes = ['printer', 'class-display', 'pc', 'camera', 'iot', 'other'] as const;
export type TerminalType = (typeof terminalTypes)[number];
