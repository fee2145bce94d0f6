import { sessionStoppedPayloadV1 } from '../schemas';

export const sessionStoppedV1 = {
  topic: 'netaccess.session.stopped.v1',
  payload: sessionStoppedPayloadV1,
} as const;
