import { personDeactivatedPayloadV1 } from '../schemas';

export const personDeactivatedV1 = {
  topic: 'identity.person.deactivated.v1',
  payload: personDeactivatedPayloadV1,
} as const;
