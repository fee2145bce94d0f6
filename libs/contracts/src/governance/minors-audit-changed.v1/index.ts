import { minorsAuditChangedPayloadV1 } from '../schemas';

export const minorsAuditChangedV1 = {
  topic: 'governance.minors-audit.changed.v1',
  payload: minorsAuditChangedPayloadV1,
} as const;
