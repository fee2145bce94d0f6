import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Kafka, logLevel } from 'kafkajs';
import { createServiceApp } from '@edubase/http';
import { dropDatabase } from '@edubase/persistence';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { IdentityConfig } from '../src/identity.config';
import { KeycloakAdminAdapter } from '../src/keycloak/keycloak-admin.adapter';

/**
 * One identity app per test file, in-process (app.inject), on its own database and Kafka topic prefix,
 * against the real MariaDB, Kafka and Keycloak. Keycloak accounts it creates use a run-unique 工号 prefix
 * and are deleted at the end.
 */

interface InfraApi {
  up(names: string[]): Promise<unknown>;
}
const repositoryRoot = path.resolve(__dirname, '../../..');
const infra = createRequire(__filename)(path.join(repositoryRoot, 'tools/infra/infra-api.cjs')) as InfraApi;

export const KEYCLOAK_URL = 'http://127.0.0.1:8080';
export const REALM = 'edubase';
export const DEMO_PASSWORD = 'Passw0rd!';

export interface Harness {
  run: string;
  app: NestFastifyApplication;
  dataSource: DataSource;
  keycloak: KeycloakAdminAdapter;
  topicPrefix: string;
  /** A 工号 unique to this run. */
  staffNo(suffix: string): string;
  close(): Promise<void>;
}

export interface TokenSet {
  access_token: string;
  refresh_token?: string;
}

async function tokenRequest(body: Record<string, string>): Promise<Response> {
  return fetch(`${KEYCLOAK_URL}/realms/${REALM}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });
}

/** Password grant on the test-only public client edubase-cli. */
export async function passwordLogin(username: string, password = DEMO_PASSWORD): Promise<TokenSet> {
  const response = await tokenRequest({
    grant_type: 'password',
    client_id: 'edubase-cli',
    username,
    password,
  });
  if (!response.ok)
    throw new Error(`login of ${username} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as TokenSet;
}

export async function refresh(refreshToken: string): Promise<Response> {
  return tokenRequest({ grant_type: 'refresh_token', client_id: 'edubase-cli', refresh_token: refreshToken });
}

/** Client-credentials token of the demo district system, with the scopes asked for. */
export async function serviceToken(scopes: string[]): Promise<string> {
  const response = await tokenRequest({
    grant_type: 'client_credentials',
    client_id: 'district-system-demo',
    client_secret: 'district-system-demo-secret',
    scope: scopes.join(' '),
  });
  if (!response.ok) throw new Error(`service login failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as TokenSet).access_token;
}

export async function startIdentity(suite: string, extraEnv: Record<string, string> = {}): Promise<Harness> {
  await infra.up(['mariadb', 'kafka', 'keycloak']);
  const run = randomBytes(4).toString('hex');
  const database = `t_identity_${suite}_${run}`;
  const topicPrefix = `t${run}.`;
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DB_NAME: database,
    RECONCILE_INTERVAL_MINUTES: '0',
    DORMANT_CHECK_INTERVAL_MINUTES: '0',
    ...extraEnv,
  };
  const app = await createServiceApp(AppModule.forRoot({ kafkaTopicPrefix: topicPrefix }), {
    serviceName: 'identity',
    title: 'identity (test)',
    description: 'identity integration test',
    configClass: IdentityConfig,
    env,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const dataSource = app.get(DataSource);
  const keycloak = app.get(KeycloakAdminAdapter);
  const staffPrefix = `it${run}`;
  return {
    run,
    app,
    dataSource,
    keycloak,
    topicPrefix,
    staffNo: (suffix) => `${staffPrefix}${suffix}`,
    close: async () => {
      const ids = (await dataSource.query(
        'SELECT keycloak_user_id AS id FROM person WHERE keycloak_user_id IS NOT NULL AND staff_no LIKE ?',
        [`${staffPrefix}%`],
      )) as { id: string }[];
      for (const { id } of ids) await keycloak.deleteUser(id);
      await app.close();
      await deleteTopics(topicPrefix);
      await dropDatabase({ host: '127.0.0.1', port: 3306, user: 'root', password: '', database });
    },
  };
}

async function deleteTopics(prefix: string): Promise<void> {
  const admin = new Kafka({
    clientId: 'identity-test-cleanup',
    brokers: ['127.0.0.1:9092'],
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
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

export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined | null | false>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await probe();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Drives Keycloak by hand, as an operator in the admin console would (drift for reconciliation tests). */
export async function keycloakByHand(method: string, urlPath: string, body?: unknown): Promise<Response> {
  const login = await tokenRequest({
    grant_type: 'client_credentials',
    client_id: 'edubase-identity',
    client_secret: 'edubase-identity-secret',
  });
  const { access_token: token } = (await login.json()) as TokenSet;
  const response = await fetch(`${KEYCLOAK_URL}/admin/realms/${REALM}${urlPath}`, {
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
