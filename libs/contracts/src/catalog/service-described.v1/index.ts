import { serviceDescribedPayloadV1 } from '../schemas';

export const serviceDescribedV1 = {
  topic: 'catalog.service.described.v1',
  payload: serviceDescribedPayloadV1,
} as const;
