import type { ChainVerification } from '@edubase/audit';
import type { DatasetDetailView, FieldView, ReviewView } from '../src/catalog/catalog.dto';
import type { SystemDetailView, SystemView } from '../src/information-systems/information-systems.dto';
import type { SharingView } from '../src/sharing/sharing.dto';
import { SharingService } from '../src/sharing/sharing.service';
import { call, governanceCallers, GovernanceCallers, OWN } from './governance-callers';
import { Harness, startGovernance } from './governance-harness';

jest.setTimeout(120_000);

type Entry = { seq: string; action: string; subject_id: string; actor_kind: string; detail: string | null };

/**
 * Governance's own admin actions on its tamper-evident audit chain (@edubase/audit): each write appends its
 * entry in the same transaction, `GET /audit/verify` finds the chain whole, and names a row edited in the
 * database.
 */
describe('governance audit chain', () => {
  let harness: Harness;
  let callers: GovernanceCallers;
  let systemId: string;
  const api = <T>(token: string, method: string, path: string, body?: unknown) =>
    call<T>(harness.baseUrl, token, method, path, body);
  const verify = () => api<ChainVerification>(callers.officer, 'GET', '/audit/verify');
  /** The chain's entries about these subjects, in chain order (sealed by a verify first). */
  const entriesOf = async (subjectIds: string[]) =>
    (await harness.dataSource.query(
      'SELECT seq, action, subject_id, actor_kind, detail FROM audit_chain_entry WHERE subject_id IN (?) ORDER BY seq',
      [subjectIds],
    )) as Entry[];

  beforeAll(async () => {
    harness = await startGovernance('audit_chain');
    callers = await governanceCallers();
  });

  afterAll(async () => {
    await callers?.close();
    await harness?.close();
  });

  it('appends every admin action in its own transaction, and the chain verifies', async () => {
    harness.setToday('2027-01-10');
    const system = await api<SystemView>(callers.schoolAdmin, 'POST', '/information-systems', {
      schoolCode: OWN,
      name: '学生综合素质评价系统',
      ownerUnit: '示例学校',
    });
    const id = system.body.id;
    systemId = id;
    await api(callers.officer, 'PUT', `/information-systems/${id}/grading`, { protectionLevel: 3 });
    await api(callers.officer, 'POST', `/information-systems/${id}/assessments`, {
      assessedOn: '2027-01-05',
      body: '上海市信息安全测评认证中心',
      result: 'good',
      rectifications: [{ description: '未启用双因素认证' }],
    });
    const detail = await api<SystemDetailView>(callers.officer, 'GET', `/information-systems/${id}`);
    const itemId = detail.body.rectifications[0]!.id;
    const done = await api(callers.officer, 'PATCH', `/information-systems/${id}/rectifications/${itemId}`, {
      status: 'done',
    });
    expect(done.status).toBe(200);

    const dataset = await api<DatasetDetailView>(callers.schoolAdmin, 'POST', '/datasets', {
      systemId: id,
      name: 'xs_jbxx',
      fields: [{ name: 'xm' }, { name: 'sfzh' }, { name: 'lxdh' }],
    });
    const xm = dataset.body.fieldList.find((field) => field.name === 'xm')!;
    const classified = await api<FieldView>(
      callers.officer,
      'PUT',
      `/datasets/${dataset.body.id}/fields/${xm.id}/classification`,
      { category: 'student', grade: 'important', personal: true, sensitive: false, minor: false },
    );
    expect(classified.status).toBe(200);
    const scan = await api<{ items: ReviewView[] }>(
      callers.schoolAdmin,
      'POST',
      `/datasets/${dataset.body.id}/scan`,
      {
        columns: [
          { column: 'sfzh', values: ['11010519491231002X', '310115201001011237'] },
          { column: 'lxdh', values: ['13800138000', '13900001111'] },
        ],
      },
    );
    const [idCard, mobile] = scan.body.items;
    await api(callers.schoolAdmin, 'POST', `/classification-reviews/${idCard!.id}/decision`, {
      decision: 'accepted',
    });
    await api(callers.officer, 'POST', `/classification-reviews/${mobile!.id}/decision`, {
      decision: 'rejected',
    });

    const filed = await api<SharingView>(callers.schoolAdmin, 'POST', '/sharing-requests', {
      datasetId: dataset.body.id,
      clientId: 'gov-audit-no-such-client',
      purpose: '区级学情分析',
      fields: ['xm'],
      startsOn: '2027-01-10',
      endsOn: '2027-01-31',
    });
    await api(callers.schoolAdmin, 'POST', `/sharing-requests/${filed.body.id}/approval`, { as: 'owner' });
    const approved = await api<SharingView>(
      callers.officer,
      'POST',
      `/sharing-requests/${filed.body.id}/approval`,
      { as: 'security-officer' },
    );
    expect(approved.body.status).toBe('approved');
    harness.setToday('2027-02-01');
    expect(await harness.app.get(SharingService).expireDue()).toBe(1);

    const answer = await verify();
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      service: 'governance',
      ok: true,
      enabled: true,
      unsealedEntries: 0,
      firstBroken: null,
    });
    const subjects = [id, dataset.body.id, xm.id, idCard!.id, mobile!.id, filed.body.id];
    expect((await entriesOf(subjects)).map((entry) => entry.action)).toEqual([
      'system.register',
      'system.grade',
      'system.assess',
      'rectification.close',
      'dataset.register',
      'field.classify',
      'dataset.scan',
      'review.accept',
      'review.reject',
      'sharing.request',
      'sharing.approve',
      'sharing.approve',
      'sharing.expire',
    ]);
    const approvals = (await entriesOf([filed.body.id])).filter(
      (entry) => entry.action === 'sharing.approve',
    );
    expect(approvals.map((entry) => JSON.parse(entry.detail!) as object)).toEqual([
      expect.objectContaining({ as: 'owner', granted: false }),
      expect.objectContaining({ as: 'security-officer', granted: true }),
    ]);
    const scanned = (await entriesOf([dataset.body.id])).find((entry) => entry.action === 'dataset.scan')!;
    // the entry names the reviews, never the sampled values (they are PI themselves)
    expect(scanned.detail).not.toContain('13800138000');
  });

  it('writes no entry for a refused write: it rolls back with it', async () => {
    const before = await entriesOf([systemId]);
    // refused inside the transaction, after the system's row is locked: before the last assessment
    const refused = await api(callers.officer, 'POST', `/information-systems/${systemId}/assessments`, {
      assessedOn: '2027-01-01',
      body: '上海市信息安全测评认证中心',
      result: 'good',
    });
    expect(refused.status).toBe(400);
    expect((await verify()).body.ok).toBe(true);
    expect(await entriesOf([systemId])).toEqual(before);
  });

  it('names an entry edited in the database', async () => {
    const [entry] = (await harness.dataSource.query(
      "SELECT seq, detail FROM audit_chain_entry WHERE action = 'system.grade' LIMIT 1",
    )) as [{ seq: string; detail: string }];
    const forged = entry.detail.replace('"protectionLevel":3', '"protectionLevel":2');
    expect(forged).not.toBe(entry.detail);
    await harness.dataSource.query('UPDATE audit_chain_entry SET detail = ? WHERE seq = ?', [
      forged,
      entry.seq,
    ]);
    const tampered = await verify();
    expect(tampered.body).toMatchObject({
      ok: false,
      firstBroken: { seq: Number(entry.seq), problem: 'changed' },
    });
  });
});
