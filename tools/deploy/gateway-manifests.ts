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
import { autoscaling, httpService, nodeDeployment, nodeProbes } from './workload-manifests';
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
  return nodeDeployment({
    name: gateway.name,
    replicas: gateway.replicas,
    podSecurity,
    container: {
      name: gateway.name,
      image: `${IMAGE_REPOSITORY}/${gateway.name}:latest`,
      // Only the platform values it reads: the platform ConfigMap also holds database and Kafka ones.
      env: GATEWAY_PLATFORM_VARIABLES.map((name) => ({
        name,
        valueFrom: { configMapKeyRef: { name: PLATFORM_CONFIG, key: name } },
      })),
      envFrom: [{ configMapRef: { name: `${gateway.name}-config` } }],
      ports: [{ name: 'http', containerPort: facts.httpPort, protocol: 'TCP' }],
      ...nodeProbes(HEALTH, 30),
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
    volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
  });
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
    httpService(name),
    ...autoscaling(name, gateway.replicas),
    networkPolicy(gateway, facts, upstreamPorts),
    ingress(name, gateway.ingressHost),
  ];
}
