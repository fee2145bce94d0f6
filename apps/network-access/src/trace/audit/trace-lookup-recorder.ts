import { DataSource } from 'typeorm';
import { AuthenticatedUser, schoolsVisibleTo } from '@edubase/auth';
import { TraceAuditSchoolEntity } from '../../database/trace-audit-school.entity';
import { TraceAuditEntity } from '../../database/trace-audit.entity';

/**
 * Writes one trace lookup to the audit log before any result leaves: who, why (案由), what they asked and
 * how many results it gave, plus the schools the caller's trace grants were scoped to (none for a
 * district-wide caller), in one transaction.
 */
export async function recordTraceLookup(
  dataSource: DataSource,
  user: AuthenticatedUser,
  kind: string,
  query: Record<string, string | number>,
  caseReason: string,
  resultCount: number,
): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const inserted = await manager.getRepository(TraceAuditEntity).insert({
      at: new Date(),
      actorSubject: user.subject,
      actorUsername: user.username,
      lookupKind: kind,
      query: JSON.stringify(query),
      caseReason,
      resultCount,
    });
    const auditId = String(inserted.identifiers[0]!.id);
    const schools = schoolsVisibleTo(user) ?? [];
    if (schools.length > 0) {
      await manager
        .getRepository(TraceAuditSchoolEntity)
        .insert(schools.map((schoolCode) => ({ auditId, schoolCode })));
    }
  });
}
