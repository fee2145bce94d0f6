import type { DataSourceOptions } from 'typeorm';
import { auditChainEntities, auditChainMigrations } from '@edubase/audit';
import { messagingEntities, messagingMigrations } from '@edubase/messaging';
import { createDataSourceOptions, databaseConnectionFrom } from '@edubase/persistence';
import { AuditEntry } from '../audit/audit-entry.entity';
import { SharedDataGrant } from '../data-sharing/shared-data-grant.entity';
import type { IdentityConfig } from '../identity.config';
import { KeycloakSyncRequest } from '../keycloak/keycloak-sync-request.entity';
import { OrgHistory } from '../org/org-history.entity';
import { OrgUnit } from '../org/org-unit.entity';
import { Person } from '../people/person.entity';
import { ReconciliationRun } from '../reconciliation/reconciliation-run.entity';
import { RoleGrant } from '../roles/role-grant.entity';
import { RosterImportJob } from '../roster-import/roster-import-job.entity';
import { RosterImportPerson } from '../roster-import/roster-import-person.entity';
import { ScimExternalId } from '../scim/scim-external-id.entity';
import { IdentitySchema1764320000000 } from './migrations/1764320000000-identity-schema';
import { ScimAndRosterImport1795875048795 } from './migrations/1795875048795-scim-and-roster-import';
import { KeycloakSyncOutbox1796485503720 } from './migrations/1796485503720-keycloak-sync-outbox';
import { PersonEmailUnique1796491546592 } from './migrations/1796491546592-person-email-unique';
import { PersonMinor1796505685284 } from './migrations/1796505685284-person-minor';
import { RosterImportPerson1796505867789 } from './migrations/1796505867789-roster-import-person';
import { SharedDataGrants1796506254601 } from './migrations/1796506254601-shared-data-grants';

export const identityEntities = [
  OrgUnit,
  OrgHistory,
  Person,
  RoleGrant,
  AuditEntry,
  ReconciliationRun,
  ScimExternalId,
  RosterImportJob,
  RosterImportPerson,
  KeycloakSyncRequest,
  SharedDataGrant,
  ...messagingEntities,
  ...auditChainEntities,
];

/** The messaging and audit chain tables first, then identity's own, in timestamp order. */
export const identityMigrations = [
  ...messagingMigrations,
  ...auditChainMigrations,
  IdentitySchema1764320000000,
  ScimAndRosterImport1795875048795,
  KeycloakSyncOutbox1796485503720,
  PersonEmailUnique1796491546592,
  PersonMinor1796505685284,
  RosterImportPerson1796505867789,
  SharedDataGrants1796506254601,
];

export type IdentityDatabaseSettings = Pick<
  IdentityConfig,
  'DB_HOST' | 'DB_PORT' | 'DB_USER' | 'DB_PASSWORD' | 'DB_NAME'
>;

export function identityDataSourceOptions(config: IdentityDatabaseSettings): DataSourceOptions {
  return createDataSourceOptions({
    connection: databaseConnectionFrom(config),
    entities: identityEntities,
    migrations: identityMigrations,
  });
}
