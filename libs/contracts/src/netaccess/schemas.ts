import { z } from 'zod';
import { rejectReasons } from '../vocabulary';

const macAddress = z
  .string()
  .regex(/^([0-9a-f]{2}-){5}[0-9a-f]{2}$/, 'must be a lower-case MAC like aa-bb-cc-dd-ee-ff');
const ipv4 = z.ipv4();

export const authMethodSchema = z.enum(['pap', 'chap', 'mab', 'portal']);
export const rejectReasonSchema = z.enum(rejectReasons);

export const sessionStartedPayloadV1 = z.object({
  sessionId: z.string().min(1),
  username: z.string().min(1),
  personId: z.string().min(1).nullable(),
  terminalId: z.string().min(1).nullable(),
  macAddress: macAddress.nullable(),
  nasId: z.string().min(1),
  nasIp: ipv4,
  nasPort: z.string().nullable(),
  framedIp: ipv4.nullable(),
  startedAt: z.iso.datetime({ offset: true }),
});

export const sessionStoppedPayloadV1 = z.object({
  sessionId: z.string().min(1),
  username: z.string().min(1),
  personId: z.string().min(1).nullable(),
  macAddress: macAddress.nullable(),
  nasId: z.string().min(1),
  framedIp: ipv4.nullable(),
  startedAt: z.iso.datetime({ offset: true }),
  stoppedAt: z.iso.datetime({ offset: true }),
  inputOctets: z.number().int().nonnegative(),
  outputOctets: z.number().int().nonnegative(),
  /** RFC 2866 Acct-Terminate-Cause name, or `stale` when no interim update arrived in time. */
  terminateCause: z.string().min(1),
});

export const authRejectedPayloadV1 = z.object({
  username: z.string().min(1),
  macAddress: macAddress.nullable(),
  nasId: z.string().min(1),
  method: authMethodSchema,
  reason: rejectReasonSchema,
  at: z.iso.datetime({ offset: true }),
});

export const terminalRegisteredPayloadV1 = z.object({
  terminalId: z.string().min(1),
  macAddress: macAddress,
  type: z.enum(['printer', 'class-display', 'pc', 'camera', 'iot', 'other']),
  isDomestic: z.boolean(),
  ownerPersonId: z.string().min(1).nullable(),
});

export const nasRegisteredPayloadV1 = z.object({
  nasId: z.string().min(1),
  ip: ipv4,
  vendor: z.string().min(1),
  model: z.string().nullable(),
  location: z.string().nullable(),
});
