import { ConflictException, ForbiddenException } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditChain } from '@edubase/audit';
import { ProblemException } from '@edubase/http';
import { OutboxPublisher } from '@edubase/messaging';
import { personCaller } from '@edubase/testing';
import { AuditService } from '../audit/audit.service';
import { OrgUnit } from '../org/org-unit.entity';
import { RoleGrant } from '../roles/role-grant.entity';
import { Clock } from '../shared/clock';
import { IdentityEvents } from '../shared/identity-events';
import { PeopleWriter } from './people-writer';
import { Person } from './person.entity';
import type { PersonDraft } from './person-rules';
import { idCardCheckCharacter } from './id-card';

const idCard = (first17: string): string => first17 + idCardCheckCharacter(first17);

const A = '3101200001';
const B = '3101200002';
const school = (code: string, id: string) =>
  Object.assign(new OrgUnit(), { id, kind: 'school', schoolCode: code, owningSchoolCode: code });

/** An EntityManager that answers the writer's reads from memory and records every statement. */
function recordingManager(held: RoleGrant[] = [], people: Person[] = []) {
  const statements: { sql: string; rows: unknown[][] }[] = [];
  const units = [school(A, 'org-a'), school(B, 'org-b')];
  const manager = {
    query: async (sql: string, params: unknown[] = []) => {
      statements.push({ sql, rows: Array.isArray(params[0]) ? (params[0] as unknown[][]) : [params] });
      return [];
    },
    create: <T>(entity: new () => T, values: Partial<T>) => Object.assign(new entity() as object, values),
    findBy: async (entity: unknown) => (entity === OrgUnit ? units : entity === RoleGrant ? held : []),
    find: async (entity: unknown) => (entity === OrgUnit ? units : entity === Person ? people : []),
    queryRunner: undefined,
    connection: {},
  } as unknown as EntityManager;
  const into = (table: string) => statements.filter(({ sql }) => sql.startsWith(`INSERT INTO ${table} `));
  return { manager, statements, into };
}

const chain = new AuditChain({} as DataSource, null, {
  service: 'identity',
  enabled: true,
  sealDelayMs: 60_000,
  sweepIntervalMs: 60_000,
  anchorIntervalMs: 60_000,
});
afterAll(() => chain.stop());
/** 2026-09-01 in Shanghai: the first school day, for the minors' ages below. */
const fixedClock = Object.assign(new Clock(), { now: () => new Date('2026-09-01T02:00:00Z') });
const writer = () =>
  new PeopleWriter(
    new AuditService({} as DataSource, chain),
    new IdentityEvents(new OutboxPublisher('identity')),
    fixedClock,
  );
const districtAdmin = personCaller(['district-admin@district']);
const adminA = personCaller([`school-admin@${A}`], A);
const teacher = (index: number): PersonDraft => ({
  kind: 'staff',
  name: `教师${index}`,
  orgId: 'org-a',
  staffNo: `T${index}`,
  roles: [{ role: 'teacher', scope: 'school' }],
});

