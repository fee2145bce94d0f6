import type { TracedSessionPersonalField } from '@edubase/contracts/api/netaccess';
import { defineDataset } from '@edubase/masking';
import type { DeclaredTable } from '@edubase/service';
import { PersonEntity } from '../database/person.entity';
import { PortalSessionEntity } from '../database/portal-session.entity';
import { SessionEntity } from '../database/session.entity';

/**
 * 数据分级 of network access's answers that carry personal data, in one place; governance's catalog takes
 * the declarations over from the start-up description, bound to the tables the trace answer
 * reads (`session`, `portal_session`, and `person` for the name). In a trace answer a name sits beside where and when the person was online
 * (行踪轨迹, sensitive PI), so it is 重要 there, while the 工号, addresses and devices the network runs on
 * are 一般: a school's network administrator sees the account and the device, the security officer and the
 * district administrator also see whose it is.
 */
export const SESSION_TRACE_DATASET = defineDataset<TracedSessionPersonalField>({
  id: 'network-access.session-trace',
  title: '上网溯源记录',
  category: 'network-security',
  // students go online too: a name beside where and when is a minor's PI for them
  holdsMinors: true,
  fields: {
    username: { grade: 'general' },
    // A minor's name beside where and when they were online: 核心 (the minor rule, as identity's records).
    personName: { grade: 'important', pi: 'name', minorGrade: 'core' },
    macAddress: { grade: 'general', pi: 'device_id' },
    framedIp: { grade: 'general' },
  },
});

/**
 * Every dataset network access declares, on its tables, for the catalog (ServiceModule's description). The
 * trace answer is a join, so each declared field sits on the table it is read from; the name on the people
 * directory's copy.
 */
export const networkAccessDeclaredTables: readonly DeclaredTable[] = [
  {
    entity: SessionEntity,
    dataset: SESSION_TRACE_DATASET,
    properties: { username: 'username', macAddress: 'macAddress', framedIp: 'framedIp' },
  },
  {
    entity: PortalSessionEntity,
    dataset: SESSION_TRACE_DATASET,
    properties: { macAddress: 'macAddress', framedIp: 'framedIp' },
  },
  { entity: PersonEntity, dataset: SESSION_TRACE_DATASET, properties: { personName: 'name' } },
];
