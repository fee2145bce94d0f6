import { personChangedPayloadV1 } from '../schemas';

export const personUpdatedV1 = {
  topic: 'identity.person.updated.v1',
  payload: personChangedPayloadV1,
} as const;
