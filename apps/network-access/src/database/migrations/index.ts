import { messagingMigrations } from '@edubase/messaging';
import { CreateNetworkAccessTables1760100000000 } from './1760100000000-create-network-access-tables';
import { PortalSessionsAndDisconnectSchool1760200000000 } from './1760200000000-portal-sessions-and-disconnect-school';
import { SchoolProjection1760300000000 } from './1760300000000-school-projection';

export const networkAccessMigrations = [
  ...messagingMigrations,
  CreateNetworkAccessTables1760100000000,
  PortalSessionsAndDisconnectSchool1760200000000,
  SchoolProjection1760300000000,
];
