import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { decodeEnvelope, EventEnvelope, Topic } from '@edubase/contracts';
import { createServiceApp } from '@edubase/http';
import { ensureTopics, kafkaTopicName } from '@edubase/messaging';
import {
  cleanUpKafka,
  clientCredentialsToken,
  passwordGrantToken,
  ensureInfraUp,
  KAFKA_BROKERS,
  KEYCLOAK_REALM,
  KEYCLOAK_URL,
  recordOutboxWrites,
  TemporaryDatabase,
  uniqueRunId,
  waitFor,
} from '@edubase/testing';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { IdentityConfig } from '../src/identity.config';
import { KeycloakAdminAdapter } from '../src/keycloak/keycloak-admin.adapter';

/**
 * One identity app per test file, in-process (app.inject), on its own database and Kafka topic prefix,
 * against the real MariaDB, Kafka and Keycloak. Keycloak accounts it creates use a run-unique 工号 prefix
 * and are deleted at the end, with the database, the run's topics and the groups that read them.
 */

export interface Harness {
  run: string;
  app: NestFastifyApplication;
  dataSource: DataSource;
  keycloak: KeycloakAdminAdapter;
  topicPrefix: string;
  /** A 工号 unique to this run. */
  staffNo(suffix: string): string;
  /** Reads this run's `topic` from the beginning until an event matches; fails after `timeoutMs`. */
  awaitEvent<T extends Topic>(
    topic: T,
    matches: (envelope: EventEnvelope<T>) => boolean,
    timeoutMs?: number,
  ): Promise<EventEnvelope<T>>;
  close(): Promise<void>;
}

/** Client-credentials token of the demo district system, with the scopes asked for. */
export function serviceToken(scopes: string[]): Promise<string> {
  return clientCredentialsToken('district-system-demo', 'district-system-demo-secret', scopes);
}

export async function startIdentity(suite: string, extraEnv: Record<string, string> = {}): Promise<Harness> {
  await ensureInfraUp(['mariadb', 'kafka', 'keycloak']);
  const run = uniqueRunId();
  const database = new TemporaryDatabase(`identity_${suite}`, run);
  const topicPrefix = `t${run}.`;
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    ...database.env,
    RECONCILE_INTERVAL_MINUTES: '0',
    DORMANT_CHECK_INTERVAL_MINUTES: '0',
    KAFKA_TOPIC_PREFIX: topicPrefix,
    ...extraEnv,
  };
  const app = await createServiceApp(AppModule.forRoot(), {
    serviceName: 'identity',
    title: 'identity (test)',
    description: 'identity integration test',
    configClass: IdentityConfig,
    env,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const dataSource = app.get(DataSource);
  // The relay deletes what it sent; suites read what the service published from this copy.
  await recordOutboxWrites(dataSource);
  const keycloak = app.get(KeycloakAdminAdapter);
  const staffPrefix = `it${run}`;
  const kafka = new Kafka({
    clientId: `identity-test-${run}`,
    brokers: KAFKA_BROKERS,
    logLevel: logLevel.NOTHING,
  });
  // identity's own group (it consumes governance's sharing approvals) and the ones awaitEvent makes
  const consumerGroups: string[] = [`${topicPrefix}identity`];

  async function awaitEvent<T extends Topic>(
    topic: T,
    matches: (envelope: EventEnvelope<T>) => boolean,
    timeoutMs = 30_000,
  ): Promise<EventEnvelope<T>> {
    const kafkaTopic = kafkaTopicName(topic, topicPrefix);
    // The relay may not have sent anything yet; subscribing to a topic that does not exist fails.
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [kafkaTopic]);
    } finally {
      await admin.disconnect();
    }
    const groupId = `identity-test-${run}-${consumerGroups.length + 1}`;
    consumerGroups.push(groupId);
    const consumer = kafka.consumer({ groupId });
    const received: EventEnvelope<T>[] = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: kafkaTopic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const decoded = decodeEnvelope(topic, message.value);
          // Safe narrowing: decodeEnvelope validated the message against `topic`.
          if (decoded.ok) received.push(decoded.envelope as unknown as EventEnvelope<T>);
        },
      });
      return await waitFor(`${topic} on Kafka`, timeoutMs, () => received.find(matches));
    } finally {
      await consumer.disconnect();
    }
  }

  return {
    run,
    app,
    dataSource,
    keycloak,
    topicPrefix,
    staffNo: (suffix) => `${staffPrefix}${suffix}`,
    awaitEvent,
    close: async () => {
      const ids = (await dataSource.query(
        'SELECT keycloak_user_id AS id FROM person WHERE keycloak_user_id IS NOT NULL AND staff_no LIKE ?',
        [`${staffPrefix}%`],
      )) as { id: string }[];
      // App first: its Keycloak sync retry loop would otherwise recreate an account deleted here.
      await app.close();
      for (const { id } of ids) await keycloak.deleteUser(id);
      await cleanUpKafka({ topicPrefix, consumerGroups });
      await database.drop();
    },
  };
}

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  contentType: string;
}

