import { sharingExpiredPayloadV1 } from '../schemas';

export const sharingExpiredV1 = {
  topic: 'governance.sharing.expired.v1',
  payload: sharingExpiredPayloadV1,
} as const;
