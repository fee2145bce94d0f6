// What governance's /compliance/minors-audits answers (apps/governance/src/minors-audit/minors-audit.dto.ts).
import type {
  ChecklistAnswer,
  DataCategory,
  DataGrade,
  MinorsAuditStatus,
  RectificationStatus,
} from '@edubase/contracts/vocabulary';

export interface MinorsAudit {
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

export interface AuditedDataset {
  datasetId: string;
  name: string;
  title: string | null;
  grade: DataGrade | null;
  retention: string | null;
  fields: { fieldId: string; name: string; category: DataCategory | null; grade: DataGrade | null }[];
}

export interface Reader {
  actorId: string;
  actorKind: string;
  actorName: string | null;
  action: string;
  reads: number;
  firstAt: string;
  lastAt: string;
}

export interface Finding {
  id: string;
  checklistKey: string | null;
  description: string;
  rectification: string;
  owner: string;
  dueOn: string;
  status: RectificationStatus;
  closedOn: string | null;
}

export interface MinorsAuditDetail extends MinorsAudit {
  datasets: AuditedDataset[];
  readers: {
    source: 'audit-chain' | 'not-available' | 'unreachable';
    service: string | null;
    note: string | null;
    items: Reader[];
  };
  checklist: {
    key: string;
    question: string;
    basis: string;
    answer: ChecklistAnswer | null;
    note: string | null;
  }[];
  findingList: Finding[];
}

export interface SystemChoice {
  id: string;
  name: string;
  schoolCode: string | null;
}
