import { createHash } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { systemActor } from '@edubase/auth';
import { allTopics } from '@edubase/contracts';
import { deadLetterTopicName, ensureTopics, kafkaTopicName } from '@edubase/messaging';
import {
  assertBuiltFromSources,
  freePorts,
  KAFKA_BROKERS,
  passwordGrantToken,
  radclient,
  repositoryRoot,
  ServiceProcess,
  spawnService,
  TemporaryDatabase,
  waitFor,
} from '@edubase/testing';
import { Person } from '../src/people/person.entity';
import { DormantAccountsService } from '../src/reconciliation/dormant-accounts.service';
import { Clock } from '../src/shared/clock';
import { api, createDistrict, Harness, loginAsProvisioned, startIdentity } from './identity-harness';

jest.setTimeout(240_000);

const ROOT = repositoryRoot();
const school = '3101200001';
const secret = 'nas-secret-dormant';
const DAY = 86_400_000;

/** RADIUS codes and the one attribute read here (RFC 2865/5176). */
const DISCONNECT_REQUEST = 40;
const DISCONNECT_ACK = 41;
const ACCT_SESSION_ID = 44;

/** The Acct-Session-Id of a Disconnect-Request, read from its attributes. */
function acctSessionIdOf(datagram: Buffer): string | null {
  for (let offset = 20; offset + 2 <= datagram.length;) {
    const [type, length] = [datagram[offset]!, datagram[offset + 1]!];
    if (length < 2) return null;
    if (type === ACCT_SESSION_ID) return datagram.subarray(offset + 2, offset + length).toString('utf8');
    offset += length;
  }
  return null;
}

/** A Disconnect-ACK (no attributes): code, id, length 20, MD5(code+id+length+request authenticator+secret). */
function disconnectAck(request: Buffer): Buffer {
  const header = Buffer.from([DISCONNECT_ACK, request[1]!, 0, 20]);
  const authenticator = createHash('md5')
    .update(Buffer.concat([header, request.subarray(4, 20), Buffer.from(secret)]))
    .digest();
  return Buffer.concat([header, authenticator]);
}

/**
 * Every topic of the run, created with its leaders before the services start. `ensureTopics` returns at
 * once when another process created a topic first, and a consumer subscribing to a topic whose leader is
 * not elected yet dies at start (kafkajs UNKNOWN_TOPIC_OR_PARTITION): three services creating the same
 * topics at once hit it every time here.
 */
