import { auditChainEntities } from '@edubase/audit';
import { messagingEntities } from '@edubase/messaging';
import { DisconnectAttemptEntity } from './disconnect-attempt.entity';
import { NasEntity } from './nas.entity';
import { NatPortBlockLogEntity, NatSessionLogEntity } from './nat-log.entity';
import { PersonEntity, PersonRoleEntity } from './person.entity';
import { PortalSessionEntity } from './portal-session.entity';
import { SessionEntity } from './session.entity';
import { TerminalEntity } from './terminal.entity';
import { TraceAuditSchoolEntity } from './trace-audit-school.entity';
import { TraceAuditEntity } from './trace-audit.entity';

export const networkAccessEntities = [
  ...messagingEntities,
  ...auditChainEntities,
  NasEntity,
  TerminalEntity,
  PersonEntity,
  PersonRoleEntity,
  SessionEntity,
  TraceAuditEntity,
  DisconnectAttemptEntity,
  PortalSessionEntity,
  NatSessionLogEntity,
  NatPortBlockLogEntity,
  TraceAuditSchoolEntity,
];
