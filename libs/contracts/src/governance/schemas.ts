import { z } from 'zod';
import { schoolCodeSchema } from '../envelope';
import { assessmentResults } from '../vocabulary';

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
