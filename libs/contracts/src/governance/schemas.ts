import { z } from 'zod';
import { schoolCodeSchema } from '../envelope';

// 数据治理: what other services act on; details stay in governance and are read through its API.

export const informationSystemCreatedPayloadV1 = z.object({
  informationSystemId: z.string().min(1),
  schoolCode: schoolCodeSchema,
  name: z.string().min(1),
});
