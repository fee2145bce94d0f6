import { auditChainBrokenPayloadV1 } from '../schemas';

export const auditChainBrokenV1 = {
  topic: 'governance.audit.chain-broken.v1',
  payload: auditChainBrokenPayloadV1,
} as const;
