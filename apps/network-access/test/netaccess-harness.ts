import { randomBytes } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { register } from 'prom-client';
import { DataSource, In } from 'typeorm';
import { buildEnvelope, PayloadOf, RoleName, Topic } from '@edubase/contracts';
import { createServiceApp } from '@edubase/http';
import { kafkaTopicName } from '@edubase/messaging';
import { dropDatabase } from '@edubase/persistence';
import { recordOutboxWrites, waitFor } from '@edubase/testing';
import { AppModule } from '../src/app.module';
import { PersonEntity, PersonRoleEntity } from '../src/database/person.entity';
import { NetworkAccessConfig } from '../src/network-access.config';
import { RadiusListenerService } from '../src/server/radius-listener.service';

export interface Harness {
  app: NestFastifyApplication;
  dataSource: DataSource;
  authPort: number;
  acctPort: number;
  topicPrefix: string;
  /** Publishes as identity would; `occurredAt` back-dates the event (a replay of an old one). */
  publish<T extends Topic>(
    topic: T,
    data: PayloadOf<T>,
    schoolCode?: string | null,
    occurredAt?: Date,
  ): Promise<void>;
  close(): Promise<void>;
}

export async function startNetworkAccess(
  suite: string,
  overrides: Record<string, string> = {},
): Promise<Harness> {
  const suffix = randomBytes(4).toString('hex');
  const database = `t_netaccess_${suite}_${suffix}`;
  const topicPrefix = `t-${suite}-${suffix}.`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DB_NAME: database,
    RADIUS_HOST: '127.0.0.1',
    RADIUS_AUTH_PORT: '0',
    RADIUS_ACCT_PORT: '0',
    NAT_SYSLOG_HOST: '127.0.0.1',
    NAT_SYSLOG_UDP_PORT: '0',
    NAT_SYSLOG_TCP_PORT: '0',
    STALE_SWEEP_INTERVAL_SECONDS: '0',
    PARTITION_MAINTENANCE_INTERVAL_HOURS: '0',
    COA_TIMEOUT_MS: '500',
    COA_RETRIES: '1',
    KAFKA_TOPIC_PREFIX: topicPrefix,
    ...overrides,
  };
  const app = await createServiceApp(AppModule.forRoot(), {
    serviceName: 'network-access',
    title: 'network-access test',
    description: 'test',
    configClass: NetworkAccessConfig,
    env,
  });
  await app.init();
  const config = app.get(NetworkAccessConfig);
  const ports = app.get(RadiusListenerService).server.ports();
  const kafka = new Kafka({
    clientId: `test-${suite}`,
    brokers: config.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  let producer: Producer | null = null;
  const dataSource = app.get(DataSource);
  // The relay deletes what it sent; suites read what the service published from this copy.
  await recordOutboxWrites(dataSource);
  return {
    app,
    dataSource,
    authPort: ports.authPort,
    acctPort: ports.acctPort,
    topicPrefix,
    async publish(topic, data, schoolCode = null, occurredAt) {
      if (!producer) {
        producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
        await producer.connect();
      }
      const envelope = buildEnvelope(topic, data, {
        source: 'identity',
        schoolCode,
        ...(occurredAt ? { occurredAt } : {}),
      });
      const key = (data as { personId?: string }).personId ?? envelope.id;
      await producer.send({
        topic: kafkaTopicName(topic, topicPrefix),
        messages: [{ key, value: JSON.stringify(envelope) }],
      });
    },
    async close() {
      await producer?.disconnect();
      await app.close();
      await dropDatabase({
        host: config.DB_HOST,
        port: config.DB_PORT,
        user: config.DB_USER,
        password: config.DB_PASSWORD,
        database,
      });
    },
  };
}

export async function api<T = unknown>(
  harness: Harness,
  token: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<{ status: number; body: T; contentType: string }> {
  const response = await harness.app.inject({
    method,
    url,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return {
    status: response.statusCode,
    body: (response.body ? JSON.parse(response.body) : undefined) as T,
    contentType: String(response.headers['content-type'] ?? ''),
  };
}

export async function counterValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = await register.getSingleMetric(name)?.get();
  const value = metric?.values.find((entry) =>
    Object.entries(labels).every(([key, expected]) => entry.labels[key] === expected),
  );
  return value?.value ?? 0;
}

/** A member of staff as identity announces them: who, where, in which state, holding which school roles. */
export interface StaffToAnnounce {
  personId: string;
  staffNo: string;
  schoolCode: string;
  status?: 'active' | 'suspended' | 'departed';
  roles: readonly RoleName[];
}

/**
 * Publishes identity's events for these people (created, then a school-scoped grant per role) and waits
 * until the service's projection holds every one of them and their roles.
 */
export async function announceStaff(harness: Harness, staff: readonly StaffToAnnounce[]): Promise<void> {
  for (const person of staff) {
    await harness.publish(
      'identity.person.created.v1',
      {
        personId: person.personId,
        kind: 'staff',
        staffNo: person.staffNo,
        studentNo: null,
        name: person.staffNo,
        schoolCode: person.schoolCode,
        orgId: null,
        status: person.status ?? 'active',
      },
      person.schoolCode,
    );
    for (const role of person.roles)
      await harness.publish(
        'identity.role.granted.v1',
        {
          personId: person.personId,
          staffNo: person.staffNo,
          role,
          scope: 'school',
          schoolCode: person.schoolCode,
          endsAt: null,
        },
        person.schoolCode,
      );
  }
  const ids = staff.map((person) => person.personId);
  const roleCount = staff.reduce((total, person) => total + person.roles.length, 0);
  await waitFor('identity projection', 30_000, async () => {
    const people = await harness.dataSource.getRepository(PersonEntity).countBy({ personId: In(ids) });
    const roles = await harness.dataSource.getRepository(PersonRoleEntity).countBy({ personId: In(ids) });
    return people === staff.length && roles === roleCount;
  });
}
