import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createServiceApp } from '@edubase/http';
import {
  cleanUpKafka,
  ensureInfraUp,
  recordOutboxWrites,
  TemporaryDatabase,
  uniqueRunId,
} from '@edubase/testing';
import { AppModule, SERVICE_NAME } from '../src/app.module';
import { Clock } from '../src/common/clock';
import { GovernanceConfig } from '../src/governance.config';

/** One governance per test file, in-process, on its own database and topic prefix, listening on a free port. */
export interface Harness {
  app: NestFastifyApplication;
  dataSource: DataSource;
  baseUrl: string;
  /** Moves the service's clock to noon of this date in China (YYYY-MM-DD); `null` back to real time. */
  setToday(date: string | null): void;
  close(): Promise<void>;
}

/** `topicPrefix`: share the topics of services a suite started itself (their events reach governance). */
export async function startGovernance(
  suite: string,
  env: Record<string, string> = {},
  options: { topicPrefix?: string } = {},
): Promise<Harness> {
  await ensureInfraUp(['mariadb', 'kafka', 'keycloak']);
  const run = uniqueRunId();
  const database = new TemporaryDatabase(`governance_${suite.replace(/[^a-z0-9]/g, '_')}`, run);
  const topicPrefix = options.topicPrefix ?? `t${run}.`;
  const app = await createServiceApp(AppModule.forRoot(), {
    serviceName: SERVICE_NAME,
    title: 'governance (test)',
    description: 'governance integration test',
    configClass: GovernanceConfig,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      ...database.env,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      GOVERNANCE_SSO_CLIENT_SECRET: 'edubase-governance-secret',
      GOVERNANCE_SHARING_SYNC_SECONDS: '0',
      GOVERNANCE_CHAIN_VERIFY_SECONDS: '0',
      GOVERNANCE_AUDIT_SERVICES: '',
      ...env,
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const dataSource = app.get(DataSource);
  await recordOutboxWrites(dataSource);
  // the 责任单位 the suites name, as identity's org events would have left them (a system's owner unit must
  // be a known org unit); `information-systems.int-spec.ts` feeds one through the projection itself
  await dataSource.query(
    `INSERT INTO org_unit (org_id, kind, name, parent_id, school_code, as_of) VALUES
       ('test-bureau', 'district', '奉贤区教育局', NULL, NULL, NOW(3)),
       ('test-centre', 'centre', '奉贤区教育学院教育信息技术中心', 'test-bureau', NULL, NOW(3)),
       ('test-school', 'school', '示例学校', 'test-bureau', '3101200001', NOW(3)),
       ('test-x', 'department', 'x', 'test-school', '3101200001', NOW(3))`,
  );
  return {
    app,
    dataSource,
    baseUrl: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`,
    setToday(date) {
      const clock = app.get(Clock);
      clock.now = date === null ? () => new Date() : () => new Date(`${date}T12:00:00+08:00`);
    },
    async close() {
      await app.close();
      await database.drop();
      await cleanUpKafka({ topicPrefix, consumerGroups: [`${topicPrefix}${SERVICE_NAME}`] });
    },
  };
}
