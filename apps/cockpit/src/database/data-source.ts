import type { DataSourceOptions } from 'typeorm';
import { messagingEntities, messagingMigrations } from '@edubase/messaging';
import { createDataSourceOptions, databaseConnectionFrom } from '@edubase/persistence';
import type { CockpitConfig } from '../cockpit.config';
import { IndicatorBucket } from '../projections/indicator-bucket.entity';
import { ProjectionMeta } from '../projections/projection-meta.entity';
import { OrgState } from '../projections/identity/org-state.entity';
import { PersonState } from '../projections/identity/person-state.entity';
import { RoleState } from '../projections/identity/role-state.entity';
import { NasState } from '../projections/netaccess/nas-state.entity';
import { SessionState } from '../projections/netaccess/session-state.entity';
import { TerminalState } from '../projections/netaccess/terminal-state.entity';
import { cockpitMigrations } from './migrations';

export const cockpitEntities = [
  IndicatorBucket,
  ProjectionMeta,
  OrgState,
  PersonState,
  RoleState,
  SessionState,
  TerminalState,
  NasState,
  ...messagingEntities,
];

export type CockpitDatabaseSettings = Pick<
  CockpitConfig,
  'DB_HOST' | 'DB_PORT' | 'DB_USER' | 'DB_PASSWORD' | 'DB_NAME'
>;

export function cockpitDataSourceOptions(config: CockpitDatabaseSettings): DataSourceOptions {
  return createDataSourceOptions({
    connection: databaseConnectionFrom(config),
    entities: cockpitEntities,
    // The messaging tables (processed_event) first, then the projections.
    migrations: [...messagingMigrations, ...cockpitMigrations],
  });
}
