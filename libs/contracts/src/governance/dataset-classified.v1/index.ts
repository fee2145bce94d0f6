import { datasetStatePayloadV1 } from '../schemas';

export const datasetClassifiedV1 = {
  topic: 'governance.dataset.classified.v1',
  payload: datasetStatePayloadV1,
} as const;
