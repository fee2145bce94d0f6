import {
  clientCredentialsToken,
  KEYCLOAK_REALM,
  KEYCLOAK_URL,
  masterAdminToken,
  uniqueRunId,
} from '@edubase/testing';
import type { DatasetDetailView } from '../src/catalog/catalog.dto';
import type { SystemView } from '../src/information-systems/information-systems.dto';
import type { SharingView } from '../src/sharing/sharing.dto';
import { SharingService } from '../src/sharing/sharing.service';
import { call, governanceCallers, GovernanceCallers, OWN } from './governance-callers';
import { Harness, startGovernance } from './governance-harness';

jest.setTimeout(180_000);

type Problem = { errors: { field: string }[] };

const scopesOf = (token: string): string[] =>
  String(
    (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { scope?: string })
      .scope ?? '',
  ).split(' ');

/** 数据共享: two approvals make a Keycloak client scope the requesting system's tokens carry until the end date. */
describe('data-sharing requests', () => {
  let harness: Harness;
  let callers: GovernanceCallers;
  let admin: string;
  let clientUuid: string;
  const clientId = `gov-share-${uniqueRunId()}`;
  const secret = 'gov-share-secret';
  const api = <T>(token: string, method: string, path: string, body?: unknown) =>
    call<T>(harness.baseUrl, token, method, path, body);
  const clients = `${KEYCLOAK_URL}/admin/realms/${KEYCLOAK_REALM}/clients`;

  beforeAll(async () => {
    harness = await startGovernance('sharing');
    callers = await governanceCallers();
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
        defaultClientScopes: ['basic', 'roles', 'edubase'],
      }),
    });
    expect(created.status).toBe(201);
    clientUuid = created.headers.get('location')!.split('/').pop()!;
  });

  afterAll(async () => {
    if (clientUuid)
      await fetch(`${clients}/${clientUuid}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${admin}` },
      });
    await callers?.close();
    await harness?.close();
  });

  it('grants the scope once the owner and the security officer approve, and takes it away at the end date', async () => {
    harness.setToday('2027-01-10');
    const system = await api<SystemView>(callers.schoolAdmin, 'POST', '/information-systems', {
      schoolCode: OWN,
      name: '学业质量监测系统',
      ownerUnit: '示例学校',
    });
    const dataset = await api<DatasetDetailView>(callers.schoolAdmin, 'POST', '/datasets', {
      systemId: system.body.id,
      name: 'xy_cj',
      fields: [{ name: 'nj' }, { name: 'pjf' }],
    });
    const request = {
      datasetId: dataset.body.id,
      clientId,
      purpose: '区级学情分析',
      fields: ['nj', 'pjf'],
      startsOn: '2027-01-10',
      endsOn: '2027-01-31',
    };

    const backwards = await api<Problem>(callers.schoolAdmin, 'POST', '/sharing-requests', {
      ...request,
      endsOn: '2027-01-01',
    });
    expect([backwards.status, backwards.body.errors[0]!.field]).toEqual([400, 'endsOn']);
    const unknownField = await api<Problem>(callers.schoolAdmin, 'POST', '/sharing-requests', {
      ...request,
      fields: ['nj', 'sfzh'],
    });
    expect([unknownField.status, unknownField.body.errors[0]!.field]).toEqual([400, 'fields']);

    const filed = await api<SharingView>(callers.schoolAdmin, 'POST', '/sharing-requests', request);
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ status: 'pending', scopeState: 'none' });
    const overlap = await api<Problem>(callers.schoolAdmin, 'POST', '/sharing-requests', {
      ...request,
      startsOn: '2027-01-31',
      endsOn: '2027-02-28',
    });
    expect([overlap.status, overlap.body.errors[0]!.field]).toEqual([400, 'startsOn']);
    const listed = await api<{ total: number; items: SharingView[] }>(
      callers.officer,
      'GET',
      '/sharing-requests',
    );
    // one request, and the list names its dataset (no title: the table name)
    expect([listed.body.total, listed.body.items[0]!.datasetName]).toEqual([1, 'xy_cj']);

    // the officer cannot approve as the owner; the owner's approval alone grants nothing
    expect(
      (await api(callers.officer, 'POST', `/sharing-requests/${filed.body.id}/approval`, { as: 'owner' }))
        .status,
    ).toBe(403);
    const owner = await api<SharingView>(
      callers.schoolAdmin,
      'POST',
      `/sharing-requests/${filed.body.id}/approval`,
      { as: 'owner' },
    );
    expect(owner.body).toMatchObject({ status: 'pending', scopeState: 'none' });
    expect(scopesOf(await clientCredentialsToken(clientId, secret))).not.toContain(filed.body.scope);

    const approved = await api<SharingView>(
      callers.officer,
      'POST',
      `/sharing-requests/${filed.body.id}/approval`,
      { as: 'security-officer' },
    );
    expect(approved.body).toMatchObject({ status: 'approved', scopeState: 'granted' });
    expect(scopesOf(await clientCredentialsToken(clientId, secret))).toContain(filed.body.scope);

    const sharing = harness.app.get(SharingService);
    harness.setToday('2027-01-31');
    expect(await sharing.expireDue()).toBe(0);
    harness.setToday('2027-02-01');
    expect(await sharing.expireDue()).toBe(1);
    await sharing.syncKeycloak();
    const [after] = (await api<{ items: SharingView[] }>(callers.officer, 'GET', '/sharing-requests')).body
      .items;
    expect(after).toMatchObject({ status: 'expired', scopeState: 'revoked' });
    expect(scopesOf(await clientCredentialsToken(clientId, secret))).not.toContain(filed.body.scope);
    const [events] = (await harness.dataSource.query(
      `SELECT SUM(topic = 'governance.sharing.approved.v1') AS approved, SUM(topic = 'governance.sharing.expired.v1') AS expired FROM outbox_event_written`,
    )) as { approved: string; expired: string }[];
    expect([Number(events!.approved), Number(events!.expired)]).toEqual([1, 1]);
  });
});
