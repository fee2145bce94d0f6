// The new service's test/ folder: harness, its own suite and the route access matrix with its table.

/** The integration harness, the service's own suite and its route access matrix. @param {import('./names.mjs').Names} n */
export function testFiles(n) {
  const dir = `apps/${n.service}/test`;
  const configClass = `${n.Service}Config`;
  const routes = {
    'GET /audit/reads': ['district-admin', 'security-officer'],
    'GET /audit/verify': ['district-admin', 'security-officer'],
    'GET /health/live': 'public',
    'GET /health/ready': 'public',
    [`GET /${n.resources}`]: ['district-admin', 'leader', 'school-admin@A', 'leader@A'],
    [`GET /${n.resources}/{id}`]: ['district-admin', 'leader', 'school-admin@A', 'leader@A'],
    [`GET /${n.resources}?schoolCode=A`]: ['district-admin', 'leader', 'school-admin@A', 'leader@A'],
    [`GET /${n.resources}?schoolCode=B`]: ['district-admin', 'leader'],
    [`POST /${n.resources}`]: ['district-admin', 'school-admin@A'],
  };
  const table = Object.entries(routes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, rule]) => `  ${JSON.stringify(key)}: ${JSON.stringify(rule)}`);
  return {
    [`${dir}/${n.service}-harness.ts`]: `import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createServiceApp } from '@edubase/http';
import { cleanUpKafka, ensureInfraUp, recordOutboxWrites, TemporaryDatabase, uniqueRunId } from '@edubase/testing';
import { AppModule, SERVICE_NAME } from '../src/app.module';
import { ${configClass} } from '../src/${n.service}.config';

/** One ${n.service} per test file, in-process, on its own database and topic prefix, listening on a free port. */
export interface Harness {
  app: NestFastifyApplication;
  dataSource: DataSource;
  baseUrl: string;
  close(): Promise<void>;
}

export async function start${n.Service}(suite: string): Promise<Harness> {
  await ensureInfraUp(['mariadb', 'kafka', 'keycloak']);
  const run = uniqueRunId();
  const database = new TemporaryDatabase(\`${n.camelService.toLowerCase()}_\${suite.replace(/[^a-z0-9]/g, '_')}\`, run);
  const topicPrefix = \`t\${run}.\`;
  const app = await createServiceApp(AppModule.forRoot(), {
    serviceName: SERVICE_NAME,
    title: '${n.service} (test)',
    description: '${n.service} integration test',
    configClass: ${configClass},
    env: { NODE_ENV: 'test', LOG_LEVEL: 'warn', ...database.env, KAFKA_TOPIC_PREFIX: topicPrefix },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const dataSource = app.get(DataSource);
  await recordOutboxWrites(dataSource);
  return {
    app,
    dataSource,
    baseUrl: \`http://127.0.0.1:\${(app.getHttpServer().address() as AddressInfo).port}\`,
    async close() {
      await app.close();
      await database.drop();
      await cleanUpKafka({ topicPrefix, consumerGroups: [\`\${topicPrefix}\${SERVICE_NAME}\`] });
    },
  };
}
`,
    [`${dir}/${n.resources}.int-spec.ts`]: `import { createRealmUser, deleteRealmUser, passwordGrantToken, uniqueRunId } from '@edubase/testing';
import { Harness, start${n.Service} } from './${n.service}-harness';

jest.setTimeout(60_000);

const own = '3101200001';
const other = '3101200002';

describe('${n.resources} of ${n.service}', () => {
  let harness: Harness;
  let schoolAdmin: { id: string; token: string };
  let district: string;

  beforeAll(async () => {
    harness = await start${n.Service}('${n.resources}');
    schoolAdmin = await createRealmUser({
      username: \`${n.camelService.toLowerCase()}\${uniqueRunId()}\`,
      grants: [\`school-admin@\${own}\`],
      schoolCode: own,
      password: 'Generated-Passw0rd!',
    });
    district = await passwordGrantToken('district.admin');
  });

  afterAll(async () => {
    if (schoolAdmin) await deleteRealmUser(schoolAdmin.id);
    await harness?.close();
  });

  const call = (token: string, method: string, path: string, body?: object) =>
    fetch(\`\${harness.baseUrl}\${path}\`, {
      method,
      headers: { authorization: \`Bearer \${token}\`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('lets a school administrator add one for their school and publishes its event in the same transaction', async () => {
    const created = await call(schoolAdmin.token, 'POST', '/${n.resources}', { schoolCode: own, name: '示例' });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; schoolCode: string };
    expect(body.schoolCode).toBe(own);
    const [written] = (await harness.dataSource.query(
      "SELECT COUNT(*) AS count FROM outbox_event_written WHERE topic = '${n.scope}.${n.resource}.created.v1'",
    )) as { count: string }[];
    expect(Number(written!.count)).toBe(1);
  });

  it("keeps a school administrator out of another school, and names the field of bad input", async () => {
    expect((await call(schoolAdmin.token, 'POST', '/${n.resources}', { schoolCode: other, name: '越权' })).status).toBe(403);
    expect((await call(schoolAdmin.token, 'GET', \`/${n.resources}?schoolCode=\${other}\`)).status).toBe(403);
    const listed = (await (await call(district, 'GET', '/${n.resources}?pageSize=10')).json()) as {
      items: { schoolCode: string }[];
      total: number;
    };
    expect(listed.items.map((row) => row.schoolCode)).toEqual([own]);
    expect(listed.total).toBe(1);
    const bad = await call(schoolAdmin.token, 'POST', '/${n.resources}', { schoolCode: own, name: null });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('name');
  });
});
`,
    [`${dir}/route-access.int-spec.ts`]: `import path from 'node:path';
import { matrixCallers, MatrixCallers, reviewedRouteAccessTable, runRouteAccessMatrix } from '@edubase/testing';
import { Harness, start${n.Service} } from './${n.service}-harness';

jest.setTimeout(300_000);

/**
 * Every route of ${n.service}'s OpenAPI document as every caller (no token, forged, foreign and expired tokens,
 * each role district-wide and for school A, district systems): the answers must be the reviewed table beside
 * this file (ROUTE_ACCESS_RECORD=1 rewrites it; review the diff). A new route without a row fails here.
 */
describe('${n.service} route access matrix', () => {
  let harness: Harness;
  let callers: MatrixCallers;

  beforeAll(async () => {
    harness = await start${n.Service}('access');
    callers = await matrixCallers();
  });

  afterAll(async () => {
    await callers?.close();
    await harness?.close();
  });

  it('answers every route as the reviewed table says, refuses every forged token, never crashes', async () => {
    const result = await runRouteAccessMatrix(harness.baseUrl, callers);
    expect(result.acceptedAttacks).toEqual([]);
    expect(result.serverErrors).toEqual([]);
    expect(result.observed).toEqual(
      reviewedRouteAccessTable(path.join(__dirname, 'route-access.table.json'), result.observed),
    );
  });
});
`,
    [`${dir}/route-access.table.json`]: `{\n${table.join(',\n')}\n}\n`,
  };
}
