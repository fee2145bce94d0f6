import { EntityManager } from 'typeorm';
import { AuditChain } from '@edubase/audit';
import { actorOf, AuthenticatedUser, schoolsVisibleTo } from '@edubase/auth';
import { protectRecord } from '@edubase/masking';
import { SESSION_TRACE_DATASET } from '../../shared/data-classification';
import { TraceAuditSchoolEntity } from '../../database/trace-audit-school.entity';
import { TraceAuditEntity } from '../../database/trace-audit.entity';
import type { TraceAnswer, TracedSession } from '../trace.dto';

/** One trace lookup as it is audited: who asked, which kind, what, why (案由) and which sessions it gave. */
export interface TraceLookup {
  user: AuthenticatedUser;
  kind: string;
  query: Record<string, string | number>;
  caseReason: string;
  sessionIds: readonly string[];
}

/**
 * Writes one trace lookup to the audit log before any result leaves: who, why, what they asked and how many
 * results it gave, the schools the caller's trace grants were scoped to (none for a district-wide caller),
 * and the same lookup on the service's tamper-evident audit chain, all in the caller's transaction.
 */
export async function recordTraceLookup(
  manager: EntityManager,
  chain: AuditChain,
  lookup: TraceLookup,
): Promise<void> {
  const at = new Date();
  const { user, kind, query, caseReason, sessionIds } = lookup;
  const inserted = await manager.getRepository(TraceAuditEntity).insert({
    at,
    actorSubject: user.subject,
    actorUsername: user.username,
    lookupKind: kind,
    query: JSON.stringify(query),
    caseReason,
    resultCount: sessionIds.length,
  });
  const auditId = String(inserted.identifiers[0]!.id);
  const schools = schoolsVisibleTo(user) ?? [];
  if (schools.length > 0) {
    await manager
      .getRepository(TraceAuditSchoolEntity)
      .insert(schools.map((schoolCode) => ({ auditId, schoolCode })));
  }
  await chain.append(manager, [
    {
      actor: actorOf(user),
      action: `trace.${kind}`,
      subjectType: 'session',
      subjectId: null,
      schoolCode: null,
      detail: { query, caseReason, sessionIds: [...sessionIds] },
      occurredAt: at,
    },
  ]);
}

/**
 * A traced session as this caller may read it: personal fields graded by SESSION_TRACE_DATASET, a minor's
 * (identity's age band) at their minor grades.
 */
export function protectedSession(
  user: AuthenticatedUser,
  session: TracedSession,
  minor = false,
): TraceAnswer {
  const { record, protections } = protectRecord(SESSION_TRACE_DATASET, session, user, {
    schoolCode: session.schoolCode,
    minor,
  });
  return { ...record, protectedFields: protections };
}
