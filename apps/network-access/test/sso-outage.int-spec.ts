import { randomUUID } from 'node:crypto';
import { radclient } from '@edubase/testing';
import { NasEntity } from '../src/database/nas.entity';
import { NasRegistryService } from '../src/nas/nas-registry.service';
import { announceStaff, counterValue, Harness, startNetworkAccess } from './netaccess-harness';

jest.setTimeout(60_000);

// network-access pointed at a Keycloak that is not there (nothing listens on port 9): every SSO check
// is `unavailable`, as in an outage.
const schoolCode = '3101200001';
const secret = 'nas-shared-secret-outage';

describe('PAP while Keycloak is down', () => {
  let harness: Harness;
  const teacher = { personId: randomUUID(), staffNo: `t-outage-${randomUUID().slice(0, 8)}` };

  beforeAll(async () => {
    harness = await startNetworkAccess('outage', {
      KEYCLOAK_URL: 'http://127.0.0.1:9',
      SSO_TIMEOUT_MS: '500',
    });
    // Straight into the table: the API's bearer tokens would need the Keycloak this instance cannot reach.
    await harness.dataSource.getRepository(NasEntity).insert({
      id: randomUUID(),
      schoolCode,
      name: '断网测试交换机',
      ip: '127.0.0.1',
      sharedSecret: secret,
      vendor: 'huawei',
      model: null,
      location: null,
    });
    await harness.app.get(NasRegistryService).reload();
    await announceStaff(harness, [{ ...teacher, schoolCode, roles: ['teacher'] }]);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('does not answer an uncached PAP login, so the NAS fails over to its secondary server, and counts it', async () => {
    const dropsBefore = await counterValue('netaccess_radius_dropped_total', { reason: 'sso-unavailable' });
    const unavailableBefore = await counterValue('netaccess_sso_password_checks_total', {
      result: 'unavailable',
    });
    const answer = await radclient(harness.authPort, 'auth', secret, [
      `User-Name = "${teacher.staffNo}"`,
      'User-Password = "Passw0rd!"',
    ]);
    expect(answer.code).toBeNull();
    expect(await counterValue('netaccess_radius_dropped_total', { reason: 'sso-unavailable' })).toBe(
      dropsBefore + 1,
    );
    expect(await counterValue('netaccess_sso_password_checks_total', { result: 'unavailable' })).toBe(
      unavailableBefore + 1,
    );
    const rejected: unknown[] = await harness.dataSource.query(
      "SELECT 1 FROM outbox_event_written WHERE topic = 'netaccess.auth.rejected.v1'",
    );
    expect(rejected).toHaveLength(0);

    // Who is not allowed on the network is still told so: that needs no Keycloak.
    const unknown = await radclient(harness.authPort, 'auth', secret, [
      'User-Name = "nobody.0000"',
      'User-Password = "Passw0rd!"',
    ]);
    expect(unknown.code).toBe('Access-Reject');
  });
});
