import {
  assertProducersBuilt,
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
import type { ChainStatusView } from '../src/audit-chains/audit-chains.controller';
import type { SystemView } from '../src/information-systems/information-systems.dto';
import type { MinorsAuditDetailView } from '../src/minors-audit/minors-audit.dto';
import { call, governanceCallers, GovernanceCallers } from './governance-callers';
import { Harness, startGovernance } from './governance-harness';

jest.setTimeout(300_000);

type Broken = { service: string; seq: number; problem: string; entryId: string | null };

/**
 * Governance keeps every service's anchors and holds each chain to them: identity and network access run as
 * in production (child processes on their own databases, the same topics); a row edited in identity's
 * audit table, and then the chain cut back to nothing, are each published once as
 * governance.audit.chain-broken.v1 naming identity and the first broken link.
 */
describe('audit chain anchors kept by governance', () => {
  let producers: RunningProducers;
  let harness: Harness;
  let callers: GovernanceCallers;
  let admin: string;
  let clientUuid: string | undefined;
  const run = uniqueRunId();
  const topicPrefix = `t${run}.`;
  const clientId = `gov-watch-${run}`;
  const secret = 'gov-watch-secret';
  const realm = `${KEYCLOAK_URL}/admin/realms/${KEYCLOAK_REALM}`;
  const api = <T>(method: string, path: string, body?: unknown) =>
    call<T>(harness.baseUrl, callers.officer, method, path, body);
  const identityDb = () =>
    createConnection({ host: '127.0.0.1', user: 'root', database: producers.databases.identity.name });
  const brokenEvents = async () =>
    (
      (await harness.dataSource.query(
        `SELECT payload FROM outbox_event_written WHERE topic = 'governance.audit.chain-broken.v1' ORDER BY id`,
      )) as { payload: string | { data: Broken } }[]
    ).map(
      (row) =>
        ((typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as { data: Broken }).data,
    );

  beforeAll(async () => {
    assertProducersBuilt(['identity', 'network-access']);
    admin = await masterAdminToken();
    const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
    // the realm's audit:verify scope (deploy/keycloak change), made here when the running realm lacks it
    const scopes = (await (await fetch(`${realm}/client-scopes`, { headers })).json()) as { name: string }[];
    if (!scopes.some((scope) => scope.name === 'audit:verify'))
      await fetch(`${realm}/client-scopes`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          name: 'audit:verify',
          protocol: 'openid-connect',
          attributes: { 'include.in.token.scope': 'true', 'display.on.consent.screen': 'false' },
        }),
      });
    const created = await fetch(`${realm}/clients`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        clientId,
        secret,
        publicClient: false,
        serviceAccountsEnabled: true,
        standardFlowEnabled: false,
        directAccessGrantsEnabled: false,
        defaultClientScopes: ['basic', 'roles', 'edubase', 'service_account', 'audit:verify'],
      }),
    });
    expect(created.status).toBe(201);
    clientUuid = created.headers.get('location')!.split('/').pop();
    // no NAT syslog listener: the platform started on this machine may hold its port
    producers = await startProducers('chainwatch', run, topicPrefix, 90_000, { NAT_SYSLOG_ENABLED: 'false' });
    harness = await startGovernance(
      'chain_watch',
      {
        GOVERNANCE_SSO_CLIENT_ID: clientId,
        GOVERNANCE_SSO_CLIENT_SECRET: secret,
        GOVERNANCE_AUDIT_SERVICES: `identity=${producers.identity.baseUrl},network-access=${producers.networkAccess.baseUrl}`,
        GOVERNANCE_PI_READ_ACTIONS: 'org.',
      },
      { topicPrefix },
    );
    callers = await governanceCallers();
  });

  afterAll(async () => {
    if (clientUuid)
      await fetch(`${realm}/clients/${clientUuid}`, {
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

  it('verifies identity’s chain against its anchors and publishes each new break once', async () => {
    // an admin action in identity: its chain's first entry, sealed and anchored
    const district = await passwordGrantToken('district.admin');
    const org = await fetch(`${producers.identity.baseUrl}/orgs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${district}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'district', name: `链测试区教育局${run}` }),
    });
    expect(org.status).toBe(201);
    const anchored = await waitFor('identity’s first anchor at governance', 60_000, async () => {
      const { body } = await api<{ items: ChainStatusView[] }>('GET', '/audit-chains');
      const identity = body.items.find((item) => item.service === 'identity');
      return identity?.latestAnchor ? identity : undefined;
    });
    expect(anchored.latestAnchor!.seq).toBeGreaterThanOrEqual(1);

    const first = await api<{ items: ChainStatusView[] }>('POST', '/audit-chains/verify');
    expect(first.status).toBe(200);
    expect(first.body.items.map((item) => [item.service, item.status])).toEqual([
      ['governance', 'ok'],
      ['identity', 'ok'],
      ['network-access', 'ok'],
    ]);
    expect(await brokenEvents()).toEqual([]);

    // the minors' PI audit of identity's system asks identity's chain over HTTP who read (here: org.*)
    const systems = await api<{ items: SystemView[] }>('GET', '/information-systems?pageSize=100');
    const identitySystem = systems.body.items.find(
      (system) => system.name === '区域教育数字基座 · 统一身份认证',
    );
    expect(identitySystem).toBeDefined();
    const audit = await api<MinorsAuditDetailView>('POST', '/compliance/minors-audits', {
      systemId: identitySystem!.id,
      year: new Date().getFullYear(),
    });
    expect(audit.body.readers).toMatchObject({
      source: 'audit-chain',
      service: 'identity',
      items: [expect.objectContaining({ actorName: 'district.admin', action: 'org.create', reads: 1 })],
    });

    // a row edited in identity's audit table
    const db = await identityDb();
    try {
      const [[entry]] = (await db.query(
        'SELECT id, detail FROM audit_chain_entry WHERE seq = 1',
      )) as unknown as [{ id: string; detail: string }[]];
      await db.query('UPDATE audit_chain_entry SET detail = ? WHERE seq = 1', ['{"name":"篡改"}']);
      const tampered = await api<{ items: ChainStatusView[] }>('POST', '/audit-chains/verify');
      expect(tampered.body.items.find((item) => item.service === 'identity')).toMatchObject({
        status: 'broken',
        detail: expect.stringMatching(/^changed: entry 1/),
      });
      await api('POST', '/audit-chains/verify');
      expect(await brokenEvents()).toEqual([
        expect.objectContaining({
          service: 'identity',
          seq: 1,
          problem: 'changed',
          entryId: String(entry!.id),
        }),
      ]);

      // restored, then cut back to an empty chain: consistent in itself, but the kept anchor says what is gone
      await db.query('UPDATE audit_chain_entry SET detail = ? WHERE seq = 1', [entry!.detail]);
      expect(
        (await api<{ items: ChainStatusView[] }>('POST', '/audit-chains/verify')).body.items.find(
          (item) => item.service === 'identity',
        )!.status,
      ).toBe('ok');
      await db.query('DELETE FROM audit_chain_entry');
      await db.query('UPDATE audit_chain_head SET seq = 0, hash = ?, anchored_seq = 0 WHERE id = 1', [
        '0'.repeat(64),
      ]);
    } finally {
      await db.end();
    }
    const cut = await api<{ items: ChainStatusView[] }>('POST', '/audit-chains/verify');
    expect(cut.body.items.find((item) => item.service === 'identity')).toMatchObject({
      status: 'broken',
      detail: expect.stringMatching(/^missing: entries 1 to \d+ are missing: an anchor reached/),
    });
    expect((await brokenEvents()).map((event) => [event.service, event.seq, event.problem])).toEqual([
      ['identity', 1, 'changed'],
      ['identity', 1, 'missing'],
    ]);
    // published: the relay has handed the events to Kafka
    await waitFor(
      'chain-broken events sent to Kafka',
      30_000,
      async () =>
        Number(
          (
            (await harness.dataSource.query(
              "SELECT COUNT(*) AS n FROM outbox_event WHERE topic = 'governance.audit.chain-broken.v1'",
            )) as { n: string }[]
          )[0]!.n,
        ) === 0 || undefined,
    );
  });
});