describe('PeopleWriter', () => {
  it('creates 1,200 people with their roles in a few multi-row statements, with audit rows, events and sync requests', async () => {
    const { manager, statements, into } = recordingManager();
    const drafts = Array.from({ length: 1200 }, (_, index) => teacher(index));
    const created = await writer().createPeople(manager, drafts, districtAdmin, { source: 'roster-import' });

    expect(created).toHaveLength(1200);
    expect(created[0]).toMatchObject({ staffNo: 'T0', schoolCode: A, status: 'active', version: 1 });
    const rowsPer = (table: string) => into(table).map(({ rows }) => rows.length);
    expect(rowsPer('person')).toEqual([500, 500, 200]);
    expect(rowsPer('role_grant')).toEqual([500, 500, 200]);
    expect(rowsPer('audit_entry')).toEqual([500, 500, 500, 500, 400]);
    // Each audit row is also appended, in the same transaction, to identity's tamper-evident chain.
    expect(rowsPer('audit_chain_entry')).toEqual([500, 500, 500, 500, 400]);
    const topics = into('outbox_event').map(({ rows }) => [rows[0]![1], rows.length]);
    expect(topics).toEqual([
      ['identity.person.created.v1', 500],
      ['identity.person.created.v1', 500],
      ['identity.person.created.v1', 200],
      ['identity.role.granted.v1', 500],
      ['identity.role.granted.v1', 500],
      ['identity.role.granted.v1', 200],
    ]);
    expect(into('keycloak_sync_request')).toHaveLength(3);
    expect(statements).toHaveLength(3 + 3 + 5 + 5 + 6 + 3);

    const [firstAudit] = into('audit_entry')[0]!.rows;
    expect(firstAudit!.slice(4, 8)).toEqual(['person.create', 'person', created[0]!.id, A]);
    expect(JSON.parse(firstAudit![9] as string)).toMatchObject({
      staffNo: 'T0',
      departureKind: null,
      source: 'roster-import',
    });
  });

  it('refuses a batch with one bad draft before writing anything, naming the draft', async () => {
    const { manager, statements } = recordingManager();
    const student: PersonDraft = { kind: 'student', name: '李小明', orgId: 'org-a', studentNo: 'S0001' };
    const refusal = await writer()
      .createPeople(manager, [teacher(1), student], districtAdmin)
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProblemException);
    expect(JSON.stringify((refusal as ProblemException).getResponse())).toContain('[1].birthDate');
    expect(statements).toEqual([]);
  });

  it('marks minors from the birth date, reads it from the 身份证号 when only that is given, refuses a future one', async () => {
    const { manager, into } = recordingManager();
    const student = (studentNo: string, more: Partial<PersonDraft>): PersonDraft => ({
      kind: 'student',
      name: '陈小雨',
      orgId: 'org-a',
      studentNo,
      ...more,
    });
    const created = await writer().createPeople(
      manager,
      [
        student('S0001', { birthDate: '2013-03-01' }),
        // 身份证号 of someone born 2010-09-01: 16 on the clock's day, the date taken from the card.
        student('S0002', { idCardNo: idCard('31012020100901002') }),
        student('S0003', { birthDate: '2008-09-01' }),
      ],
      districtAdmin,
    );
    expect(created.map((person) => [person.birthDate, person.minor])).toEqual([
      ['2013-03-01', 'under-14'],
      ['2010-09-01', 'under-18'],
      ['2008-09-01', null],
    ]);
    const events = into('outbox_event')[0]!.rows.map((row) => JSON.parse(row[3] as string).data.minor);
    expect(events).toEqual(['under-14', 'under-18', null]);

    const refusal = await writer()
      .createPeople(
        recordingManager().manager,
        [student('S0004', { birthDate: '2026-09-02' })],
        districtAdmin,
      )
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProblemException);
    expect((refusal as ProblemException).getStatus()).toBe(400);
    expect(JSON.stringify((refusal as ProblemException).getResponse())).toContain('birthDate');
  });

  it("refuses to let a school admin create people in another school's units, before writing anything", async () => {
    const { manager, statements } = recordingManager();
    const inB = { ...teacher(1), orgId: 'org-b', roles: [] };
    await expect(writer().createPeople(manager, [teacher(0), inB], adminA)).rejects.toBeInstanceOf(
      ForbiddenException,
    );
    expect(statements).toEqual([]);
  });

  it('refuses to grant a role held already, in the database or twice in the batch', async () => {
    const person = Object.assign(new Person(), {
      id: 'p-1',
      kind: 'staff',
      name: '王丽华',
      staffNo: 'T1',
      schoolCode: A,
      status: 'active',
    });
    const held = Object.assign(new RoleGrant(), {
      id: 'g-1',
      personId: 'p-1',
      role: 'teacher',
      scope: 'school',
      schoolCode: A,
    });
    const already = recordingManager([held], [person]);
    await expect(
      writer().grantRoles(already.manager, [{ personId: 'p-1', role: 'teacher', scope: 'school' }], adminA),
    ).rejects.toBeInstanceOf(ConflictException);
    expect(already.statements).toEqual([]);

    const twice = recordingManager([], [person]);
    const leader = { personId: 'p-1', role: 'leader', scope: 'school' } as const;
    await expect(writer().grantRoles(twice.manager, [leader, leader], districtAdmin)).rejects.toBeInstanceOf(
      ConflictException,
    );
    expect(twice.statements).toEqual([]);
  });
});
