// The Kubernetes objects of a web app no service serves (static files from nginx), from its descriptor.
import type { StandaloneWeb } from './apps';
import { HEALTH, IMAGE_REPOSITORY, ingress, namespaceOf } from './app-manifests';
import type { Manifest } from './kustomize';
import { autoscaling, httpService, labelsOf, selectorOf } from './workload-manifests';

/** Port of the nginx that serves a standalone web app (deploy/docker/web-nginx.conf). */
export const WEB_PORT = 8080;

/** A web app no service serves: static files from unprivileged nginx (deploy/docker/web.Dockerfile). */
export function webManifests(web: StandaloneWeb): Manifest[] {
  const probe = (path: string) => ({ httpGet: { path, port: 'http' }, periodSeconds: 10 });
  const replicas = web.replicas ?? { min: 2, max: 4 };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: web.name, labels: labelsOf(web.name) } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: web.name, labels: labelsOf(web.name) },
      spec: {
        replicas: replicas.min,
        selector: { matchLabels: selectorOf(web.name) },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels: labelsOf(web.name) },
          spec: {
            serviceAccountName: web.name,
            automountServiceAccountToken: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 101,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: web.name,
                image: `${IMAGE_REPOSITORY}/${web.name}:latest`,
                ports: [{ name: 'http', containerPort: WEB_PORT, protocol: 'TCP' }],
                readinessProbe: probe(HEALTH.ready),
                livenessProbe: probe(HEALTH.live),
                securityContext: {
                  runAsNonRoot: true,
                  readOnlyRootFilesystem: true,
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ['ALL'] },
                },
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
                resources: {
                  requests: { cpu: '50m', memory: '32Mi' },
                  limits: { cpu: '500m', memory: '128Mi' },
                },
              },
            ],
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
          },
        },
      },
    },
    httpService(web.name),
    ...autoscaling(web.name, replicas, { slowScaleDown: false }),
    {
      // In from the ingress controller only; nothing out (the browser calls the APIs, not nginx).
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: web.name, labels: labelsOf(web.name) },
      spec: {
        podSelector: { matchLabels: selectorOf(web.name) },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [namespaceOf('ingress-nginx')], ports: [{ protocol: 'TCP', port: WEB_PORT }] }],
        egress: [],
      },
    },
    ingress(web.name, web.ingressHost),
  ];
}
