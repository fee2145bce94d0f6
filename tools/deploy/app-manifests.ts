// The Kubernetes objects of one service, from its descriptor and its config class (tools/deploy/apps.ts).
import type { Manifest } from './kustomize';
import { callsEnvOf, type ServiceDescriptor, type ServiceFacts } from './apps';
import {
  autoscaling,
  httpService,
  labelsOf,
  nodeDeployment,
  nodeProbes,
  selectorOf,
} from './workload-manifests';

export const HEALTH = { ready: '/health/ready', live: '/health/live', metrics: '/metrics' } as const;
/** The `node` user of the official Node images: the containers never run as root. */
export const RUN_AS_USER = 1000;
export const PLATFORM_CONFIG = 'edubase-platform';
export const IMAGE_REPOSITORY = 'edubase';
/** Where the Strimzi cluster CA certificate is mounted (KAFKA_TLS_CA_FILE in platform-config.yaml). */
export const KAFKA_CA_DIR = '/etc/kafka-ca';
const kafkaCaVolume = {
  name: 'kafka-ca',
  secret: { secretName: 'edubase-kafka-cluster-ca-cert', items: [{ key: 'ca.crt', path: 'ca.crt' }] },
};

export { labelsOf, selectorOf };

/** `secret` or `secret:key` (default key `value`). */
export function secretRef(reference: string): { name: string; key: string } {
  const [name, key] = reference.split(':');
  return { name: name!, key: key ?? 'value' };
}

export const databaseUserOf = (service: ServiceDescriptor): string => service.name.replace(/-/g, '_');
export const databaseSecretOf = (service: ServiceDescriptor): string => `${service.name}-db`;

function container(service: ServiceDescriptor, command?: string[]): Record<string, unknown> {
  const env = [
    {
      name: 'DB_PASSWORD',
      valueFrom: { secretKeyRef: { name: databaseSecretOf(service), key: 'password' } },
    },
    // Strimzi's User Operator writes the KafkaUser's password into a Secret of the same name.
    { name: 'KAFKA_SASL_PASSWORD', valueFrom: { secretKeyRef: { name: service.name, key: 'password' } } },
    ...Object.entries(service.secretEnv).map(([name, reference]) => ({
      name,
      valueFrom: { secretKeyRef: secretRef(reference) },
    })),
  ];
  return {
    name: service.name,
    image: `${IMAGE_REPOSITORY}/${service.name}:latest`,
    ...(command ? { command } : {}),
    envFrom: [
      { configMapRef: { name: PLATFORM_CONFIG } },
      { configMapRef: { name: `${service.name}-config` } },
    ],
    env,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: RUN_AS_USER,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: [
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'kafka-ca', mountPath: KAFKA_CA_DIR, readOnly: true },
    ],
    resources: {
      requests: { cpu: service.resources.cpu, memory: service.resources.memory },
      limits: { cpu: service.resources.cpuLimit, memory: service.resources.memoryLimit },
    },
  };
}

export const podSecurity = {
  runAsNonRoot: true,
  runAsUser: RUN_AS_USER,
  fsGroup: RUN_AS_USER,
  seccompProfile: { type: 'RuntimeDefault' },
};

function deployment(service: ServiceDescriptor, facts: ServiceFacts): Manifest {
  return nodeDeployment({
    name: service.name,
    replicas: service.replicas,
    podSecurity,
    podAnnotations: { 'kubectl.kubernetes.io/default-container': service.name },
    container: {
      ...container(service),
      ports: [
        { name: 'http', containerPort: facts.httpPort, protocol: 'TCP' },
        ...facts.udpPorts.map(({ variable, port }) => ({
          name: udpPortName(variable),
          containerPort: port,
          protocol: 'UDP',
        })),
      ],
      ...nodeProbes(HEALTH, 60),
    },
    volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }, kafkaCaVolume],
  });
}

/** `RADIUS_AUTH_PORT` → `radius-auth` (port names are at most 15 characters). */
export const udpPortName = (variable: string): string =>
  variable
    .toLowerCase()
    .replace(/_port$/, '')
    .replace(/_/g, '-')
    .slice(0, 15);

