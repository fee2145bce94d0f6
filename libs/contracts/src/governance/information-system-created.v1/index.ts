import { informationSystemCreatedPayloadV1 } from '../schemas';

export const informationSystemCreatedV1 = {
  topic: 'governance.information-system.created.v1',
  payload: informationSystemCreatedPayloadV1,
} as const;
