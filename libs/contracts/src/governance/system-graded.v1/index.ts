import { systemGradedPayloadV1 } from '../schemas';

export const systemGradedV1 = {
  topic: 'governance.system.graded.v1',
  payload: systemGradedPayloadV1,
} as const;
