import {
  clientCredentialsToken,
  cleanUpKafka,
  KEYCLOAK_REALM,
  KEYCLOAK_URL,
  masterAdminToken,
  passwordGrantToken,
  RunningProducers,
  startProducers,
  uniqueRunId,
  waitFor,
} from '@edubase/testing';
import { createConnection } from 'mysql2/promise';
import { randomUUID } from 'node:crypto';
import type { DatasetView } from '../src/catalog/catalog.dto';
import { chinaDate } from '../src/common/clock';
import type { SystemView } from '../src/information-systems/information-systems.dto';
import type { SharingView } from '../src/sharing/sharing.dto';
import { SharingService } from '../src/sharing/sharing.service';
import { call, governanceCallers, GovernanceCallers } from './governance-callers';
import { Harness, startGovernance } from './governance-harness';

jest.setTimeout(300_000);

type SharedPage = { items: Record<string, unknown>[]; total: number; fields: string[] };

const plusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * 数据共享 end to end: identity runs as in production; governance approves a district system's request for
 * two fields of identity's `person` table; a real client-credentials token carrying the request's scope reads
 * exactly those fields from identity's `GET /shared-data/person` during the period, and gets 403 for
 * another field, without the scope, and after the request expired (even with a token issued before).
 */
describe('a data route that honours a sharing scope', () => {
  let producers: RunningProducers;
  let harness: Harness;
  let callers: GovernanceCallers;
  let admin: string;
  let clientUuid: string | undefined;
  const run = uniqueRunId();
  const topicPrefix = `t${run}.`;
  const clientId = `gov-reader-${run}`;
  const secret = 'gov-reader-secret';
  const clients = `${KEYCLOAK_URL}/admin/realms/${KEYCLOAK_REALM}/clients`;
  const gov = <T>(token: string, method: string, path: string, body?: unknown) =>
    call<T>(harness.baseUrl, token, method, path, body);
  const shared = async (token: string, query = '') => {
    const response = await fetch(`${producers.identity.baseUrl}/shared-data/person${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: (await response.json()) as SharedPage };
  };

  beforeAll(async () => {
    admin = await masterAdminToken();
    const created = await fetch(clients, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId,
        secret,
        publicClient: false,
        serviceAccountsEnabled: true,
        standardFlowEnabled: false,
        directAccessGrantsEnabled: false,
        defaultClientScopes: ['basic', 'roles', 'edubase', 'service_account'],
      }),
    });
    expect(created.status).toBe(201);
    clientUuid = created.headers.get('location')!.split('/').pop();
    producers = await startProducers('sharedata', run, topicPrefix, 90_000, { NAT_SYSLOG_ENABLED: 'false' });
    harness = await startGovernance('shared_data', {}, { topicPrefix });
    callers = await governanceCallers();
  });

  afterAll(async () => {
    if (clientUuid)
      await fetch(`${clients}/${clientUuid}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${admin}` },
      });
    await callers?.close();
    await harness?.close();
    await producers?.close();
    await cleanUpKafka({
      topicPrefix,
      consumerGroups: [`${topicPrefix}identity`, `${topicPrefix}network-access`],
    });
  });

  it('serves exactly the approved fields during the period, 403 for others and after expiry', async () => {
    // a person in identity (an org through the API, the row as a roster import leaves it)
    const district = await passwordGrantToken('district.admin');
    const org = await fetch(`${producers.identity.baseUrl}/orgs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${district}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'district', name: `共享测试区教育局${run}` }),
    });
    const orgId = ((await org.json()) as { id: string }).id;
    const db = await createConnection({
      host: '127.0.0.1',
      user: 'root',
      database: producers.databases.identity.name,
    });
    try {
      await db.query(
        `INSERT INTO person (id, kind, name, mobile, id_card_no, birth_date, org_id, school_code, status, active_since, version)
         VALUES (?, 'student', '张小明', '13812345678', '310101201203040015', '2012-03-04', ?, '3101200001', 'active', NOW(3), 1)`,
        [randomUUID(), orgId],
      );
    } finally {
      await db.end();
    }

    // identity's person table is in governance's catalog (its start-up description); network access has a
    // `person` table too (its projection of identity's people), so the system decides
    const person = await waitFor('identity’s person dataset in the catalog', 60_000, async () => {
      const systems = await gov<{ items: SystemView[] }>(
        callers.officer,
        'GET',
        '/information-systems?pageSize=100',
      );
      const identity = systems.body.items.find((system) => system.name === '区域教育数字基座 · 统一身份认证');
      if (!identity) return undefined;
      const { body } = await gov<{ items: DatasetView[] }>(
        callers.officer,
        'GET',
        `/datasets?pageSize=200&systemId=${identity.id}`,
      );
      return body.items.find((dataset) => dataset.name === 'person');
    });
    const today = chinaDate(new Date());
    const filed = await gov<SharingView>(callers.officer, 'POST', '/sharing-requests', {
      datasetId: person.id,
      clientId,
      purpose: '区级学生体质健康数据上报',
      fields: ['name', 'school_code', 'birth_date'],
      startsOn: today,
      endsOn: plusDays(today, 10),
    });
    expect(filed.status).toBe(201);
    const before = await clientCredentialsToken(clientId, secret);
    expect((await shared(before)).status).toBe(403);
    await gov(callers.district, 'POST', `/sharing-requests/${filed.body.id}/approval`, { as: 'owner' });
    const approved = await gov<SharingView>(
      callers.officer,
      'POST',
      `/sharing-requests/${filed.body.id}/approval`,
      {
        as: 'security-officer',
      },
    );
    expect(approved.body).toMatchObject({ status: 'approved', scopeState: 'granted' });

    const token = await clientCredentialsToken(clientId, secret);
    let last: unknown;
    const page = await waitFor('identity serving the approved fields', 60_000, async () => {
      const answer = await shared(token);
      last = answer;
      return answer.status === 200 ? answer.body : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}; last answer ${JSON.stringify(last)}`);
    });
    expect(page.fields).toEqual(['birth_date', 'name', 'school_code']);
    // a calendar date as the date it is
    expect(page.items).toEqual([{ birth_date: '2012-03-04', name: '张小明', school_code: '3101200001' }]);
    expect((await shared(token, '?fields=name')).body.items).toEqual([{ name: '张小明' }]);
    // another field, another client's token, a person's token: 403
    expect((await shared(token, '?fields=name,id_card_no')).status).toBe(403);
    expect((await shared(token, '?fields=mobile')).status).toBe(403);
    const otherSystem = await clientCredentialsToken('district-system-demo', 'district-system-demo-secret', [
      'identity:read',
    ]);
    expect((await shared(otherSystem)).status).toBe(403);
    expect((await shared(district)).status).toBe(403);
    expect((await shared(token, '?fields=NAME;drop')).status).toBe(400);

    // the period ends: the request expires, the scope leaves the client, and identity stops serving it
    harness.setToday(plusDays(today, 11));
    const sharing = harness.app.get(SharingService);
    expect(await sharing.expireDue()).toBe(1);
    await sharing.syncKeycloak();
    await waitFor('identity refusing the expired share', 60_000, async () =>
      (await shared(token)).status === 403 ? true : undefined,
    );
    const after = await clientCredentialsToken(clientId, secret);
    expect((await shared(after)).status).toBe(403);
  });
});
