/**
 * Response shapes of governance's API (数据治理: 信息系统, 数据目录, 分类分级复核, 数据共享, 未成年人个人信息合规审计),
 * shared by the service, which builds its answers typed by them, and the staff console, so the two cannot
 * drift apart. Types only (no decorators, no server code): the console's bundle imports nothing at runtime.
 */
import type {
  AssessmentDueStatus,
  AssessmentResult,
  ChecklistAnswer,
  ClassificationReviewStatus,
  DataCategory,
  DataGrade,
  MinorsAuditStatus,
  OrgKind,
  PiLabel,
  RectificationStatus,
  SharingStatus,
} from '../vocabulary';
import type { ChainReader } from './audit';

// ── 信息系统 (等保): /information-systems ──────────────────────────────────────────────────────────────

/** Where a system's next 等级测评 stands. */
export interface DueState {
  status: AssessmentDueStatus;
  /** Days from today to the due date; negative once overdue. */
  daysLeft: number | null;
  /** The reminder threshold reached (the smallest configured number of days not below daysLeft). */
  reminderDays: number | null;
}

export interface RectificationView {
  id: string;
  assessmentId: string;
  description: string;
  dueOn: string | null;
  status: RectificationStatus;
}

export interface AssessmentView {
  id: string;
  assessedOn: string;
  body: string;
  result: AssessmentResult;
  protectionLevel: number;
}

export interface SystemView {
  id: string;
  schoolCode: string | null;
  name: string;
  ownerUnit: string;
  contractor: string | null;
  protectionLevel: number | null;
  filingNumber: string | null;
  filingDate: string | null;
  registeredOn: string;
  lastAssessedOn: string | null;
  assessmentBody: string | null;
  assessmentResult: AssessmentResult | null;
  nextAssessmentDue: string | null;
  due: DueState;
  openRectifications: number;
  createdAt: string;
}

export interface SystemDetailView extends SystemView {
  assessments: AssessmentView[];
  rectifications: RectificationView[];
}

/** 责任单位 choices (/org-units): identity's org units as governance knows them. */
export interface OrgUnitView {
  orgId: string;
  kind: OrgKind;
  name: string;
  schoolCode: string | null;
}

// ── 数据目录 and 分类分级复核: /datasets, /classification-reviews ─────────────────────────────────────────

/** How a dataset came into the catalog. */
export type DatasetOrigin = 'service' | 'api' | 'import';

export interface FieldView {
  id: string;
  name: string;
  dataType: string | null;
  description: string | null;
  category: DataCategory | null;
  grade: DataGrade | null;
  personal: boolean;
  sensitive: boolean;
  minor: boolean;
  classifiedAt: string | null;
  classifiedBy: string | null;
  /** When its service stopped describing it (a dropped column); null while it exists. */
  removedAt: string | null;
}

export interface DatasetView {
  id: string;
  systemId: string;
  schoolCode: string | null;
  name: string;
  title: string | null;
  origin: DatasetOrigin;
  grade: DataGrade | null;
  fields: number;
  classifiedFields: number;
}

export interface DatasetDetailView extends DatasetView {
  derivedFrom: string[];
  fieldList: FieldView[];
}

export interface ReviewView {
  id: string;
  datasetId: string;
  fieldId: string;
  /** The dataset's and field's names, for a person deciding (the list answers them; a decision too). */
  datasetName?: string;
  fieldName?: string;
  schoolCode: string | null;
  detectedLabel: PiLabel;
  confidence: number;
  suggested: { grade: DataGrade; personal: boolean; sensitive: boolean; minor: boolean };
  status: ClassificationReviewStatus;
  decidedBy: string | null;
  decidedAt: string | null;
}

// ── 数据共享: /sharing-requests ─────────────────────────────────────────────────────────────────────

/** Where the client's Keycloak scope stands (granted and revoked through the outbox). */
export type SharingScopeState = 'none' | 'grant-pending' | 'granted' | 'revoke-pending' | 'revoked';

export interface SharingView {
  id: string;
  datasetId: string;
  /** The dataset's title (else its name), in lists. */
  datasetName?: string;
  schoolCode: string | null;
  clientId: string;
  purpose: string;
  fields: string[];
  startsOn: string;
  endsOn: string;
  status: SharingStatus;
  ownerApprovedBy: string | null;
  officerApprovedBy: string | null;
  scope: string;
  scopeState: SharingScopeState;
}

// ── 未成年人个人信息合规审计: /compliance/minors-audits ───────────────────────────────────────────────────

/** One dataset of the system holding 未成年人个人信息, as the catalog had it when the audit was prepared. */
export interface AuditedDataset {
  datasetId: string;
  name: string;
  title: string | null;
  grade: DataGrade | null;
  /** 存储期限, stated by the auditor (the catalog does not hold it). */
  retention: string | null;
  fields: { fieldId: string; name: string; category: DataCategory | null; grade: DataGrade | null }[];
}

/** Who read personal data in the audit's year, from the system's audit chain (EduBase services only). */
export interface AuditedReaders {
  source: 'audit-chain' | 'not-available' | 'unreachable';
  service: string | null;
  note: string | null;
  items: ChainReader[];
}

/** 发现问题 and its 整改. */
export interface FindingView {
  id: string;
  checklistKey: string | null;
  description: string;
  rectification: string;
  owner: string;
  dueOn: string;
  status: RectificationStatus;
  closedOn: string | null;
}

/** A checklist item with its answer. */
export interface ChecklistItemView {
  key: string;
  question: string;
  basis: string;
  answer: ChecklistAnswer | null;
  note: string | null;
}

export interface MinorsAuditView {
  id: string;
  systemId: string;
  systemName: string;
  schoolCode: string | null;
  year: number;
  status: MinorsAuditStatus;
  minorPiFields: number;
  findings: number;
  openFindings: number;
  preparedAt: string;
  openedBy: string;
  completedBy: string | null;
  completedOn: string | null;
}

export interface MinorsAuditDetailView extends MinorsAuditView {
  datasets: AuditedDataset[];
  readers: AuditedReaders;
  checklist: ChecklistItemView[];
  findingList: FindingView[];
}