/** Calls the API in-process with a bearer token. */
export async function api<T = Record<string, unknown>>(
  harness: Harness,
  token: string | null,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
): Promise<ApiAnswer<T>> {
  const response = await harness.app.inject({
    method,
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(payload ? { payload } : {}),
  });
  return {
    status: response.statusCode,
    body: (response.body ? response.json() : null) as T,
    contentType: String(response.headers['content-type'] ?? ''),
  };
}

export interface SchoolToCreate {
  schoolCode: string;
  name: string;
  stage: string;
  address?: string;
}

/** Creates a district org and its schools through the API; the ids of the schools by 学校标识码. */
export async function createDistrict(
  harness: Harness,
  token: string,
  districtName: string,
  schools: readonly SchoolToCreate[],
): Promise<{ districtId: string; schoolIds: Record<string, string> }> {
  const created = async (body: object): Promise<string> => {
    const answer = await api<{ id: string }>(harness, token, 'POST', '/orgs', body);
    if (answer.status !== 201)
      throw new Error(`POST /orgs ${JSON.stringify(body)}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.id;
  };
  const districtId = await created({ kind: 'district', name: districtName });
  const schoolIds: Record<string, string> = {};
  for (const school of schools)
    schoolIds[school.schoolCode] = await created({ kind: 'school', parentId: districtId, ...school });
  return { districtId, schoolIds };
}

/** Drives Keycloak by hand, as an operator in the admin console would (drift for reconciliation tests). */
export async function keycloakByHand(method: string, urlPath: string, body?: unknown): Promise<Response> {
  const token = await clientCredentialsToken('edubase-identity', 'edubase-identity-secret');
  const response = await fetch(`${KEYCLOAK_URL}/admin/realms/${KEYCLOAK_REALM}${urlPath}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${urlPath}: ${response.status} ${await response.text()}`);
  return response;
}

export async function realmRoleNames(userId: string): Promise<string[]> {
  const response = await keycloakByHand('GET', `/users/${userId}/role-mappings/realm`);
  return ((await response.json()) as { name: string }[]).map((role) => role.name).sort();
}

/** The decoded payload of a JWT (no verification: the services under test verify it). */
export function tokenClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

const OWN_PASSWORD = 'Own-Passw0rd!';

/**
 * Gives an account identity created a password of its own, as its owner would at first login, and
 * returns a fresh access token of it.
 */
export async function loginAsProvisioned(harness: Harness, staffNo: string): Promise<string> {
  const user = await harness.keycloak.findUserByUsername(staffNo);
  if (!user) throw new Error(`no Keycloak account for ${staffNo}`);
  await keycloakByHand('PUT', `/users/${user.id}/reset-password`, {
    type: 'password',
    value: OWN_PASSWORD,
    temporary: false,
  });
  await keycloakByHand('PUT', `/users/${user.id}`, { requiredActions: [] });
  return passwordGrantToken(staffNo, OWN_PASSWORD);
}
