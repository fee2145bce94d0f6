import { datasetStatePayloadV1 } from '../schemas';

export const datasetRegisteredV1 = {
  topic: 'governance.dataset.registered.v1',
  payload: datasetStatePayloadV1,
} as const;
