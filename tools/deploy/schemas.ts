// Schema validation of rendered manifests, offline. Kubernetes kinds and the Prometheus Operator's are
// checked with the schemas the `kubernetes-models` packages ship
// (ES modules: this runs in plain Node, `tools/deploy/cli.ts validate`, not inside Jest). The Strimzi, Keycloak Operator and
// mariadb-operator CRDs are not published in any registry this project reaches (Strimzi's `api` jar on
// Maven Central holds only classes; the Keycloak Operator and mariadb-operator publish none), so their
// kinds get the structural schemas below: written from the operators' API references for the fields
// used here, with unknown spec fields refused, so a typo fails the test instead of the operator.
import Ajv, { type ValidateFunction } from 'ajv';
import path from 'node:path';
import type { Manifest } from './kustomize';

type Model = new (data: never) => { validate(): void };
/**
 * The packages export ES modules for `import` only; Node 24 requires an ES module by its file path.
 * `kubernetes-models/<group>/<version>/<Kind>.js` is the model of that kind.
 */
function model(pkg: string, groupVersion: string, kind: string): Model {
  const file = path.join(__dirname, '../../node_modules', pkg, groupVersion, `${kind}.js`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  return (require(file) as Record<string, Model>)[kind]!;
}
const core = (groupVersion: string, kind: string) =>
  [`${groupVersion}/${kind}`, () => model('kubernetes-models', groupVersion, kind)] as const;
const models = new Map<string, () => Model>([
  core('v1', 'ConfigMap'),
  core('v1', 'Service'),
  core('v1', 'ServiceAccount'),
  core('apps/v1', 'Deployment'),
  core('batch/v1', 'Job'),
  core('autoscaling/v2', 'HorizontalPodAutoscaler'),
  core('policy/v1', 'PodDisruptionBudget'),
  core('networking.k8s.io/v1', 'Ingress'),
  core('networking.k8s.io/v1', 'NetworkPolicy'),
  ...['ServiceMonitor', 'PrometheusRule'].map(
    (kind) =>
      [
        `monitoring.coreos.com/v1/${kind}`,
        () => model('@kubernetes-models/prometheus-operator', 'monitoring.coreos.com/v1', kind),
      ] as const,
  ),
]);

const str = { type: 'string', minLength: 1 };
const int = { type: 'integer' };
const strict = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const open = { type: 'object' };
const secretKey = strict({ name: str, key: str }, ['name', 'key']);
const mariaDbRef = strict({ name: str }, ['name']);
const resources = strict({ requests: open, limits: open });

const crdSpecs: Record<string, object> = {
  'kafka.strimzi.io/v1beta2/Kafka': strict(
    {
      kafka: strict(
        {
          version: str,
          metadataVersion: str,
          listeners: {
            type: 'array',
            minItems: 1,
            items: strict(
              {
                name: { type: 'string', pattern: '^[a-z0-9]{1,11}$' },
                port: int,
                type: { enum: ['internal', 'route', 'loadbalancer', 'nodeport', 'ingress', 'cluster-ip'] },
                tls: { type: 'boolean' },
                authentication: strict({ type: { enum: ['tls', 'scram-sha-512', 'oauth', 'custom'] } }, [
                  'type',
                ]),
              },
              ['name', 'port', 'type', 'tls'],
            ),
          },
          authorization: strict({ type: { enum: ['simple', 'opa', 'keycloak', 'custom'] } }, ['type']),
          config: open,
          rack: strict({ topologyKey: str }, ['topologyKey']),
          resources,
        },
        ['listeners'],
      ),
      entityOperator: strict({ topicOperator: open, userOperator: open }),
    },
    ['kafka'],
  ),
  'kafka.strimzi.io/v1beta2/KafkaNodePool': strict(
    {
      replicas: { type: 'integer', minimum: 0 },
      roles: { type: 'array', minItems: 1, items: { enum: ['controller', 'broker'] } },
      storage: strict(
        {
          type: { enum: ['jbod', 'persistent-claim', 'ephemeral'] },
          volumes: {
            type: 'array',
            items: strict(
              {
                id: int,
                type: { enum: ['persistent-claim', 'ephemeral'] },
                size: str,
                deleteClaim: { type: 'boolean' },
                kraftMetadata: { enum: ['shared'] },
              },
              ['type'],
            ),
          },
        },
        ['type'],
      ),
      resources,
    },
    ['replicas', 'roles', 'storage'],
  ),
  'kafka.strimzi.io/v1beta2/KafkaTopic': strict(
    {
      topicName: str,
      partitions: { type: 'integer', minimum: 1 },
      replicas: { type: 'integer', minimum: 1, maximum: 32767 },
      config: open,
    },
    ['partitions', 'replicas'],
  ),
  'kafka.strimzi.io/v1beta2/KafkaUser': strict(
    {
      authentication: strict({ type: { enum: ['tls', 'tls-external', 'scram-sha-512'] } }, ['type']),
      authorization: strict(
        {
          type: { enum: ['simple'] },
          acls: {
            type: 'array',
            items: strict(
              {
                resource: strict(
                  {
                    type: { enum: ['topic', 'group', 'cluster', 'transactionalId'] },
                    name: str,
                    patternType: { enum: ['literal', 'prefix'] },
                  },
                  ['type'],
                ),
                operations: {
                  type: 'array',
                  minItems: 1,
                  items: {
                    enum: [
                      'Read',
                      'Write',
                      'Create',
                      'Delete',
                      'Alter',
                      'Describe',
                      'ClusterAction',
                      'AlterConfigs',
                      'DescribeConfigs',
                      'IdempotentWrite',
                      'All',
                    ],
                  },
                },
                host: str,
                type: { enum: ['allow', 'deny'] },
              },
              ['resource', 'operations'],
            ),
          },
        },
        ['type', 'acls'],
      ),
    },
    ['authentication', 'authorization'],
  ),
  'k8s.keycloak.org/v2alpha1/Keycloak': strict(
    {
      instances: { type: 'integer', minimum: 1 },
      db: strict(
        {
          vendor: { enum: ['postgres', 'mariadb', 'mysql', 'mssql', 'oracle', 'dev-file'] },
          host: str,
          port: int,
          database: str,
          usernameSecret: secretKey,
          passwordSecret: secretKey,
        },
        ['vendor'],
      ),
      http: strict({ tlsSecret: str, httpEnabled: { type: 'boolean' } }),
      hostname: strict({ hostname: str, admin: str, strict: { type: 'boolean' } }),
      proxy: strict({ headers: { enum: ['forwarded', 'xforwarded'] } }),
      resources,
      additionalOptions: { type: 'array', items: strict({ name: str, value: str }, ['name']) },
    },
    ['db', 'http'],
  ),
  'k8s.keycloak.org/v2alpha1/KeycloakRealmImport': strict(
    {
      keycloakCRName: str,
      realm: { type: 'object', required: ['realm'], properties: { realm: str } },
      placeholders: {
        type: 'object',
        additionalProperties: strict({ secret: secretKey }, ['secret']),
      },
    },
    ['keycloakCRName', 'realm'],
  ),
  'k8s.mariadb.com/v1alpha1/MariaDB': strict(
    {
      image: str,
      rootPasswordSecretKeyRef: secretKey,
      replicas: { type: 'integer', minimum: 1 },
      galera: strict({ enabled: { type: 'boolean' } }),
      storage: strict({ size: str }),
      myCnf: str,
      resources,
      metrics: strict({ enabled: { type: 'boolean' } }),
    },
    ['storage'],
  ),
  'k8s.mariadb.com/v1alpha1/Backup': strict(
    {
      mariaDbRef,
      schedule: strict({ cron: str }, ['cron']),
      maxRetention: str,
      storage: open,
    },
    ['mariaDbRef', 'storage'],
  ),
  'k8s.mariadb.com/v1alpha1/Database': strict({ mariaDbRef, name: str, characterSet: str, collate: str }, [
    'mariaDbRef',
  ]),
  'k8s.mariadb.com/v1alpha1/User': strict(
    { mariaDbRef, name: str, host: str, passwordSecretKeyRef: secretKey, maxUserConnections: int },
    ['mariaDbRef', 'passwordSecretKeyRef'],
  ),
  'k8s.mariadb.com/v1alpha1/Grant': strict(
    {
      mariaDbRef,
      privileges: { type: 'array', minItems: 1, items: str },
      database: str,
      table: str,
      username: str,
      host: str,
    },
    ['mariaDbRef', 'privileges', 'username'],
  ),
};

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<string, ValidateFunction>(
  Object.entries(crdSpecs).map(([key, spec]) => [
    key,
    ajv.compile({
      type: 'object',
      required: ['apiVersion', 'kind', 'metadata', 'spec'],
      properties: {
        metadata: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$', maxLength: 253 },
          },
        },
        spec,
      },
    }),
  ]),
);

/** Problems of one manifest; empty when it validates. */
export function schemaProblems(manifest: Manifest): string[] {
  const key = `${manifest.apiVersion}/${manifest.kind}`;
  const where = `${manifest.kind}/${manifest.metadata?.name}`;
  const Model = models.get(key)?.();
  if (Model) {
    try {
      new Model(manifest as never).validate();
      return [];
    } catch (error) {
      return [`${where}: ${(error as Error).message}`];
    }
  }
  const validate = validators.get(key);
  if (!validate) return [`${where}: no schema for ${key}`];
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map(
    (error) => `${where}: ${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`,
  );
}
