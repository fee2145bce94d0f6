import { systemRegisteredPayloadV1 } from '../schemas';

export const systemRegisteredV1 = {
  topic: 'governance.system.registered.v1',
  payload: systemRegisteredPayloadV1,
} as const;
