import { sessionStartedPayloadV1 } from '../schemas';

export const sessionStartedV1 = {
  topic: 'netaccess.session.started.v1',
  payload: sessionStartedPayloadV1,
} as const;