async function createTopicsWithLeaders(topicPrefix: string): Promise<void> {
  const kafka = new Kafka({ clientId: 'dormant-topics', brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = allTopics.map((topic) => kafkaTopicName(topic, topicPrefix));
    const all = [...topics, ...topics.map(deadLetterTopicName)];
    await ensureTopics(admin, all);
    await waitFor('every topic with a leader', 30_000, async () => {
      const metadata = await admin.fetchTopicMetadata({ topics: all }).catch(() => null);
      return metadata?.topics.every((topic) => topic.partitions.every((partition) => partition.leader >= 0));
    });
  } finally {
    await admin.disconnect();
  }
}

/**
 * 沉睡账号 end to end on the real platform: identity in-process (its Clock moved 91 days on), network access
 * and the cockpit as the compiled services they deploy as, on the same topics, with a NAS of the test's own.
 * A member of staff online over RADIUS becomes dormant → suspended and announced with cause `dormant`,
 * Keycloak account disabled, Disconnect-Request to the NAS, PAP refused, the cockpit's figure down; an
 * admin's reactivation brings it all back.
 */
describe('a dormant account is disabled end to end, and reactivation brings access back', () => {
  let harness: Harness;
  let networkAccess: ServiceProcess;
  let cockpit: ServiceProcess;
  let databases: TemporaryDatabase[] = [];
  let nas: Socket;
  const disconnects: Buffer[] = [];
  let districtToken: string;
  let personId: string;
  let staffNo: string;
  let password: string;
  let radius: { auth: number; acct: number };

  beforeAll(async () => {
    assertBuiltFromSources([
      'libs/contracts/src',
      ...['auth', 'config', 'http', 'messaging', 'persistence', 'service', 'telemetry'].map(
        (lib) => `libs/platform/${lib}/src`,
      ),
      'apps/network-access/src',
      'apps/cockpit/src',
    ]);
    harness = await startIdentity('dormant', {
      DISABLE_DORMANT: 'true',
      DORMANT_AFTER_DAYS: '90',
      MINOR_AGES_INTERVAL_MINUTES: '0',
    });
    await createTopicsWithLeaders(harness.topicPrefix);
    const [networkPort, cockpitPort] = await freePorts(2);
    const [authPort, acctPort] = await freePorts(2, 'udp');
    radius = { auth: authPort!, acct: acctPort! };
    databases = [
      new TemporaryDatabase('dormant_net', harness.run),
      new TemporaryDatabase('dormant_cp', harness.run),
    ];
    const spawn = (name: string, port: number, database: TemporaryDatabase, env: Record<string, string>) =>
      spawnService({
        name,
        entry: path.join(ROOT, 'dist/apps', name, 'src/main.js'),
        preload: path.join(ROOT, 'dist/libs/platform/telemetry/src/preload.js'),
        port,
        env: { ...database.env, KAFKA_TOPIC_PREFIX: harness.topicPrefix, LOG_LEVEL: 'warn', ...env },
      });
    networkAccess = spawn('network-access', networkPort!, databases[0]!, {
      RADIUS_HOST: '127.0.0.1',
      RADIUS_AUTH_PORT: String(authPort),
      RADIUS_ACCT_PORT: String(acctPort),
      NAT_SYSLOG_UDP_PORT: '0',
      NAT_SYSLOG_TCP_PORT: '0',
      STALE_SWEEP_INTERVAL_SECONDS: '0',
      PARTITION_MAINTENANCE_INTERVAL_HOURS: '0',
      SEED_DEMO_NETWORK: 'false',
      SSO_PASSWORD_CLIENT_ID: 'edubase-netaccess',
      SSO_PASSWORD_CLIENT_SECRET: 'edubase-netaccess-secret',
      COA_TIMEOUT_MS: '1000',
      COA_RETRIES: '1',
    });
    cockpit = spawn('cockpit', cockpitPort!, databases[1]!, {});
    await Promise.all([networkAccess.ready(90_000), cockpit.ready(90_000)]);

    // The school's switch: Disconnect-Requests land here and are acknowledged.
    nas = createSocket('udp4');
    nas.on('message', (datagram, remote) => {
      if (datagram[0] !== DISCONNECT_REQUEST) return;
      disconnects.push(datagram);
      nas.send(disconnectAck(datagram), remote.port, remote.address);
    });
    await new Promise<void>((resolve) => nas.bind(0, '127.0.0.1', () => resolve()));

    districtToken = await passwordGrantToken('district.admin');
    const district = await createDistrict(harness, districtToken, '上海市奉贤区教育局', [
      { schoolCode: school, name: '上海市奉贤区实验小学', stage: 'primary' },
    ]);
    staffNo = harness.staffNo('dorm');
    const created = await api<{ id: string; keycloakSync: { provisioned: boolean } }>(
      harness,
      districtToken,
      'POST',
      '/people',
      {
        kind: 'staff',
        name: '周海燕',
        orgId: district.schoolIds[school],
        staffNo,
        // The realm's user profile requires an e-mail before a user may log in.
        email: `${staffNo}@fx.example.cn`,
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.keycloakSync.provisioned).toBe(true);
    personId = created.body.id;
    const granted = await api(harness, districtToken, 'POST', `/people/${personId}/roles`, {
      role: 'teacher',
      scope: 'school',
    });
    expect(granted.status).toBe(201);
    await loginAsProvisioned(harness, staffNo);
    password = 'Own-Passw0rd!';

    // Network access knows the school once identity's org event reached it.
    await waitFor('the NAS registered in network access', 60_000, async () => {
      const response = await fetch(`${networkAccess.baseUrl}/nas`, {
        method: 'POST',
        headers: { authorization: `Bearer ${districtToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          schoolCode: school,
          name: '实验小学核心交换机',
          ip: '127.0.0.1',
          sharedSecret: secret,
          vendor: 'huawei',
          coaPort: (nas.address() as { port: number }).port,
        }),
      });
      return response.status === 201;
    });
  });

  afterAll(async () => {
    nas?.close();
    await Promise.all([networkAccess?.stop(), cockpit?.stop()]);
    await harness?.close();
    for (const database of databases) await database.drop();
  });

  const pap = () =>
    radclient(radius.auth, 'auth', secret, [`User-Name = "${staffNo}"`, `User-Password = "${password}"`], {
      timeoutSeconds: 3,
    });
  const activeStaff = async (): Promise<number | null> => {
    const response = await fetch(`${cockpit.baseUrl}/api/indicators/overview?school=${school}`, {
      headers: { authorization: `Bearer ${districtToken}` },
    });
    if (!response.ok) return null;
    return ((await response.json()) as { people: { activeStaff: number } }).people.activeStaff;
  };
  const keycloakEnabled = async () => (await harness.keycloak.findUserByUsername(staffNo))?.enabled;

  it('lets the teacher online first: PAP accepted, a session open, counted by the cockpit', async () => {
    await waitFor('PAP accepted', 60_000, async () => (await pap()).code === 'Access-Accept');
    const start = await radclient(radius.acct, 'acct', secret, [
      `User-Name = "${staffNo}"`,
      'Acct-Session-Id = "dormant-session-1"',
      'Acct-Status-Type = Start',
      'Framed-IP-Address = 10.31.12.77',
    ]);
    expect(start.code).toBe('Accounting-Response');
    await waitFor('the cockpit counting the teacher', 60_000, async () => (await activeStaff()) === 1);
  });

  it('disables the account after 90 days without a login on the clock: event, Keycloak, Disconnect, PAP, cockpit', async () => {
    const clock = harness.app.get(Clock);
    const later = Date.now() + 91 * DAY;
    clock.now = () => new Date(later);
    const report = await harness.app.get(DormantAccountsService).check(systemActor('test'));
    expect(report.disabled).toBe(true);
    expect(report.flagged.map((flagged) => flagged.personId)).toEqual([personId]);

    const person = await harness.dataSource.getRepository(Person).findOneByOrFail({ id: personId });
    expect(person).toMatchObject({ status: 'suspended', statusReason: '沉睡账号: 90 天未登录' });
    expect(person.dormantSince?.getTime()).toBe(later);
    const event = await harness.awaitEvent(
      'identity.person.deactivated.v1',
      (envelope) => envelope.data.personId === personId,
    );
    expect(event.data).toMatchObject({ status: 'suspended', cause: 'dormant', staffNo });
    expect(await keycloakEnabled()).toBe(false);

    await waitFor('the Disconnect-Request at the NAS', 60_000, () => disconnects.length > 0);
    expect(acctSessionIdOf(disconnects[0]!)).toBe('dormant-session-1');
    const refused = await pap();
    expect(refused.code).toBe('Access-Reject');
    await waitFor(
      'the cockpit no longer counting the teacher',
      60_000,
      async () => (await activeStaff()) === 0,
    );
  });

  it('brings access back when an admin reactivates the person', async () => {
    const reactivated = await api<{ status: string; dormantSince: string | null }>(
      harness,
      districtToken,
      'POST',
      `/people/${personId}/reactivate`,
    );
    expect(reactivated.status).toBe(200);
    expect(reactivated.body).toMatchObject({ status: 'active', dormantSince: null });
    expect(await keycloakEnabled()).toBe(true);
    const event = await harness.awaitEvent(
      'identity.person.updated.v1',
      (envelope) => envelope.data.personId === personId && envelope.data.status === 'active',
    );
    expect(event.data.staffNo).toBe(staffNo);
    await waitFor('PAP accepted again', 60_000, async () => (await pap()).code === 'Access-Accept');
    await waitFor('the cockpit counting the teacher again', 60_000, async () => (await activeStaff()) === 1);
  });
});
