import { systemAssessedPayloadV1 } from '../schemas';

export const systemAssessedV1 = {
  topic: 'governance.system.assessed.v1',
  payload: systemAssessedPayloadV1,
} as const;
