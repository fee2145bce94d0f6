import { reviewCompletedPayloadV1 } from '../schemas';

export const reviewCompletedV1 = {
  topic: 'governance.review.completed.v1',
  payload: reviewCompletedPayloadV1,
} as const;
