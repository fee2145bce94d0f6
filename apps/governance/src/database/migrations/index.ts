import { auditChainMigrations } from '@edubase/audit';
import { messagingMigrations } from '@edubase/messaging';
import { GovernanceSchema1796496384915 } from './1796496384915-governance-schema';
import { SharingRequests1796498238038 } from './1796498238038-sharing-requests';
import { ComplianceAnchorsRemovedFields1796505833118 } from './1796505833118-compliance-anchors-removed-fields';
import { OrgUnits1796507889010 } from './1796507889010-org-units';

/** The messaging and audit chain tables first, then governance's own, in timestamp order. */
export const governanceMigrations = [
  ...messagingMigrations,
  ...auditChainMigrations,
  GovernanceSchema1796496384915,
  SharingRequests1796498238038,
  ComplianceAnchorsRemovedFields1796505833118,
  OrgUnits1796507889010,
];
