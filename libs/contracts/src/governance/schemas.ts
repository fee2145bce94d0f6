import { z } from 'zod';
import { schoolCodeSchema } from '../envelope';
import { assessmentResults, dataGrades } from '../vocabulary';

// 数据治理: what other services act on; details stay in governance and are read through its API.

/** 等保 定级: 第一级 to 第五级. */
export const protectionLevelSchema = z.number().int().min(1).max(5);

/** The owner of a system: a school (学校标识码), or null for the district's own systems (区教育局, 教育学院). */
const ownerSchoolSchema = schoolCodeSchema.nullable();

export const systemRegisteredPayloadV1 = z.object({
  systemId: z.string().min(1),
  schoolCode: ownerSchoolSchema,
  name: z.string().min(1),
  protectionLevel: protectionLevelSchema.nullable(),
  nextAssessmentDue: z.iso.date().nullable(),
});

export const systemGradedPayloadV1 = z.object({
  systemId: z.string().min(1),
  schoolCode: ownerSchoolSchema,
  protectionLevel: protectionLevelSchema,
  previousLevel: protectionLevelSchema.nullable(),
  filingNumber: z.string().min(1).nullable(),
  nextAssessmentDue: z.iso.date().nullable(),
});

export const systemAssessedPayloadV1 = z.object({
  systemId: z.string().min(1),
  schoolCode: ownerSchoolSchema,
  assessmentId: z.string().min(1),
  assessedOn: z.iso.date(),
  result: z.enum(assessmentResults),
  openRectifications: z.number().int().min(0),
  nextAssessmentDue: z.iso.date().nullable(),
});

/**
 * Where a dataset's classification stands, sent whole on every change (registered, a field classified, a
 * source's grade raised), so a consumer keeps the latest by dataset without replaying history.
 */
export const datasetStatePayloadV1 = z.object({
  datasetId: z.string().min(1),
  systemId: z.string().min(1),
  schoolCode: ownerSchoolSchema,
  /** The effective grade: the highest of its fields and its sources' (就高从严); null while none is graded. */
  grade: z.enum(dataGrades).nullable(),
  fields: z.number().int().min(0),
  classifiedFields: z.number().int().min(0),
  /** Fields holding personal information (个人信息), by their grade. */
  piFieldsByGrade: z.object({
    general: z.number().int().min(0),
    important: z.number().int().min(0),
    core: z.number().int().min(0),
  }),
  /** Fields holding minors' personal information (未成年人个人信息). */
  minorPiFields: z.number().int().min(0),
});

export const reviewCompletedPayloadV1 = z.object({
  reviewId: z.string().min(1),
  datasetId: z.string().min(1),
  fieldId: z.string().min(1),
  schoolCode: ownerSchoolSchema,
  decision: z.enum(['accepted', 'rejected']),
});

/** 数据共享 approved by the data owner and the security officer: the client's tokens carry `scope` until `endsOn`. */
export const sharingApprovedPayloadV1 = z.object({
  requestId: z.string().min(1),
  datasetId: z.string().min(1),
  /**
   * Where the data is served: the EduBase service holding the dataset (null: another system) and the
   * dataset's name there (its table). The serving service grants `fields` of that dataset to tokens of
   * `clientId` carrying `scope`, from `startsOn` to `endsOn`. Optional: events before these were added lack it.
   */
  service: z.string().min(1).nullable().optional(),
  datasetName: z.string().min(1).optional(),
  schoolCode: ownerSchoolSchema,
  clientId: z.string().min(1),
  scope: z.string().min(1),
  fields: z.array(z.string().min(1)),
  startsOn: z.iso.date(),
  endsOn: z.iso.date(),
});

export const sharingExpiredPayloadV1 = z.object({
  requestId: z.string().min(1),
  datasetId: z.string().min(1),
  schoolCode: ownerSchoolSchema,
  clientId: z.string().min(1),
  scope: z.string().min(1),
});

/**
 * A service's audit chain failed verification (its own links, or the anchors governance keeps): the service
 * and the first broken link. Sent when a verification finds a break it had not reported yet.
 */
export const auditChainBrokenPayloadV1 = z.object({
  service: z.string().min(1),
  seq: z.number().int().nonnegative(),
  entryId: z.string().min(1).nullable(),
  problem: z.enum(['changed', 'missing', 'relinked', 'anchor-mismatch']),
  detail: z.string(),
  verifiedAt: z.iso.datetime({ offset: true }),
});

/**
 * 未成年人个人信息保护 annual compliance audit (未成年人网络保护条例 Art. 37) of one system and year, sent whole
 * on every change, so the cockpit keeps the open findings per school from the latest state.
 */
export const minorsAuditChangedPayloadV1 = z.object({
  auditId: z.string().min(1),
  systemId: z.string().min(1),
  schoolCode: ownerSchoolSchema,
  year: z.number().int().min(2000).max(2100),
  status: z.enum(['draft', 'completed']),
  findings: z.number().int().min(0),
  openFindings: z.number().int().min(0),
});
