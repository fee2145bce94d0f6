// The Kubernetes objects of a gateway (tools/deploy/apps.ts, GatewayDescriptor): a stateless Node HTTP app
// in front of the services, like the staff console. A service's Deployment without what state needs: no
// database objects, migration Job, KafkaUser or Kafka CA; its egress is the services it calls and Keycloak.
import {
  HEALTH,
  IMAGE_REPOSITORY,
  ingress,
  labelsOf,
  namespaceOf,
  PLATFORM_CONFIG,
  podSecurity,
  RUN_AS_USER,
  selectorOf,
} from './app-manifests';
import type { GatewayDescriptor, GatewayFacts } from './apps';
import type { Manifest } from './kustomize';

/** What a gateway takes from the platform ConfigMap (k8s/base/platform-config.yaml, set per overlay). */
export const GATEWAY_PLATFORM_VARIABLES = [
  'NODE_ENV',
  'HTTP_HOST',
  'LOG_LEVEL',
  'KEYCLOAK_URL',
  'KEYCLOAK_REALM',
] as const;

/** An upstream's in-cluster base URL: its Service (port 80, tools/deploy/app-manifests.ts). */
export const upstreamUrlOf = (service: string): string => `http://${service}`;

function configMap(gateway: GatewayDescriptor, facts: GatewayFacts): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${gateway.name}-config`, labels: labelsOf(gateway.name) },
    data: {
      ...Object.fromEntries(facts.upstreams.map(({ name, env }) => [env, upstreamUrlOf(name)])),
      ...gateway.env,
    },
  };
}

function deployment(gateway: GatewayDescriptor, facts: GatewayFacts): Manifest {
  const httpProbe = (path: string) => ({ httpGet: { path, port: 'http' } });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: gateway.name, labels: labelsOf(gateway.name) },
    spec: {
      replicas: gateway.replicas.min,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorOf(gateway.name) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: labelsOf(gateway.name) },
        spec: {
          serviceAccountName: gateway.name,
          automountServiceAccountToken: false,
          securityContext: podSecurity,
          terminationGracePeriodSeconds: 30,
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: selectorOf(gateway.name) },
            },
          ],
          containers: [
            {
              name: gateway.name,
              image: `${IMAGE_REPOSITORY}/${gateway.name}:latest`,
              // Only the platform values it reads: the platform ConfigMap also holds database and Kafka ones.
              env: GATEWAY_PLATFORM_VARIABLES.map((name) => ({
                name,
                valueFrom: { configMapKeyRef: { name: PLATFORM_CONFIG, key: name } },
              })),
              envFrom: [{ configMapRef: { name: `${gateway.name}-config` } }],
              ports: [{ name: 'http', containerPort: facts.httpPort, protocol: 'TCP' }],
              startupProbe: { ...httpProbe(HEALTH.live), periodSeconds: 2, failureThreshold: 30 },
              livenessProbe: { ...httpProbe(HEALTH.live), periodSeconds: 10, failureThreshold: 3 },
              readinessProbe: { ...httpProbe(HEALTH.ready), periodSeconds: 5, failureThreshold: 2 },
              lifecycle: { preStop: { sleep: { seconds: 5 } } },
              securityContext: {
                runAsNonRoot: true,
                runAsUser: RUN_AS_USER,
                readOnlyRootFilesystem: true,
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              resources: {
                requests: { cpu: gateway.resources.cpu, memory: gateway.resources.memory },
                limits: { cpu: gateway.resources.cpuLimit, memory: gateway.resources.memoryLimit },
              },
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
        },
      },
    },
  };
}

/**
 * Deny by default; in: HTTP from the ingress controller. Out: DNS, each upstream's pods on its HTTP port,
 * and Keycloak (directly, and through the ingress: KEYCLOAK_URL is the public issuer the token relay calls).
 */
function networkPolicy(
  gateway: GatewayDescriptor,
  facts: GatewayFacts,
  upstreamPorts: Record<string, number>,
): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: gateway.name, labels: labelsOf(gateway.name) },
    spec: {
      podSelector: { matchLabels: selectorOf(gateway.name) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [namespaceOf('ingress-nginx')], ports: [{ protocol: 'TCP', port: facts.httpPort }] }],
      egress: [
        {
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
        ...facts.upstreams.map(({ name }) => {
          const port = upstreamPorts[name];
          if (port === undefined)
            throw new Error(
              `deploy/apps/${gateway.name}.json: upstream ${name} is no service of deploy/apps`,
            );
          return {
            to: [{ podSelector: { matchLabels: selectorOf(name) } }],
            ports: [{ protocol: 'TCP', port }],
          };
        }),
        {
          to: [{ podSelector: { matchLabels: { app: 'keycloak' } } }],
          ports: [{ protocol: 'TCP', port: 8443 }],
        },
        { to: [namespaceOf('ingress-nginx')], ports: [{ protocol: 'TCP', port: 443 }] },
      ],
    },
  };
}

/** `upstreamPorts`: each service's HTTP port (its config class), what the NetworkPolicy opens. */
export function gatewayManifests(
  gateway: GatewayDescriptor,
  facts: GatewayFacts,
  upstreamPorts: Record<string, number>,
): Manifest[] {
  const name = gateway.name;
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, labels: labelsOf(name) } },
    configMap(gateway, facts),
    deployment(gateway, facts),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, labels: labelsOf(name) },
      spec: {
        type: 'ClusterIP',
        selector: selectorOf(name),
        ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
      },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name, labels: labelsOf(name) },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: gateway.replicas.min,
        maxReplicas: gateway.replicas.max,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          },
        ],
        behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name, labels: labelsOf(name) },
      spec: { maxUnavailable: 1, selector: { matchLabels: selectorOf(name) } },
    },
    networkPolicy(gateway, facts, upstreamPorts),
    ingress(name, gateway.ingressHost),
  ];
}
