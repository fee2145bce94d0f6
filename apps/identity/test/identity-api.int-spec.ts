import { passwordGrant, passwordGrantToken, refreshGrant } from '@edubase/testing';
import {
  api,
  createDistrict,
  Harness,
  keycloakByHand,
  realmRoleNames,
  serviceToken,
  startIdentity,
} from './identity-harness';

interface PersonBody {
  id: string;
  staffNo: string | null;
  name: string;
  idCardNo?: string | null;
  birthDate?: string | null;
  mobile?: string | null;
  personalDataMasked: boolean;
  protectedFields: Record<string, 'masked' | 'removed'>;
  status: string;
  keycloak: { userId: string | null };
  keycloakSync?: { provisioned: boolean; error: string | null; initialPassword?: string };
}
interface ChangeBody {
  staffNo: string;
  repair: string;
  detail: string;
}

// Jest reads testTimeout only at the top level, not per project; Keycloak round trips need more than 5 s.
jest.setTimeout(60_000);

const schoolA = '3101200001';
const schoolB = '3101200002';

describe('identity API against real Keycloak, Kafka and MariaDB', () => {
  let harness: Harness;
  const tokens: Record<string, string> = {};
  const orgs: Record<string, string> = {};
  const people: Record<string, PersonBody> = {};

  beforeAll(async () => {
    // Policy on: dormant accounts are disabled, not only flagged.
    harness = await startIdentity('api', { DISABLE_DORMANT: 'true', DORMANT_AFTER_DAYS: '30' });
    const logins = {
      district: 'district.admin',
      adminA: `admin.${schoolA}`,
      adminB: `admin.${schoolB}`,
      teacherA: `teacher.${schoolA}`,
      leader: 'leader1',
    };
    for (const [key, username] of Object.entries(logins)) tokens[key] = await passwordGrantToken(username);
    tokens.serviceRead = await serviceToken(['identity:read']);
    tokens.serviceWrite = await serviceToken(['identity:read', 'identity:write']);

    const address = '上海市奉贤区南桥镇';
    const district = await createDistrict(harness, tokens.district!, '上海市奉贤区教育局', [
      { schoolCode: schoolA, name: '上海市奉贤区实验小学', stage: 'primary', address },
      { schoolCode: schoolB, name: '上海市奉贤中学', stage: 'senior', address },
    ]);
    orgs.district = district.districtId;
    orgs.schoolA = district.schoolIds[schoolA]!;
    orgs.schoolB = district.schoolIds[schoolB]!;
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('provisions new staff in Keycloak: username = 工号, school attribute and group, roles, temporary password', async () => {
    const staffNo = harness.staffNo('a01');
    const created = await api<PersonBody>(harness, tokens.adminA!, 'POST', '/people', {
      kind: 'staff',
      name: '王丽华',
      orgId: orgs.schoolA,
      staffNo,
      email: `${staffNo}@fx.example.cn`,
      mobile: '13812345678',
    });
    expect(created.status).toBe(201);
    expect(created.body.keycloakSync).toMatchObject({ provisioned: true, error: null });
    const initialPassword = created.body.keycloakSync!.initialPassword!;
    expect(initialPassword.length).toBeGreaterThanOrEqual(12);
    people.a1 = created.body;

    for (const role of ['teacher', 'network-admin'])
      expect(
        (
          await api(harness, tokens.adminA!, 'POST', `/people/${created.body.id}/roles`, {
            role,
            scope: 'school',
          })
        ).status,
      ).toBe(201);

    const user = await harness.keycloak.findUserByUsername(staffNo);
    expect(user).toMatchObject({
      username: staffNo.toLowerCase(),
      enabled: true,
      firstName: '丽华',
      lastName: '王',
      attributes: { schoolCode: [schoolA], staffNo: [staffNo] },
      requiredActions: ['UPDATE_PASSWORD'],
    });
    expect(user!.id).toBe(
      (await api<PersonBody>(harness, tokens.district!, 'GET', `/people/${created.body.id}`)).body.keycloak
        .userId,
    );
    expect(await realmRoleNames(user!.id)).toEqual(expect.arrayContaining(['network-admin', 'teacher']));
    expect((await harness.keycloak.groupsOfUser(user!.id)).map((group) => group.path)).toEqual([
      `/schools/${schoolA}`,
    ]);

    // The password is temporary: Keycloak refuses a direct login until it has been changed.
    await expect(passwordGrant(staffNo, initialPassword)).rejects.toThrow(/not fully set up/);
  });

  it('departure disables the account, ends its sessions at once and publishes identity.person.deactivated.v1', async () => {
    const staffNo = harness.staffNo('a02');
    const created = await api<PersonBody>(harness, tokens.adminA!, 'POST', '/people', {
      kind: 'staff',
      name: '李建国',
      orgId: orgs.schoolA,
      staffNo,
      // The realm's user profile requires an e-mail before a user may log in.
      email: `${staffNo}@fx.example.cn`,
    });
    expect(created.status).toBe(201);
    await api(harness, tokens.adminA!, 'POST', `/people/${created.body.id}/roles`, {
      role: 'teacher',
      scope: 'school',
    });
    const userId = (await harness.keycloak.findUserByUsername(staffNo))!.id;
    // The teacher has set their own password and is logged in.
    await keycloakByHand('PUT', `/users/${userId}/reset-password`, {
      type: 'password',
      value: 'Own-Passw0rd!',
      temporary: false,
    });
    await keycloakByHand('PUT', `/users/${userId}`, { requiredActions: [] });
    const session = await passwordGrant(staffNo, 'Own-Passw0rd!');
    expect((await harness.keycloak.userSessions(userId)).length).toBe(1);

    const departed = await api<PersonBody>(
      harness,
      tokens.adminA!,
      'POST',
      `/people/${created.body.id}/depart`,
      {
        departureKind: 'resigned',
        reason: '个人原因离职',
        effectiveDate: '2026-11-30',
      },
    );
    expect(departed.status).toBe(200);
    expect(departed.body.status).toBe('departed');

    expect((await harness.keycloak.getUser(userId))!.enabled).toBe(false);
    expect(await harness.keycloak.userSessions(userId)).toEqual([]);
    const refreshed = await refreshGrant(session.refresh_token!);
    expect(refreshed.status).toBe(400);
    expect(await realmRoleNames(userId)).not.toContain('teacher');

    const outbox = (await harness.dataSource.query(
      'SELECT topic, payload FROM outbox_event_written WHERE aggregate_key = ? ORDER BY id',
      [`person:${created.body.id}`],
    )) as { topic: string; payload: string }[];
    expect(outbox.map((row) => row.topic)).toEqual([
      'identity.person.created.v1',
      'identity.role.granted.v1',
      'identity.role.revoked.v1',
      'identity.person.deactivated.v1',
    ]);

    const deactivation = await harness.awaitEvent('identity.person.deactivated.v1', () => true);
    expect(deactivation).toMatchObject({
      type: 'identity.person.deactivated.v1',
      source: 'identity',
      schoolCode: schoolA,
      actor: { kind: 'person' },
      data: {
        personId: created.body.id,
        staffNo,
        schoolCode: schoolA,
        status: 'departed',
        reason: '个人原因离职',
        effectiveDate: '2026-11-30',
      },
    });
  });

  it('reconciliation repairs a deleted account and hand-changed roles, and reports what it changed', async () => {
    const created: Record<string, PersonBody> = {};
    for (const [key, name] of [
      ['deleted', '张伟'],
      ['tampered', '欧阳明远'],
    ] as const) {
      const answer = await api<PersonBody>(harness, tokens.district!, 'POST', '/people', {
        kind: 'staff',
        name,
        orgId: orgs.schoolB,
        staffNo: harness.staffNo(key === 'deleted' ? 'b01' : 'b02'),
      });
      expect(answer.status).toBe(201);
      await api(harness, tokens.district!, 'POST', `/people/${answer.body.id}/roles`, {
        role: 'teacher',
        scope: 'school',
      });
      created[key] = (
        await api<PersonBody>(harness, tokens.district!, 'GET', `/people/${answer.body.id}`)
      ).body;
    }
    // Drift made by hand in the Keycloak console.
    await keycloakByHand('DELETE', `/users/${created.deleted!.keycloak.userId}`);
    const tamperedId = created.tampered!.keycloak.userId!;
    const roleOf = async (name: string) =>
      (await (await keycloakByHand('GET', `/roles/${name}`)).json()) as object;
    await keycloakByHand('DELETE', `/users/${tamperedId}/role-mappings/realm`, [await roleOf('teacher')]);
    await keycloakByHand('POST', `/users/${tamperedId}/role-mappings/realm`, [
      await roleOf('district-admin'),
    ]);

    expect((await api(harness, tokens.adminA!, 'POST', '/keycloak/reconciliation')).status).toBe(403);
    const run = await api<{ peopleChecked: number; changes: ChangeBody[] }>(
      harness,
      tokens.district!,
      'POST',
      '/keycloak/reconciliation',
    );
    expect(run.status).toBe(200);
    const changesOf = (staffNo: string) =>
      run.body.changes
        .filter((change) => change.staffNo === staffNo)
        .map((change) => `${change.repair}: ${change.detail}`);
    expect(changesOf(created.deleted!.staffNo!)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^user-recreated/),
        'roles-added: teacher',
        `group-fixed: joined /schools/${schoolB}`,
      ]),
    );
    expect(changesOf(created.tampered!.staffNo!).sort()).toEqual([
      'roles-added: teacher',
      'roles-removed: district-admin',
    ]);

    const recreated = await harness.keycloak.findUserByUsername(created.deleted!.staffNo!);
    expect(recreated).toMatchObject({ enabled: true, attributes: { schoolCode: [schoolB] } });
    expect(await realmRoleNames(recreated!.id)).toContain('teacher');
    expect(await realmRoleNames(tamperedId)).toEqual(expect.arrayContaining(['teacher']));
    expect(await realmRoleNames(tamperedId)).not.toContain('district-admin');

    // Nothing left to repair: a second run changes nothing.
    const again = await api<{ changes: ChangeBody[] }>(
      harness,
      tokens.district!,
      'POST',
      '/keycloak/reconciliation',
    );
    expect(again.body.changes).toEqual([]);
    const runs = await api<{ changes: ChangeBody[] }[]>(
      harness,
      tokens.district!,
      'GET',
      '/keycloak/reconciliation/runs',
    );
    expect(runs.body).toHaveLength(2);
    people.b1 = recreated ? { ...created.deleted!, keycloak: { userId: recreated.id } } : created.deleted!;
  });

  it('keeps each school admin inside their own school (403 matrix); district-admin reaches everywhere', async () => {
    const inA = people.a1!.id;
    const inB = people.b1!.id;
    const read = async (token: string, id: string) =>
      (await api(harness, token, 'GET', `/people/${id}`)).status;
    const write = async (token: string, id: string) =>
      (await api(harness, token, 'PATCH', `/people/${id}`, { mobile: '13900001111' })).status;
    const createIn = async (token: string, org: string, suffix: string) =>
      (
        await api(harness, token, 'POST', '/people', {
          kind: 'staff',
          name: '赵敏',
          orgId: org,
          staffNo: harness.staffNo(suffix),
        })
      ).status;

    const matrix = {
      'adminA read A': await read(tokens.adminA!, inA),
      'adminA read B': await read(tokens.adminA!, inB),
      'adminA write A': await write(tokens.adminA!, inA),
      'adminA write B': await write(tokens.adminA!, inB),
      'adminA create in B': await createIn(tokens.adminA!, orgs.schoolB!, 'x01'),
      'adminA grant in B': (
        await api(harness, tokens.adminA!, 'POST', `/people/${inB}/roles`, {
          role: 'leader',
          scope: 'school',
        })
      ).status,
      'adminA suspend B': (
        await api(harness, tokens.adminA!, 'POST', `/people/${inB}/suspend`, {
          reason: '测试',
          effectiveDate: '2026-12-01',
        })
      ).status,
      'adminA search B': (await api(harness, tokens.adminA!, 'GET', `/people?schoolCode=${schoolB}`)).status,
      'adminA staffNo B': (
        await api(harness, tokens.adminA!, 'GET', `/people/by-staff-no/${people.b1!.staffNo}`)
      ).status,
      'adminB read A': await read(tokens.adminB!, inA),
      'adminB write A': await write(tokens.adminB!, inA),
      'adminB read B': await read(tokens.adminB!, inB),
      'adminB write B': await write(tokens.adminB!, inB),
      'district read A': await read(tokens.district!, inA),
      'district read B': await read(tokens.district!, inB),
      'district write A': await write(tokens.district!, inA),
      'district write B': await write(tokens.district!, inB),
      'teacherA read A': await read(tokens.teacherA!, inA),
      'teacherA read B': await read(tokens.teacherA!, inB),
      'teacherA write A': await write(tokens.teacherA!, inA),
      'leader read B': await read(tokens.leader!, inB),
      'leader write B': await write(tokens.leader!, inB),
      'service read B': await read(tokens.serviceRead!, inB),
      'service(read) write B': await write(tokens.serviceRead!, inB),
      'service(write) write B': await write(tokens.serviceWrite!, inB),
      'no token read A': (await api(harness, null, 'GET', `/people/${inA}`)).status,
      'adminA audit': (await api(harness, tokens.adminA!, 'GET', '/audit')).status,
      'district audit': (await api(harness, tokens.district!, 'GET', '/audit')).status,
    };
    expect(matrix).toEqual({
      'adminA read A': 200,
      'adminA read B': 403,
      'adminA write A': 200,
      'adminA write B': 403,
      'adminA create in B': 403,
      'adminA grant in B': 403,
      'adminA suspend B': 403,
      'adminA search B': 403,
      'adminA staffNo B': 403,
      'adminB read A': 403,
      'adminB write A': 403,
      'adminB read B': 200,
      'adminB write B': 200,
      'district read A': 200,
      'district read B': 200,
      'district write A': 200,
      'district write B': 200,
      'teacherA read A': 200,
      'teacherA read B': 403,
      'teacherA write A': 403,
      'leader read B': 200,
      'leader write B': 403,
      'service read B': 200,
      'service(read) write B': 403,
      'service(write) write B': 200,
      'no token read A': 401,
      'adminA audit': 403,
      'district audit': 200,
    });

    const listed = await api<{ items: PersonBody[]; total: number }>(
      harness,
      tokens.adminA!,
      'GET',
      '/people?kind=staff',
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items.length).toBeGreaterThan(0);
    expect(
      listed.body.items.every((item) => (item as unknown as { schoolCode: string }).schoolCode === schoolA),
    ).toBe(true);
  });

  it('flags staff not logged in for DORMANT_AFTER_DAYS as dormant and, by policy, disables them', async () => {
    const create = async (suffix: string, name: string) => {
      const staffNo = harness.staffNo(suffix);
      const answer = await api<PersonBody>(harness, tokens.adminA!, 'POST', '/people', {
        kind: 'staff',
        name,
        orgId: orgs.schoolA,
        staffNo,
        email: `${staffNo}@fx.example.cn`,
      });
      expect(answer.status).toBe(201);
      return answer.body;
    };
    const sleeper = await create('d01', '孙海燕');
    const active = await create('d02', '周晓东');
    // Both accounts have existed for 40 days; only one of them logs in now.
    await harness.dataSource.query(
      'UPDATE person SET active_since = NOW(3) - INTERVAL 40 DAY WHERE id IN (?, ?)',
      [sleeper.id, active.id],
    );
    const activeUserId = (await harness.keycloak.findUserByUsername(active.staffNo!))!.id;
    await keycloakByHand('PUT', `/users/${activeUserId}/reset-password`, {
      type: 'password',
      value: 'Own-Passw0rd!',
      temporary: false,
    });
    await passwordGrant(active.staffNo!, 'Own-Passw0rd!');

    const report = await api<{
      flagged: { staffNo: string }[];
      disabled: boolean;
      lastLoginSources: string[];
    }>(harness, tokens.district!, 'POST', '/keycloak/dormant-check');
    expect(report.status).toBe(200);
    expect(report.body.disabled).toBe(true);
    expect(report.body.lastLoginSources).toContain('sessions');
    const flagged = report.body.flagged.map((entry) => entry.staffNo);
    expect(flagged).toContain(sleeper.staffNo);
    expect(flagged).not.toContain(active.staffNo);

    const sleeperUser = await harness.keycloak.findUserByUsername(sleeper.staffNo!);
    expect(sleeperUser!.enabled).toBe(false);
    expect((await harness.keycloak.findUserByUsername(active.staffNo!))!.enabled).toBe(true);
    const dormantList = await api<{ items: PersonBody[] }>(
      harness,
      tokens.adminA!,
      'GET',
      '/people?dormant=true',
    );
    expect(dormantList.body.items.map((person) => person.staffNo)).toEqual([sleeper.staffNo]);

    // Waking the account (a school admin reactivates it) enables it again and restarts the clock.
    expect((await api(harness, tokens.adminA!, 'POST', `/people/${sleeper.id}/reactivate`)).status).toBe(200);
    expect((await harness.keycloak.findUserByUsername(sleeper.staffNo!))!.enabled).toBe(true);
    const again = await api<{ flagged: { staffNo: string }[] }>(
      harness,
      tokens.district!,
      'POST',
      '/keycloak/dormant-check',
    );
    expect(again.body.flagged).toEqual([]);
  });

  it('audits every write with who, when, what, before and after', async () => {
    const id = people.a1!.id;
    const renamed = await api(harness, tokens.adminA!, 'PATCH', `/people/${id}`, { name: '王丽君' });
    expect(renamed.status).toBe(200);
    const audit = await api<{
      items: {
        action: string;
        actorName: string;
        occurredAt: string;
        before: { name: string };
        after: { name: string };
      }[];
    }>(harness, tokens.district!, 'GET', `/audit?entityType=person&entityId=${id}&action=person.update`);
    expect(audit.status).toBe(200);
    const latest = audit.body.items[0]!;
    expect(latest).toMatchObject({
      action: 'person.update',
      actorName: `admin.${schoolA}`,
      before: { name: '王丽华' },
      after: { name: '王丽君' },
    });
    expect(Date.now() - new Date(latest.occurredAt).getTime()).toBeLessThan(60_000);

    const actions = await api<{ items: { action: string }[]; total: number }>(
      harness,
      tokens.district!,
      'GET',
      `/audit?entityId=${id}&pageSize=50`,
    );
    expect(actions.body.items.map((item) => item.action)).toEqual(
      expect.arrayContaining(['person.create', 'person.update']),
    );
    const grants = await api<{ total: number }>(
      harness,
      tokens.district!,
      'GET',
      `/audit?entityType=role-grant&action=role.grant`,
    );
    expect(grants.body.total).toBeGreaterThanOrEqual(5);
  });

  it('shows a member of staff by field grade: whole to administrators, masked or left out for a teacher and a read-only system', async () => {
    const staff = await api<PersonBody>(harness, tokens.adminA!, 'POST', '/people', {
      kind: 'staff',
      name: '周文静',
      orgId: orgs.schoolA,
      staffNo: harness.staffNo('m01'),
      idCardNo: '310120198503010033',
      birthDate: '1985-03-01',
      mobile: '13812345678',
      email: `zhou.wenjing.${harness.run}@school.cn`,
    });
    expect(staff.status).toBe(201);
    const seenBy = async (token: string) =>
      (await api<PersonBody>(harness, token, 'GET', `/people/${staff.body.id}`)).body;
    const whole = {
      name: '周文静',
      idCardNo: '310120198503010033',
      birthDate: '1985-03-01',
      mobile: '13812345678',
      email: `zhou.wenjing.${harness.run}@school.cn`,
      personalDataMasked: false,
      protectedFields: {},
    };
    expect(await seenBy(tokens.district!)).toMatchObject(whole);
    expect(await seenBy(tokens.adminA!)).toMatchObject(whole);
    expect(await seenBy(tokens.serviceWrite!)).toMatchObject(whole);
    // 一般 shown, 重要 masked, 核心 left out: a teacher of the same school, and a read-only district system.
    for (const token of [tokens.teacherA!, tokens.serviceRead!]) {
      const seen = await seenBy(token);
      expect(seen).toMatchObject({
        name: '周文静',
        email: whole.email,
        birthDate: '****-**-**',
        mobile: '138****5678',
        personalDataMasked: true,
        protectedFields: { idCardNo: 'removed', birthDate: 'masked', mobile: 'masked' },
      });
      expect(seen).not.toHaveProperty('idCardNo');
    }
    // Another school's administrator is no administrator of this person: not even a reader.
    expect((await api(harness, tokens.adminB!, 'GET', `/people/${staff.body.id}`)).status).toBe(403);
  });

  it("raises a student's (a minor's) fields a grade: a teacher sees the 学籍号 masked and no number or birth date", async () => {
    const student = await api<PersonBody>(harness, tokens.adminA!, 'POST', '/people', {
      kind: 'student',
      name: '陈小雨',
      orgId: orgs.schoolA,
      studentNo: `G${harness.run}0025`,
      idCardNo: '310120201303010025',
      birthDate: '2013-03-01',
      mobile: '13912345678',
    });
    expect(student.status).toBe(201);
    const seenBy = async (token: string) =>
      (await api<PersonBody>(harness, token, 'GET', `/people/${student.body.id}`)).body;
    const whole = {
      studentNo: `G${harness.run}0025`,
      idCardNo: '310120201303010025',
      birthDate: '2013-03-01',
      mobile: '13912345678',
      personalDataMasked: false,
    };
    expect(await seenBy(tokens.adminA!)).toMatchObject(whole);
    expect(await seenBy(tokens.district!)).toMatchObject(whole);
    expect(await seenBy(tokens.serviceWrite!)).toMatchObject(whole);
    const minorView = {
      name: '陈小雨',
      studentNo: `G${harness.run.slice(0, 3)}${'*'.repeat(harness.run.length - 3)}0025`,
      personalDataMasked: true,
      protectedFields: { studentNo: 'masked', idCardNo: 'removed', birthDate: 'removed', mobile: 'removed' },
    };
    for (const token of [tokens.teacherA!, tokens.leader!, tokens.serviceRead!]) {
      const seen = await seenBy(token);
      expect(seen).toMatchObject(minorView);
      for (const field of ['idCardNo', 'birthDate', 'mobile']) expect(seen).not.toHaveProperty(field);
    }

    const search = await api<{ items: PersonBody[] }>(
      harness,
      tokens.teacherA!,
      'GET',
      '/people?kind=student',
    );
    expect(search.body.items).toEqual([expect.objectContaining({ id: student.body.id, ...minorView })]);
    expect(await harness.keycloak.findUserByUsername(`G${harness.run}0025`)).toBeNull();
  });

  it('rejects bad input with a problem+json naming each field', async () => {
    const answer = await api<{ status: number; errors: { field: string }[] }>(
      harness,
      tokens.adminA!,
      'POST',
      '/people',
      {
        kind: 'staff',
        name: '错误',
        orgId: orgs.schoolA,
        staffNo: harness.staffNo('bad'),
        idCardNo: '310120201303010026',
        mobile: '12345',
        email: 'not-an-email',
      },
    );
    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body.errors.map((error) => error.field).sort()).toEqual(['email', 'idCardNo', 'mobile']);

    const student = await api<{ errors: { field: string }[] }>(harness, tokens.adminA!, 'POST', '/people', {
      kind: 'student',
      name: '缺少学籍号',
      orgId: orgs.schoolA,
    });
    expect(student.status).toBe(400);
    expect(student.body.errors.map((error) => error.field).sort()).toEqual(['birthDate', 'studentNo']);

    const contractor = await api<{ errors: { field: string; reason: string }[] }>(
      harness,
      tokens.district!,
      'POST',
      `/people/${people.a1!.id}/roles`,
      { role: 'contractor-ops', scope: 'district' },
    );
    expect(contractor.status).toBe(400);
    expect(contractor.body.errors).toEqual([expect.objectContaining({ field: 'endsAt' })]);
  });

  it('documents every route in OpenAPI', async () => {
    const document = await harness.app.inject({ method: 'GET', url: '/docs-json' });
    const paths = Object.keys((document.json() as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/orgs/tree',
        '/people',
        '/people/{id}',
        '/people/by-staff-no/{staffNo}',
        '/people/{personId}/roles',
        '/audit',
        '/keycloak/reconciliation',
      ]),
    );
  });

  it('renames and moves a school without losing its history, with org events in the outbox', async () => {
    const centre = await api<{ id: string }>(harness, tokens.district!, 'POST', '/orgs', {
      kind: 'centre',
      name: '奉贤区教育学院 教育信息技术中心',
      parentId: orgs.district,
    });
    expect(centre.status).toBe(201);
    const id = orgs.schoolB!;
    expect(
      (await api(harness, tokens.district!, 'PATCH', `/orgs/${id}`, { name: '上海市奉贤区奉贤中学' })).status,
    ).toBe(200);
    expect(
      (await api(harness, tokens.district!, 'POST', `/orgs/${id}/move`, { parentId: centre.body.id })).status,
    ).toBe(200);
    expect((await api(harness, tokens.adminB!, 'PATCH', `/orgs/${id}`, { name: '改名' })).status).toBe(403);

    const history = await api<
      {
        change: string;
        nameBefore: string | null;
        nameAfter: string;
        parentBefore: string | null;
        parentAfter: string;
      }[]
    >(harness, tokens.district!, 'GET', `/orgs/${id}/history`);
    expect(history.body.map((entry) => [entry.change, entry.nameBefore, entry.nameAfter])).toEqual([
      ['created', null, '上海市奉贤中学'],
      ['renamed', '上海市奉贤中学', '上海市奉贤区奉贤中学'],
      ['moved', '上海市奉贤区奉贤中学', '上海市奉贤区奉贤中学'],
    ]);
    expect(history.body[2]).toMatchObject({ parentBefore: orgs.district, parentAfter: centre.body.id });

    const tree = await api<{ children: { name: string; children: { schoolCode: string }[] }[] }[]>(
      harness,
      tokens.district!,
      'GET',
      '/orgs/tree',
    );
    const movedUnder = tree.body[0]!.children.find((child) => child.name.includes('教育信息技术中心'))!;
    expect(movedUnder.children.map((child) => child.schoolCode)).toEqual([schoolB]);
    const adminTree = await api<{ schoolCode: string }[]>(harness, tokens.adminA!, 'GET', '/orgs/tree');
    expect(adminTree.body.map((node) => node.schoolCode)).toEqual([schoolA]);

    const events = (await harness.dataSource.query(
      'SELECT topic FROM outbox_event_written WHERE aggregate_key = ? ORDER BY id',
      [`org:${id}`],
    )) as { topic: string }[];
    expect(events.map((event) => event.topic)).toEqual([
      'identity.org.created.v1',
      'identity.org.updated.v1',
      'identity.org.updated.v1',
    ]);
  });
});
