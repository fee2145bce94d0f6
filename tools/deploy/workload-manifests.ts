// What every Node workload's manifests share (services from app-manifests.ts, gateways from
// gateway-manifests.ts, and the standalone web apps' HPA, PDB and Service): one builder each, so a change to
// the rollout strategy, spreading, autoscaling or disruption budget reaches every Deployment at once.
import type { Manifest } from './kustomize';

export const labelsOf = (name: string, component = 'server'): Record<string, string> => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/part-of': 'edubase',
  'app.kubernetes.io/component': component,
});
export const selectorOf = (name: string): Record<string, string> => ({ 'app.kubernetes.io/name': name });

export interface NodeDeploymentSpec {
  name: string;
  replicas: { min: number };
  /** The pod's securityContext (non-root, seccomp). */
  podSecurity: Record<string, unknown>;
  /** Annotations of the pod template, when any. */
  podAnnotations?: Record<string, string>;
  container: Record<string, unknown>;
  volumes: unknown[];
}

/**
 * A Deployment of a Node server: rolling update that never drops below the wanted count, pods spread over
 * nodes, its own service account without an API token, 30 s to finish in-flight requests.
 */
export function nodeDeployment(spec: NodeDeploymentSpec): Manifest {
  const { name } = spec;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: labelsOf(name) },
    spec: {
      replicas: spec.replicas.min,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorOf(name) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels: labelsOf(name),
          ...(spec.podAnnotations ? { annotations: spec.podAnnotations } : {}),
        },
        spec: {
          serviceAccountName: name,
          automountServiceAccountToken: false,
          securityContext: spec.podSecurity,
          terminationGracePeriodSeconds: 30,
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: selectorOf(name) },
            },
          ],
          containers: [spec.container],
          volumes: spec.volumes,
        },
      },
    },
  };
}

/**
 * Startup, liveness and readiness probes on the health routes, and the preStop pause that lets the pod leave
 * the Service's endpoints before the process stops taking requests.
 */
export function nodeProbes(
  health: { live: string; ready: string },
  startupFailureThreshold: number,
): Record<string, unknown> {
  const httpProbe = (path: string) => ({ httpGet: { path, port: 'http' } });
  return {
    startupProbe: { ...httpProbe(health.live), periodSeconds: 2, failureThreshold: startupFailureThreshold },
    livenessProbe: { ...httpProbe(health.live), periodSeconds: 10, failureThreshold: 3 },
    readinessProbe: { ...httpProbe(health.ready), periodSeconds: 5, failureThreshold: 2 },
    lifecycle: { preStop: { sleep: { seconds: 5 } } },
  };
}

/**
 * The HorizontalPodAutoscaler on CPU (70 %) and the PodDisruptionBudget (one pod down at a time). Servers
 * wait 5 minutes before scaling down (connections, caches warm); static web apps scale down at once.
 */
export function autoscaling(
  name: string,
  replicas: { min: number; max: number },
  options: { slowScaleDown: boolean } = { slowScaleDown: true },
): Manifest[] {
  return [
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name, labels: labelsOf(name) },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: replicas.min,
        maxReplicas: replicas.max,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          },
        ],
        ...(options.slowScaleDown ? { behavior: { scaleDown: { stabilizationWindowSeconds: 300 } } } : {}),
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name, labels: labelsOf(name) },
      spec: { maxUnavailable: 1, selector: { matchLabels: selectorOf(name) } },
    },
  ];
}

/** The in-cluster HTTP Service (port 80 to the pods' `http` port). */
export function httpService(name: string): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: labelsOf(name) },
    spec: {
      type: 'ClusterIP',
      selector: selectorOf(name),
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}
