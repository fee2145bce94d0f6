import { auditChainEntities } from '@edubase/audit';
import { messagingEntities } from '@edubase/messaging';
import { ClassificationReview, DataField, Dataset, DatasetSource } from '../catalog/catalog.entities';
import { Assessment, RectificationItem } from '../information-systems/assessment.entity';
import { InformationSystem } from '../information-systems/information-system.entity';
import { AuditAnchor, AuditChainCheck } from '../audit-chains/audit-chain-records.entity';
import { ComplianceFinding, MinorsPiAudit } from '../minors-audit/minors-audit.entities';
import { OrgUnit } from '../org-units/org-unit.entity';
import { SharingRequest } from '../sharing/sharing-request.entity';

export const governanceEntities = [
  ...messagingEntities,
  ...auditChainEntities,
  InformationSystem,
  Assessment,
  RectificationItem,
  Dataset,
  DatasetSource,
  DataField,
  ClassificationReview,
  SharingRequest,
  AuditAnchor,
  AuditChainCheck,
  MinorsPiAudit,
  ComplianceFinding,
  OrgUnit,
];
