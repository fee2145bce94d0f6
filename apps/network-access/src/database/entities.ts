import { messagingEntities } from '@edubase/messaging';
import { DisconnectAttemptEntity } from './disconnect-attempt.entity';
import { NasEntity } from './nas.entity';
import { PersonEntity, PersonRoleEntity } from './person.entity';
import { PortalSessionEntity } from './portal-session.entity';
import { SchoolEntity } from './school.entity';
import { SessionEntity } from './session.entity';
import { TerminalEntity } from './terminal.entity';
import { TraceAuditEntity } from './trace-audit.entity';

export const networkAccessEntities = [
  ...messagingEntities,
  NasEntity,
  TerminalEntity,
  PersonEntity,
  PersonRoleEntity,
  SchoolEntity,
  SessionEntity,
  TraceAuditEntity,
  DisconnectAttemptEntity,
  PortalSessionEntity,
];
