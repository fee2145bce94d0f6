import { AuditChain, entryHash, type ChainVerification } from '@edubase/audit';
import { passwordGrantToken } from '@edubase/testing';
import { api, createDistrict, Harness, startIdentity } from './identity-harness';

// Jest reads testTimeout only at the top level, not per project; Keycloak round trips need more than 5 s.
jest.setTimeout(60_000);

const schoolA = '3101200001';

/**
 * Identity's tamper-evident audit chain on the real MariaDB: every audit row is chained, concurrent writers
 * leave one unbroken chain, and GET /audit/verify names the first entry changed or deleted in the database.
 */
describe('identity audit chain', () => {
  let harness: Harness;
  const tokens: Record<string, string> = {};
  let schoolId: string;

  const verify = async (token = tokens.district!) =>
    api<ChainVerification>(harness, token, 'GET', '/audit/verify');
  const createStudent = (index: number) =>
    api<{ id: string }>(harness, tokens.adminA!, 'POST', '/people', {
      kind: 'student',
      name: `链学生${index}`,
      orgId: schoolId,
      studentNo: `G${harness.run}${String(index).padStart(4, '0')}`,
      birthDate: '2014-09-01',
    });

  beforeAll(async () => {
    harness = await startIdentity('audit_chain');
    const logins = {
      district: 'district.admin',
      adminA: `admin.${schoolA}`,
      teacherA: `teacher.${schoolA}`,
      leader: 'leader1',
    };
    for (const [key, username] of Object.entries(logins)) tokens[key] = await passwordGrantToken(username);
    const district = await createDistrict(harness, tokens.district!, '上海市奉贤区教育局', [
      { schoolCode: schoolA, name: '上海市奉贤区实验小学', stage: 'primary' },
    ]);
    schoolId = district.schoolIds[schoolA]!;
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('chains every audit row, from concurrent writers too, into one unbroken chain', async () => {
    const created = await Promise.all(Array.from({ length: 20 }, (_, index) => createStudent(index)));
    expect(created.filter((answer) => answer.status !== 201)).toEqual([]);

    const answer = await verify();
    expect(answer.status).toBe(200);
    const [{ count: audited }] = (await harness.dataSource.query(
      'SELECT COUNT(*) AS count FROM audit_entry',
    )) as [{ count: string }];
    expect(answer.body).toMatchObject({
      service: 'identity',
      ok: true,
      enabled: true,
      checkedEntries: Number(audited),
      unsealedEntries: 0,
      firstBroken: null,
    });
    expect(answer.body.head.seq).toBe(Number(audited));
    const chained = (await harness.dataSource.query(
      "SELECT action, subject_id FROM audit_chain_entry WHERE action = 'person.create' ORDER BY seq",
    )) as { action: string; subject_id: string }[];
    expect(chained.map((entry) => entry.subject_id).sort()).toEqual(
      created.map((answer) => answer.body.id).sort(),
    );
  });

  it('is verified by the district administrator only among these callers', async () => {
    expect((await verify(tokens.adminA!)).status).toBe(403);
    expect((await verify(tokens.teacherA!)).status).toBe(403);
    expect((await verify(tokens.leader!)).status).toBe(403);
    expect((await api(harness, null, 'GET', '/audit/verify')).status).toBe(401);
  });

  it('names an entry edited in the database, and is whole again once the edit is undone', async () => {
    const [entry] = (await harness.dataSource.query(
      "SELECT seq, detail FROM audit_chain_entry WHERE action = 'person.create' ORDER BY seq LIMIT 1",
    )) as [{ seq: string; detail: string }];
    const forged = entry.detail.replace('链学生', '伪学生');
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
    expect(tampered.body.firstBroken!.detail).toContain(`entry ${entry.seq} was changed`);

    await harness.dataSource.query('UPDATE audit_chain_entry SET detail = ? WHERE seq = ?', [
      entry.detail,
      entry.seq,
    ]);
    expect((await verify()).body).toMatchObject({ ok: true, firstBroken: null });
  });

  it('names the next link when an edited entry was re-hashed by someone who knows the algorithm', async () => {
    const [entry] = (await harness.dataSource.query('SELECT * FROM audit_chain_entry WHERE seq = 3')) as [
      Record<string, string | Date | null>,
    ];
    const forgedDetail = JSON.stringify({ forged: true });
    const forgedHash = entryHash({
      seq: '3',
      prevHash: entry.prev_hash as string,
      occurredAt: entry.occurred_at as Date,
      actorId: entry.actor_id as string,
      actorKind: entry.actor_kind as string,
      actorName: entry.actor_name as string | null,
      action: entry.action as string,
      subjectType: entry.subject_type as string,
      subjectId: entry.subject_id as string | null,
      schoolCode: entry.school_code as string | null,
      detail: forgedDetail,
    });
    await harness.dataSource.query('UPDATE audit_chain_entry SET detail = ?, hash = ? WHERE seq = 3', [
      forgedDetail,
      forgedHash,
    ]);
    // Entry 3 is consistent in itself; entry 4 still carries the hash entry 3 had when it was sealed.
    expect((await verify()).body.firstBroken).toMatchObject({ seq: 4, problem: 'relinked' });
    await harness.dataSource.query('UPDATE audit_chain_entry SET detail = ?, hash = ? WHERE seq = 3', [
      entry.detail,
      entry.hash,
    ]);
    expect((await verify()).body.ok).toBe(true);
  });

  it('publishes anchors of the head as audit.chain.anchored.v1', async () => {
    const chain = harness.app.get(AuditChain);
    const head = await chain.sealNow({ anchor: 'now' });
    const anchor = await harness.awaitEvent(
      'audit.chain.anchored.v1',
      (envelope) => envelope.data.seq === head.seq,
    );
    expect(anchor.data).toMatchObject({ service: 'identity', seq: head.seq, hash: head.hash });
    expect(anchor.source).toBe('identity');
  });
  it('names the newest entry deleted: the head is ahead of the chain', async () => {
    const head = (await verify()).body.head.seq;
    const [newest] = (await harness.dataSource.query('SELECT * FROM audit_chain_entry WHERE seq = ?', [
      head,
    ])) as [Record<string, unknown>];
    await harness.dataSource.query('DELETE FROM audit_chain_entry WHERE seq = ?', [head]);
    const cut = await verify();
    expect(cut.body).toMatchObject({ ok: false, firstBroken: { seq: head, problem: 'missing' } });

    const columns = Object.keys(newest);
    await harness.dataSource.query(
      `INSERT INTO audit_chain_entry (${columns.map((column) => `\`${column}\``).join(', ')}) VALUES (?)`,
      [columns.map((column) => newest[column])],
    );
    expect((await verify()).body.ok).toBe(true);
  });

  it('names an entry deleted from the middle, and keeps naming it after later writes', async () => {
    const middle = Math.floor((await verify()).body.head.seq / 2);
    await harness.dataSource.query('DELETE FROM audit_chain_entry WHERE seq = ?', [middle]);
    const gap = await verify();
    expect(gap.body).toMatchObject({
      ok: false,
      firstBroken: { seq: middle, problem: 'missing', entryId: null },
    });
    expect(gap.body.checkedEntries).toBe(middle - 1);

    // A later write still chains onto the head: the gap stays the first broken link.
    expect((await createStudent(100)).status).toBe(201);
    expect((await verify()).body.firstBroken).toMatchObject({ seq: middle, problem: 'missing' });
  });
});
