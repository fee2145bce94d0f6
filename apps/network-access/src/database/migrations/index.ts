import { auditChainMigrations } from '@edubase/audit';
import { messagingMigrations } from '@edubase/messaging';
import { CreateNetworkAccessTables1760100000000 } from './1760100000000-create-network-access-tables';
import { PortalSessionsAndDisconnectSchool1760200000000 } from './1760200000000-portal-sessions-and-disconnect-school';
import { NatLogsAndTraceAuditSchool1760300000000 } from './1760300000000-nat-logs-and-trace-audit-school';
import { SchoolProjection1760400000000 } from './1760400000000-school-projection';
import { NatLineDedupe1760500000000 } from './1760500000000-nat-line-dedupe';
import { PersonMinor1796507221055 } from './1796507221055-person-minor';

export const networkAccessMigrations = [
  ...messagingMigrations,
  ...auditChainMigrations,
  CreateNetworkAccessTables1760100000000,
  PortalSessionsAndDisconnectSchool1760200000000,
  NatLogsAndTraceAuditSchool1760300000000,
  SchoolProjection1760400000000,
  NatLineDedupe1760500000000,
  PersonMinor1796507221055,
];