function migrationJob(service: ServiceDescriptor): Manifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: `${service.name}-migrate`,
      labels: labelsOf(service.name, 'migration'),
      // Argo CD runs it before syncing the Deployment; by hand: apply -l app.kubernetes.io/component=migration
      // first and wait for it (docs/operations.md, "Upgrades").
      annotations: {
        'argocd.argoproj.io/hook': 'PreSync',
        'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
      },
    },
    spec: {
      backoffLimit: 2,
      activeDeadlineSeconds: 1800,
      ttlSecondsAfterFinished: 86400,
      template: {
        metadata: { labels: labelsOf(service.name, 'migration') },
        spec: {
          restartPolicy: 'Never',
          serviceAccountName: service.name,
          automountServiceAccountToken: false,
          securityContext: podSecurity,
          containers: [container(service, ['node', 'tools/db/migrations.mjs', 'migrate', service.name])],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }, kafkaCaVolume],
        },
      },
    },
  };
}

function configMap(service: ServiceDescriptor, facts: ServiceFacts): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${service.name}-config`, labels: labelsOf(service.name) },
    data: {
      DB_NAME: facts.database,
      DB_USER: databaseUserOf(service),
      KAFKA_SASL_USERNAME: service.name,
      ...service.env,
      // in the cluster a service is its Service's name, on port 80
      ...callsEnvOf(service, (name) => `http://${name}`),
    },
  };
}

function services(service: ServiceDescriptor, facts: ServiceFacts): Manifest[] {
  const http = httpService(service.name);
  if (facts.udpPorts.length === 0) return [http];
  // RADIUS names the NAS by the datagram's source address: Local keeps it (no SNAT) and sends each NAS to
  // a pod on the node it reached. The overlays set the NAS ranges (loadBalancerSourceRanges).
  const udp: Manifest = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: `${service.name}-radius`, labels: labelsOf(service.name) },
    spec: {
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      selector: selectorOf(service.name),
      loadBalancerSourceRanges: ['127.0.0.1/32'],
      ports: facts.udpPorts.map(({ variable, port }) => ({
        name: udpPortName(variable),
        port,
        targetPort: udpPortName(variable),
        protocol: 'UDP',
      })),
    },
  };
  return [http, udp];
}

export const namespaceOf = (name: string) => ({
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } },
});

/**
 * Deny by default; in: HTTP from the ingress controller, Prometheus and the gateways that relay to it
 * (`callers`, the staff console) only. Out: DNS, the database,
 * Kafka, Keycloak (directly and through the ingress) and the trace collector. RADIUS (UDP from the NAS range, CoA back to it) is its own
 * policy, `<name>-radius`, whose address ranges each overlay sets.
 */
function networkPolicies(
  service: ServiceDescriptor,
  facts: ServiceFacts,
  callers: string[],
  called: Record<string, number>,
): Manifest[] {
  const http: Manifest = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: service.name, labels: labelsOf(service.name) },
    spec: {
      podSelector: { matchLabels: selectorOf(service.name) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [
            namespaceOf('ingress-nginx'),
            namespaceOf('monitoring'),
            ...callers.map((caller) => ({ podSelector: { matchLabels: selectorOf(caller) } })),
          ],
          ports: [{ protocol: 'TCP', port: facts.httpPort }],
        },
      ],
      egress: [
        {
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
        {
          to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'edubase-mariadb' } } }],
          ports: [{ protocol: 'TCP', port: 3306 }],
        },
        {
          to: [{ podSelector: { matchLabels: { 'strimzi.io/cluster': 'edubase-kafka' } } }],
          ports: [{ protocol: 'TCP', port: 9093 }],
        },
        {
          to: [{ podSelector: { matchLabels: { app: 'keycloak' } } }],
          ports: [{ protocol: 'TCP', port: 8443 }],
        },
        // KEYCLOAK_URL is the public issuer (tokens name it): its keys are fetched through the ingress.
        { to: [namespaceOf('ingress-nginx')], ports: [{ protocol: 'TCP', port: 443 }] },
        { to: [namespaceOf('monitoring')], ports: [{ protocol: 'TCP', port: 4318 }] },
        // the services whose HTTP API it calls (`calls`), each on its own port
        ...Object.entries(called).map(([name, port]) => ({
          to: [{ podSelector: { matchLabels: selectorOf(name) } }],
          ports: [{ protocol: 'TCP', port }],
        })),
      ],
    },
  };
  if (facts.udpPorts.length === 0) return [http];
  const radius: Manifest = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: `${service.name}-radius`, labels: labelsOf(service.name) },
    spec: {
      podSelector: { matchLabels: selectorOf(service.name) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [{ ipBlock: { cidr: '127.0.0.1/32' } }],
          ports: facts.udpPorts.map(({ port }) => ({ protocol: 'UDP', port })),
        },
      ],
      // RFC 5176 Disconnect/CoA to the NAS.
      egress: [{ to: [{ ipBlock: { cidr: '127.0.0.1/32' } }], ports: [{ protocol: 'UDP', port: 3799 }] }],
    },
  };
  return [http, radius];
}

