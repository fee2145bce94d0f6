import { auditChainBrokenV1 } from './audit-chain-broken.v1';
import { datasetClassifiedV1 } from './dataset-classified.v1';
import { datasetRegisteredV1 } from './dataset-registered.v1';
import { minorsAuditChangedV1 } from './minors-audit-changed.v1';
import { reviewCompletedV1 } from './review-completed.v1';
import { sharingApprovedV1 } from './sharing-approved.v1';
import { sharingExpiredV1 } from './sharing-expired.v1';
import { systemAssessedV1 } from './system-assessed.v1';
import { systemGradedV1 } from './system-graded.v1';
import { systemRegisteredV1 } from './system-registered.v1';

export * from './schemas';

/** Every governance event, one folder each. */
export const governanceEvents = [
  systemRegisteredV1,
  systemGradedV1,
  systemAssessedV1,
  datasetRegisteredV1,
  datasetClassifiedV1,
  reviewCompletedV1,
  sharingApprovedV1,
  sharingExpiredV1,
  minorsAuditChangedV1,
  auditChainBrokenV1,
] as const;
