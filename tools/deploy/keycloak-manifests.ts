// The Keycloak Operator's KeycloakRealmImport, built from the realm the demo runs
// (deploy/keycloak/edubase-realm.json), so production signs in against the same clients, roles and
// scopes. What only a demo may hold is taken out: people with passwords (service accounts stay), client
// secrets (each becomes a placeholder the operator fills from a Secret), the demo's and tests' own
// clients, the loopback redirect URIs (one HTTPS URI per public host instead), and the demo's mail sink (the
// district's mail relay instead, from the Secret `keycloak-smtp`: password-reset mails go through it).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './apps';
import type { Manifest } from './kustomize';

export const KEYCLOAK_NAME = 'edubase-keycloak';
export const REALM_FILE = 'deploy/keycloak/edubase-realm.json';

interface RealmClient {
  clientId: string;
  secret?: string;
  redirectUris?: string[];
  webOrigins?: string[];
  [key: string]: unknown;
}
interface RealmUser {
  username: string;
  serviceAccountClientId?: string;
  credentials?: unknown[];
  [key: string]: unknown;
}
interface Realm {
  realm: string;
  clients?: RealmClient[];
  users?: RealmUser[];
  smtpServer?: Record<string, string>;
  [key: string]: unknown;
}

/** `edubase-identity` → `CLIENT_SECRET_EDUBASE_IDENTITY`: the placeholder and the Secret `keycloak-client-…`. */
export const secretPlaceholderOf = (clientId: string): string =>
  `CLIENT_SECRET_${clientId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
export const clientSecretNameOf = (clientId: string): string =>
  `keycloak-client-${clientId.replace(/^edubase-/, '')}`;

/**
 * Clients of the demo and tests only, not imported in production: a sample district system, and the
 * public password-grant client of tests and benches (the realm says production must not have it).
 */
const DEMO_CLIENTS = new Set(['district-system-demo', 'edubase-cli']);

type Placeholders = Record<string, { secret: { name: string; key: string } }>;

/** The Secret naming the district's mail relay, and the keys it must hold. */
export const SMTP_SECRET = 'keycloak-smtp';
const SMTP_KEYS = {
  SMTP_HOST: 'host',
  SMTP_PORT: 'port',
  SMTP_FROM: 'from',
  SMTP_USER: 'user',
  SMTP_PASSWORD: 'password',
};

/**
 * The realm's mail relay in production: host, port, sender and credentials from the Secret, submission with
 * STARTTLS and authentication (what a district relay asks of a client); the sender's display name is the
 * demo realm's (the district's name, nothing secret).
 */
function productionSmtp(demo: Record<string, string> | undefined, placeholders: Placeholders) {
  for (const [placeholder, key] of Object.entries(SMTP_KEYS))
    placeholders[placeholder] = { secret: { name: SMTP_SECRET, key } };
  return {
    host: '${SMTP_HOST}',
    port: '${SMTP_PORT}',
    from: '${SMTP_FROM}',
    fromDisplayName: demo?.['fromDisplayName'] ?? '',
    user: '${SMTP_USER}',
    password: '${SMTP_PASSWORD}',
    auth: 'true',
    starttls: 'true',
    ssl: 'false',
  };
}

/** `hosts`: the left-most labels of the public host names (`<host>.<domain>`) browsers sign in from. */
export function productionRealm(hosts: string[]): { realm: Realm; placeholders: Placeholders } {
  const demo = JSON.parse(readFileSync(path.join(root, REALM_FILE), 'utf8')) as Realm;
  const placeholders: Placeholders = {
    PUBLIC_DOMAIN: { secret: { name: 'edubase-public-urls', key: 'domain' } },
  };
  const kept = (demo.clients ?? []).filter((client) => !DEMO_CLIENTS.has(client.clientId));
  const clients = kept.map((client) => {
    const production: RealmClient = { ...client };
    if (client.secret !== undefined) {
      const placeholder = secretPlaceholderOf(client.clientId);
      production.secret = `\${${placeholder}}`;
      placeholders[placeholder] = { secret: { name: clientSecretNameOf(client.clientId), key: 'value' } };
    }
    if (client.redirectUris?.length)
      production.redirectUris = hosts.map((host) => `https://${host}.\${PUBLIC_DOMAIN}/*`);
    return production;
  });
  const users = (demo.users ?? []).filter(
    (user) => user.serviceAccountClientId !== undefined && !DEMO_CLIENTS.has(user.serviceAccountClientId),
  );
  const smtpServer = productionSmtp(demo.smtpServer, placeholders);
  return { realm: { ...demo, sslRequired: 'external', clients, users, smtpServer }, placeholders };
}

export function keycloakRealmImport(hosts: string[]): Manifest {
  const { realm, placeholders } = productionRealm(hosts);
  return {
    apiVersion: 'k8s.keycloak.org/v2alpha1',
    kind: 'KeycloakRealmImport',
    metadata: { name: `${KEYCLOAK_NAME}-${realm.realm}` },
    spec: { keycloakCRName: KEYCLOAK_NAME, placeholders, realm },
  };
}
