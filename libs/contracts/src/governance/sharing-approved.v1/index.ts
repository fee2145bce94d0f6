import { sharingApprovedPayloadV1 } from '../schemas';

export const sharingApprovedV1 = {
  topic: 'governance.sharing.approved.v1',
  payload: sharingApprovedPayloadV1,
} as const;
