import { personCredentialsChangedPayloadV1 } from '../schemas';

export const personCredentialsChangedV1 = {
  topic: 'identity.person.credentials-changed.v1',
  payload: personCredentialsChangedPayloadV1,
} as const;