export function ingress(name: string, host: string): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: name,
      labels: labelsOf(name),
      annotations: {
        'cert-manager.io/cluster-issuer': 'edubase-issuer',
        'nginx.ingress.kubernetes.io/proxy-body-size': '32m',
        // /metrics is for Prometheus inside the cluster only.
        'nginx.ingress.kubernetes.io/server-snippet': 'location = /metrics { return 404; }',
      },
    },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: [`${host}.edubase.example`], secretName: `${name}-tls` }],
      rules: [
        {
          host: `${host}.edubase.example`,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: name, port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    },
  };
}

function serviceMonitor(service: ServiceDescriptor): Manifest {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: service.name, labels: labelsOf(service.name) },
    spec: {
      selector: { matchLabels: { ...selectorOf(service.name), 'app.kubernetes.io/component': 'server' } },
      endpoints: [{ port: 'http', path: HEALTH.metrics, interval: '30s', scrapeTimeout: '10s' }],
    },
  };
}

/** mariadb-operator: the service's own database and user, with rights on that database only. */
function database(service: ServiceDescriptor, facts: ServiceFacts): Manifest[] {
  const mariaDbRef = { name: 'edubase-mariadb' };
  const user = databaseUserOf(service);
  return [
    {
      apiVersion: 'k8s.mariadb.com/v1alpha1',
      kind: 'Database',
      metadata: { name: service.name, labels: labelsOf(service.name) },
      spec: { mariaDbRef, name: facts.database, characterSet: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
    },
    {
      apiVersion: 'k8s.mariadb.com/v1alpha1',
      kind: 'User',
      metadata: { name: service.name, labels: labelsOf(service.name) },
      spec: {
        mariaDbRef,
        name: user,
        host: '%',
        passwordSecretKeyRef: { name: databaseSecretOf(service), key: 'password' },
        maxUserConnections: 100,
      },
    },
    {
      apiVersion: 'k8s.mariadb.com/v1alpha1',
      kind: 'Grant',
      metadata: { name: service.name, labels: labelsOf(service.name) },
      spec: {
        mariaDbRef,
        privileges: ['ALL PRIVILEGES'],
        database: facts.database,
        table: '*',
        username: user,
        host: '%',
      },
    },
  ];
}

/**
 * `callers`: the gateways (tools/deploy/gateway-manifests.ts) that relay requests to this service and the
 * services that call it; `called`: the services it calls, with their HTTP ports.
 */
export function serviceManifests(
  service: ServiceDescriptor,
  facts: ServiceFacts,
  callers: string[] = [],
  called: Record<string, number> = {},
): Manifest[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: service.name, labels: labelsOf(service.name) },
    },
    configMap(service, facts),
    deployment(service, facts),
    migrationJob(service),
    ...services(service, facts),
    ...autoscaling(service.name, service.replicas),
    ...networkPolicies(service, facts, callers, called),
    ingress(service.name, service.ingressHost),
    serviceMonitor(service),
    ...database(service, facts),
  ];
}
