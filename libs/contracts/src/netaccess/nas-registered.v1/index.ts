import { nasRegisteredPayloadV1 } from '../schemas';

export const nasRegisteredV1 = {
  topic: 'netaccess.nas.registered.v1',
  payload: nasRegisteredPayloadV1,
} as const;
