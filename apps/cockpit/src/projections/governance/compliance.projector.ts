import type { EventEnvelope } from '@edubase/contracts';
import type { IndicatorProjector } from '../indicator-projector';
import { eventVersion, ProjectionBatch } from '../projection-batch';
import { defineProjectionTable } from '../projection-table';

/**
 * 未成年人个人信息合规审计: each audit's latest state (its school, the findings whose 整改 is still open), from
 * the whole-state events governance sends on every change, so open findings per school are one sum.
 */
export const governanceMinorsAuditStateTable = defineProjectionTable({
  name: 'governance_minors_audit_state',
  columns: {
    audit_id: { type: 'varchar', length: 64 },
    school_code: { type: 'char', length: 10, nullable: true },
    open_findings: { type: 'bigint' },
    version: { type: 'varchar', length: 64 },
  },
  key: ['audit_id'],
  groups: { state: { version: 'version', columns: ['school_code', 'open_findings'] } },
  indexes: { idx_governance_minors_audit_state_school: ['school_code'] },
});

/** 审计链校验: the last break governance found in each service's chain, and when. */
export const governanceChainBreakTable = defineProjectionTable({
  name: 'governance_chain_break',
  columns: {
    service: { type: 'varchar', length: 64 },
    broken_at: { type: 'datetime' },
    version: { type: 'varchar', length: 64 },
  },
  key: ['service'],
  groups: { state: { version: 'version', columns: ['broken_at'] } },
});

function applyMinorsAudit(
  envelope: EventEnvelope<'governance.minors-audit.changed.v1'>,
  batch: ProjectionBatch,
): void {
  const state = envelope.data;
  batch.touch(state.schoolCode);
  batch.upsert(
    governanceMinorsAuditStateTable,
    { audit_id: state.auditId },
    'state',
    eventVersion(envelope.occurredAt, envelope.id),
    { school_code: state.schoolCode, open_findings: String(state.openFindings) },
  );
}

function applyChainBroken(
  envelope: EventEnvelope<'governance.audit.chain-broken.v1'>,
  batch: ProjectionBatch,
): void {
  batch.touch(null);
  batch.upsert(
    governanceChainBreakTable,
    { service: envelope.data.service },
    'state',
    eventVersion(envelope.occurredAt, envelope.id),
    { broken_at: new Date(envelope.data.verifiedAt) },
  );
}

/** 数据治理 (governance): open findings of the minors' PI compliance audits, broken audit chains. */
export const governanceComplianceProjector: IndicatorProjector = {
  name: 'governance-compliance',
  tables: [governanceMinorsAuditStateTable, governanceChainBreakTable],
  steps: {
    'governance.minors-audit.changed.v1': applyMinorsAudit,
    'governance.audit.chain-broken.v1': applyChainBroken,
  },
};
