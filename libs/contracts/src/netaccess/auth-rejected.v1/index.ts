import { authRejectedPayloadV1 } from '../schemas';

export const authRejectedV1 = {
  topic: 'netaccess.auth.rejected.v1',
  payload: authRejectedPayloadV1,
} as const;
