import { personChangedPayloadV1 } from '../schemas';

export const personCreatedV1 = {
  topic: 'identity.person.created.v1',
  payload: personChangedPayloadV1,
} as const;
