import { z } from 'zod';
import { schoolCodeSchema } from '../envelope';
import {
  deactivationCauses,
  minorCategories,
  orgKinds,
  personKinds,
  personStatuses,
  roleNames,
  schoolStages,
} from '../vocabulary';

// Events carry identifiers and what other services act on; personal data (身份证号, mobile, birth date)
// stays in identity and is fetched through its API by callers entitled to it.

export const orgKindSchema = z.enum(orgKinds);
export const schoolStageSchema = z.enum(schoolStages);
export const roleNameSchema = z.enum(roleNames);
export const personStatusSchema = z.enum(personStatuses);
export const personKindSchema = z.enum(personKinds);
export const minorCategorySchema = z.enum(minorCategories);
export const deactivationCauseSchema = z.enum(deactivationCauses);

export const orgChangedPayloadV1 = z.object({
  orgId: z.string().min(1),
  kind: orgKindSchema,
  name: z.string().min(1),
  parentId: z.string().min(1).nullable(),
  schoolCode: schoolCodeSchema.nullable(),
  stage: schoolStageSchema.nullable(),
});

export const personChangedPayloadV1 = z.object({
  personId: z.string().min(1),
  kind: personKindSchema,
  staffNo: z.string().min(1).nullable(),
  studentNo: z.string().min(1).nullable(),
  name: z.string().min(1),
  schoolCode: schoolCodeSchema.nullable(),
  orgId: z.string().min(1).nullable(),
  status: personStatusSchema,
  /**
   * 未成年人: `under-14`, `under-18`, or null for an adult or a person without a birth date (the age band,
   * not the birth date, which stays in identity). Added compatibly: absent in events written before it
   * existed, which consumers read as "not known" (a replay from before is corrected by the next update).
   * A birthday that crosses 14 or 18 is announced as an update.
   */
  minor: minorCategorySchema.nullable().optional(),
});

export const personDeactivatedPayloadV1 = z.object({
  personId: z.string().min(1),
  staffNo: z.string().min(1).nullable(),
  schoolCode: schoolCodeSchema.nullable(),
  status: z.enum(['suspended', 'departed']),
  reason: z.string().min(1),
  effectiveDate: z.iso.date(),
  /**
   * Why, as a closed list (`reason` is the administrator's free text): manual suspension, departure or
   * dormancy. Added compatibly: absent in events written before it, where `status` says suspended
   * (manual) or departed (departure).
   */
  cause: deactivationCauseSchema.optional(),
});

export const roleChangedPayloadV1 = z.object({
  personId: z.string().min(1),
  staffNo: z.string().min(1).nullable(),
  role: roleNameSchema,
  /** A role is held for one school or for the whole district. */
  scope: z.enum(['school', 'district']),
  schoolCode: schoolCodeSchema.nullable(),
  endsAt: z.iso.date().nullable(),
});

/**
 * A change made in Keycloak itself (a password changed at the account console, reset or an account
 * disabled by an administrator there) that services caching what a password opened must forget.
 */
export const personCredentialsChangedPayloadV1 = z.object({
  personId: z.string().min(1),
  staffNo: z.string().min(1).nullable(),
  schoolCode: schoolCodeSchema.nullable(),
  change: z.enum(['password', 'account']),
  changedAt: z.iso.datetime({ offset: true }),
});
