// The new service's production entry: deploy/apps/<service>.json, from which `npm run deploy:generate`
// writes its Kubernetes manifests, Kafka topics and user, and compose service (tools/deploy).

/** @param {import('./names.mjs').Names} n */
export function deployFiles(n) {
  const descriptor = {
    name: n.service,
    kind: 'service',
    title: n.zh,
    configClass: `apps/${n.service}/src/${n.service}.config.ts#${n.Service}Config`,
    eventDomain: n.scope,
    consumes: [],
    ingressHost: n.service,
    env: {},
    secretEnv: {},
    replicas: { min: 2, max: 4 },
    resources: { cpu: '250m', memory: '384Mi', cpuLimit: '1', memoryLimit: '768Mi' },
  };
  return { [`deploy/apps/${n.service}.json`]: `${JSON.stringify(descriptor, null, 2)}\n` };
}
