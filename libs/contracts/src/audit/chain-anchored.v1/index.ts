import { chainAnchoredPayloadV1 } from '../schemas';

export const chainAnchoredV1 = {
  topic: 'audit.chain.anchored.v1',
  payload: chainAnchoredPayloadV1,
} as const;
