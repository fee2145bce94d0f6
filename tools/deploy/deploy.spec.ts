// Production manifests, checked offline in `npm test`: every overlay renders and validates, every app has
// what it needs to run there, the manifests agree with the services' config classes and health routes,
// Kafka topics and ACLs follow the contracts registry, and the generated files are current.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { allTopics } from '@edubase/contracts';
import { loadConfig } from '@edubase/config';
import {
  configClassOf,
  gatewayFacts,
  gatewaysOf,
  readDescriptors,
  root,
  serviceFacts,
  servicesOf,
  standaloneWebsOf,
  type GatewayDescriptor,
  type ServiceDescriptor,
} from './apps';
import { HEALTH, PLATFORM_CONFIG } from './app-manifests';
import { WEB_PORT, webManifests } from './web-manifests';
import { GATEWAY_PLATFORM_VARIABLES, upstreamUrlOf } from './gateway-manifests';
import { DASHBOARD_DIR, generatedFiles, readOverlays, staleFiles } from './generate';
import { deadLetterTopic, platformTopicsOf } from './kafka-manifests';
import { clientSecretNameOf, secretPlaceholderOf, SMTP_SECRET } from './keycloak-manifests';
import { kustomize, strategicMerge, type Json, type Manifest } from './kustomize';

const apps = readDescriptors();
const services = servicesOf(apps);
const gateways = gatewaysOf(apps);
const overlays = Object.keys(readOverlays());
const rendered = new Map(
  overlays.map((overlay) => [overlay, kustomize(path.join(root, 'deploy/k8s/overlays', overlay))]),
);

/** Schema problems per overlay, from `tools/deploy/cli.ts validate` (ES-module schemas, see there). */
function validateInNode(): Record<string, { manifests: number; problems: string[] }> {
  const result = spawnSync(
    path.join(root, 'node_modules/.bin/node'),
    ['-r', './tools/testing/swc-require-hook.cjs', 'tools/deploy/cli.ts', 'validate'],
    { cwd: root, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`validate failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, { manifests: number; problems: string[] }>;
}
const validation = validateInNode();

const find = (manifests: Manifest[], kind: string, name: string): Manifest | undefined =>
  manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
type Container = {
  name: string;
  image: string;
  env?: Array<{
    name: string;
    value?: string;
    valueFrom?: { configMapKeyRef?: { name: string; key: string }; secretKeyRef?: unknown };
  }>;
  envFrom?: Array<{ configMapRef: { name: string } }>;
  ports?: Array<{ name: string; containerPort: number; protocol: string }>;
  readinessProbe?: { httpGet: { path: string; port: string } };
  livenessProbe?: { httpGet: { path: string; port: string } };
};
const podSpecOf = (manifest: Manifest) =>
  (manifest.spec as { template: { spec: { containers: Container[] } } }).template.spec;

describe('deploy/', () => {
  it('has a descriptor for every deployable app in apps/ (tagged type:app) and an app for every descriptor', () => {
    const appDirs = readdirSync(path.join(root, 'apps'))
      .filter((dir) => {
        const project = JSON.parse(readFileSync(path.join(root, 'apps', dir, 'project.json'), 'utf8')) as {
          tags?: string[];
        };
        return project.tags?.includes('type:app') ?? false;
      })
      .sort();
    expect(apps.map((app) => app.name).sort()).toEqual(appDirs);
    for (const app of apps)
      if (app.kind === 'web' && app.servedBy)
        expect([...services, ...gateways].find((server) => server.name === app.servedBy)?.serves).toContain(
          app.name,
        );
  });

  it('generated files are current (npm run deploy:generate)', () => {
    expect(staleFiles(generatedFiles())).toEqual([]);
  });

  describe.each(overlays)('overlay %s', (overlay) => {
    const manifests = rendered.get(overlay)!;

    it('renders manifests that validate against their schemas', () => {
      expect(validation[overlay]!.manifests).toBe(manifests.length);
      expect(validation[overlay]!.problems).toEqual([]);
      const keys = manifests.map((manifest) => `${manifest.kind}/${manifest.metadata.name}`);
      expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
      const namespace = readOverlays()[overlay]!.namespace;
      expect(manifests.filter((manifest) => manifest.metadata.namespace !== namespace)).toEqual([]);
    });

    it.each(services.map((service) => [service.name, service] as const))(
      '%s: Deployment, Service, PDB, HPA, NetworkPolicy, Ingress, ServiceMonitor, migration Job and image',
      (_name, service: ServiceDescriptor) => {
        for (const kind of [
          'Deployment',
          'Service',
          'PodDisruptionBudget',
          'HorizontalPodAutoscaler',
          'NetworkPolicy',
          'Ingress',
          'ServiceMonitor',
          'KafkaUser',
        ])
          expect([kind, find(manifests, kind, service.name)?.metadata.name]).toEqual([kind, service.name]);
        const migration = find(manifests, 'Job', `${service.name}-migrate`)!;
        const deployment = find(manifests, 'Deployment', service.name)!;
        const [container] = podSpecOf(deployment).containers;
        const settings = readOverlays()[overlay]!.images;
        expect(container!.image).toBe(`${settings.registry}/${service.name}:${settings.tag}`);
        expect(podSpecOf(migration).containers[0]!.image).toBe(container!.image);
        expect(JSON.stringify(podSpecOf(deployment))).toContain('"readOnlyRootFilesystem":true');
        expect(JSON.stringify(podSpecOf(deployment))).toContain('"runAsNonRoot":true');
      },
    );

    it.each(services.map((service) => [service.name, service] as const))(
      '%s: ports, variables and health paths match its config class and health routes',
      (_name, service: ServiceDescriptor) => {
        const facts = serviceFacts(service);
        const deployment = find(manifests, 'Deployment', service.name)!;
        const container = podSpecOf(deployment).containers[0]!;
        expect(container.ports?.find((port) => port.name === 'http')?.containerPort).toBe(facts.httpPort);
        for (const { port } of facts.udpPorts)
          expect(
            container.ports?.some((entry) => entry.containerPort === port && entry.protocol === 'UDP'),
          ).toBe(true);
        expect(container.readinessProbe?.httpGet.path).toBe(HEALTH.ready);
        expect(container.livenessProbe?.httpGet.path).toBe(HEALTH.live);
        // Every variable set reaches the config class, and the class accepts the values this overlay gives.
        const env: Record<string, string> = {};
        for (const { configMapRef } of container.envFrom ?? [])
          Object.assign(env, find(manifests, 'ConfigMap', configMapRef.name)!.data as Record<string, string>);
        for (const entry of container.env ?? []) env[entry.name] = entry.value ?? 'x'.repeat(40);
        expect(Object.keys(env).filter((name) => !facts.variables.has(name))).toEqual([]);
        expect(env.DB_NAME).toBe(facts.database);
        const config = loadConfig(configClassOf(service), env) as Record<string, unknown>;
        expect(config.HTTP_PORT).toBe(facts.httpPort);
        expect(container.envFrom?.[0]?.configMapRef.name).toBe(PLATFORM_CONFIG);
        // Secrets by reference only: no value of a secret variable sits in a manifest.
        for (const name of ['DB_PASSWORD', ...Object.keys(service.secretEnv)])
          expect(container.env?.find((entry) => entry.name === name)?.valueFrom).toBeDefined();
      },
    );

    it.each(gateways.map((gateway) => [gateway.name, gateway] as const))(
      '%s (gateway): Deployment, Service, PDB, HPA, NetworkPolicy, Ingress and image; nothing stateful',
      (_name, gateway: GatewayDescriptor) => {
        for (const kind of [
          'Deployment',
          'Service',
          'PodDisruptionBudget',
          'HorizontalPodAutoscaler',
          'NetworkPolicy',
          'Ingress',
        ])
          expect([kind, find(manifests, kind, gateway.name)?.metadata.name]).toEqual([kind, gateway.name]);
        for (const kind of ['KafkaUser', 'Database', 'User', 'Grant'])
          expect([kind, find(manifests, kind, gateway.name)]).toEqual([kind, undefined]);
        expect(find(manifests, 'Job', `${gateway.name}-migrate`)).toBeUndefined();
        const deployment = find(manifests, 'Deployment', gateway.name)!;
        const [container] = podSpecOf(deployment).containers;
        const settings = readOverlays()[overlay]!.images;
        expect(container!.image).toBe(`${settings.registry}/${gateway.name}:${settings.tag}`);
        expect(JSON.stringify(podSpecOf(deployment))).toContain('"readOnlyRootFilesystem":true');
        expect(JSON.stringify(podSpecOf(deployment))).toContain('"runAsNonRoot":true');
      },
    );

    it.each(gateways.map((gateway) => [gateway.name, gateway] as const))(
      '%s (gateway): port, variables, health paths and upstreams match its config class; egress to them only',
      (_name, gateway: GatewayDescriptor) => {
        const facts = gatewayFacts(gateway);
        const container = podSpecOf(find(manifests, 'Deployment', gateway.name)!).containers[0]!;
        expect(container.ports?.find((port) => port.name === 'http')?.containerPort).toBe(facts.httpPort);
        expect(container.readinessProbe?.httpGet.path).toBe(HEALTH.ready);
        expect(container.livenessProbe?.httpGet.path).toBe(HEALTH.live);
        // The environment as the pod gets it: its ConfigMap and the keys it takes from the platform's.
        const env: Record<string, string> = {};
        for (const { configMapRef } of container.envFrom ?? [])
          Object.assign(env, find(manifests, 'ConfigMap', configMapRef.name)!.data as Record<string, string>);
        for (const entry of container.env ?? []) {
          const reference = entry.valueFrom?.configMapKeyRef;
          expect([entry.name, entry.value ?? reference]).toEqual([entry.name, expect.anything()]);
          const data =
            reference && (find(manifests, 'ConfigMap', reference.name)!.data as Record<string, string>);
          env[entry.name] = entry.value ?? data![reference!.key]!;
        }
        expect(Object.keys(env).filter((name) => !facts.variables.has(name))).toEqual([]);
        expect(Object.keys(env)).toEqual(expect.arrayContaining([...GATEWAY_PLATFORM_VARIABLES]));
        const config = loadConfig(configClassOf(gateway), env) as Record<string, unknown>;
        expect(config.HTTP_PORT).toBe(facts.httpPort);
        expect(config.NODE_ENV).toBe('production');
        expect(config.upstreams).toEqual(
          Object.fromEntries(facts.upstreams.map(({ name }) => [name, upstreamUrlOf(name)])),
        );
        // Out: DNS, each upstream's pods on their HTTP port, Keycloak; in: the ingress controller only.
        type Rule = {
          to?: Array<{ podSelector?: { matchLabels: Record<string, string> } }>;
          from?: Array<{ podSelector?: { matchLabels: Record<string, string> } }>;
          ports: Array<{ protocol: string; port: number }>;
        };
        const policyOf = (name: string) =>
          find(manifests, 'NetworkPolicy', name)!.spec as { ingress: Rule[]; egress: Rule[] };
        const policy = policyOf(gateway.name);
        expect(policy.ingress.flatMap((rule) => rule.ports.map((port) => port.port))).toEqual([
          facts.httpPort,
        ]);
        const egressTo = (label: string, value: string) =>
          policy.egress
            .filter((rule) => rule.to?.some((to) => to.podSelector?.matchLabels[label] === value))
            .flatMap((rule) => rule.ports.map((port) => port.port));
        expect(egressTo('app', 'keycloak')).toEqual([8443]);
        const podTargets = policy.egress.flatMap((rule) => rule.to ?? []).filter((to) => to.podSelector);
        expect(podTargets).toHaveLength(facts.upstreams.length + 1);
        for (const upstream of facts.upstreams) {
          const service = services.find((entry) => entry.name === upstream.name);
          expect([upstream.name, service?.kind]).toEqual([upstream.name, 'service']);
          const { httpPort } = serviceFacts(service!);
          expect([upstream.name, egressTo('app.kubernetes.io/name', upstream.name)]).toEqual([
            upstream.name,
            [httpPort],
          ]);
          // ...and the upstream's own policy lets the gateway in.
          const admitted = policyOf(upstream.name).ingress.some(
            (rule) =>
              rule.from?.some(
                (from) => from.podSelector?.matchLabels['app.kubernetes.io/name'] === gateway.name,
              ) && rule.ports.some((port) => port.port === httpPort),
          );
          expect([upstream.name, admitted]).toEqual([upstream.name, true]);
        }
      },
    );

    it('a service that calls others (calls) reaches exactly their pods on their HTTP port, and they let it in', () => {
      type Rule = {
        to?: Array<{ podSelector?: { matchLabels: Record<string, string> } }>;
        from?: Array<{ podSelector?: { matchLabels: Record<string, string> } }>;
        ports: Array<{ protocol: string; port: number }>;
      };
      const policyOf = (name: string) =>
        find(manifests, 'NetworkPolicy', name)!.spec as { ingress: Rule[]; egress: Rule[] };
      const name = (rule: Rule, side: 'to' | 'from') =>
        (rule[side] ?? []).map((peer) => peer.podSelector?.matchLabels['app.kubernetes.io/name']);
      for (const caller of services.filter((service) => service.calls?.length)) {
        const reached = policyOf(caller.name)
          .egress.filter((rule) => name(rule, 'to').some(Boolean))
          .map((rule) => [name(rule, 'to')[0], rule.ports[0]!.port]);
        const called = services.filter(
          (service) => service.kind === 'service' && caller.calls!.includes(service.name),
        );
        expect(reached).toEqual(called.map((service) => [service.name, serviceFacts(service).httpPort]));
        for (const service of called) {
          const admitted = policyOf(service.name).ingress.some((rule) =>
            name(rule, 'from').includes(caller.name),
          );
          expect([service.name, admitted]).toEqual([service.name, true]);
        }
        if (caller.callsEnv) {
          const data = find(manifests, 'ConfigMap', `${caller.name}-config`)!.data as Record<string, string>;
          expect(data[caller.callsEnv]).toBe(
            caller.calls!.map((callee) => `${callee}=http://${callee}`).join(','),
          );
        }
      }
      expect(services.find((service) => service.name === 'governance')?.calls).toEqual([
        'identity',
        'network-access',
      ]);
    });

    it('every web app no service serves has its Deployment, Service, PDB, NetworkPolicy, Ingress and image', () => {
      const { registry, tag } = readOverlays()[overlay]!.images;
      for (const web of standaloneWebsOf(apps)) {
        for (const kind of ['Deployment', 'Service', 'PodDisruptionBudget', 'NetworkPolicy', 'Ingress'])
          expect([kind, find(manifests, kind, web.name)?.metadata.name]).toEqual([kind, web.name]);
        const [container] = podSpecOf(find(manifests, 'Deployment', web.name)!).containers;
        expect(container!.image).toBe(`${registry}/${web.name}:${tag}`);
      }
    });

    it('RADIUS is open only to the NAS range, and only for UDP', () => {
      const { nasCidrs } = readOverlays()[overlay]!;
      for (const service of services.filter((entry) => (entry.udp ?? []).length > 0)) {
        const policy = find(manifests, 'NetworkPolicy', `${service.name}-radius`)!;
        const ingress = (
          policy.spec as {
            ingress: Array<{
              from: Array<{ ipBlock: { cidr: string } }>;
              ports: Array<{ protocol: string }>;
            }>;
          }
        ).ingress;
        expect(ingress.flatMap((rule) => rule.from.map((from) => from.ipBlock.cidr))).toEqual(nasCidrs);
        expect(ingress.flatMap((rule) => rule.ports.map((port) => port.protocol))).toEqual(['UDP', 'UDP']);
        expect(
          (
            find(manifests, 'Service', `${service.name}-radius`)!.spec as {
              loadBalancerSourceRanges: string[];
            }
          ).loadBalancerSourceRanges,
        ).toEqual(nasCidrs);
      }
    });

    it('every topic of the contracts registry has its KafkaTopic and the right KafkaUser ACLs', () => {
      const topics = new Set(
        manifests
          .filter((manifest) => manifest.kind === 'KafkaTopic')
          .map((manifest) => manifest.metadata.name),
      );
      const { kafka } = readOverlays()[overlay]!;
      for (const topic of allTopics) {
        expect(topics).toContain(topic);
        const spec = find(manifests, 'KafkaTopic', topic)!.spec as {
          replicas: number;
          config: Record<string, number>;
        };
        expect([topic, spec.replicas, spec.config['min.insync.replicas']]).toEqual([
          topic,
          kafka.replicas,
          kafka.minInsyncReplicas,
        ]);
        const acls = (name: string) =>
          services
            .filter((service) =>
              (
                find(manifests, 'KafkaUser', service.name)!.spec as {
                  authorization: { acls: Array<{ resource: { name?: string }; operations: string[] }> };
                }
              ).authorization.acls.some(
                (acl) => acl.resource.name === topic && acl.operations.includes(name),
              ),
            )
            .map((service) => service.name);
        // One producer per topic: the service whose domain the topic is in; a platform topic (audit chain
        // anchors, catalog descriptions) is written by each service that publishes it.
        expect([topic, acls('Write')]).toEqual([
          topic,
          services
            .filter(
              (service) =>
                topic.startsWith(`${service.eventDomain}.`) || platformTopicsOf(service).includes(topic),
            )
            .map((s) => s.name),
        ]);
        const readers = services.filter(
          (service) => service.consumes === 'all' || service.consumes.includes(topic),
        );
        expect([topic, acls('Read')]).toEqual([topic, readers.map((service) => service.name)]);
        if (readers.length > 0) expect(topics).toContain(deadLetterTopic(topic));
      }
    });
  });

  it('a standalone web app gets a non-root, read-only nginx Deployment reachable from the ingress only', () => {
    const manifests = webManifests({
      name: 'sample-web',
      kind: 'web',
      title: 'sample',
      ingressHost: 'sample',
    });
    expect(manifests.map((manifest) => manifest.kind)).toEqual([
      'ServiceAccount',
      'Deployment',
      'Service',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'NetworkPolicy',
      'Ingress',
    ]);
    const text = JSON.stringify(find(manifests, 'Deployment', 'sample-web'));
    for (const part of [
      '"readOnlyRootFilesystem":true',
      '"runAsNonRoot":true',
      `"containerPort":${WEB_PORT}`,
    ])
      expect(text).toContain(part);
    const nginx = readFileSync(path.join(root, 'deploy/docker/web-nginx.conf'), 'utf8');
    expect(nginx).toContain(`listen ${WEB_PORT};`);
    for (const probe of [HEALTH.live, HEALTH.ready]) expect(nginx).toContain(`location = ${probe}`);
  });

  it('the service image: multi-stage from the lockfile, Node 24, non-root, health check; .dockerignore', () => {
    for (const file of ['service.Dockerfile', 'web.Dockerfile']) {
      const dockerfile = readFileSync(path.join(root, 'deploy/docker', file), 'utf8');
      const instructions = dockerfile
        .replace(/\\\n/g, ' ')
        .split('\n')
        .filter((line) => line.trim() && !line.startsWith('#'));
      const stages = instructions.filter((line) => line.startsWith('FROM '));
      expect(stages.length).toBeGreaterThanOrEqual(2);
      expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24[.\d]*-/m);
      const runtime = instructions.slice(instructions.lastIndexOf(stages.at(-1)!));
      expect([file, runtime.find((line) => line.startsWith('USER '))]).toEqual([
        file,
        file === 'web.Dockerfile' ? 'USER 101' : 'USER node',
      ]);
      expect(runtime.some((line) => line.startsWith('HEALTHCHECK ') && line.includes(HEALTH.live))).toBe(
        true,
      );
      expect(instructions.some((line) => /RUN npm ci\b/.test(line))).toBe(true);
      expect(instructions.some((line) => /npm install|ADD https?:/.test(line))).toBe(false);
    }
    const ignored = readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['.git', 'node_modules', 'dist', '.edubase', '.env'])
      expect(ignored).toContain(entry);
  });

  it('the compose file runs every service and gateway read-only, as non-root, services migrated first, secrets from .env', () => {
    const compose = parse(
      readFileSync(path.join(root, 'deploy/compose/generated/docker-compose.yaml'), 'utf8'),
    ) as {
      services: Record<
        string,
        {
          read_only?: boolean;
          user?: string;
          environment?: Record<string, string>;
          ports?: string[];
          depends_on?: Record<string, unknown>;
        }
      >;
    };
    for (const service of services) {
      const entry = compose.services[service.name]!;
      const facts = serviceFacts(service);
      expect([service.name, entry.read_only, entry.user]).toEqual([service.name, true, '1000:1000']);
      expect(entry.depends_on).toHaveProperty(`${service.name}-migrate`);
      expect(Object.keys(entry.environment!).filter((name) => !facts.variables.has(name))).toEqual([]);
      expect(entry.ports).toContain(`127.0.0.1:${facts.httpPort}:${facts.httpPort}`);
      for (const name of ['DB_PASSWORD', ...Object.keys(service.secretEnv)])
        expect(entry.environment![name]).toMatch(/^\$\{[A-Z0-9_]+:\?/);
    }
    for (const gateway of gateways) {
      const entry = compose.services[gateway.name]!;
      const facts = gatewayFacts(gateway);
      expect([gateway.name, entry.read_only, entry.user]).toEqual([gateway.name, true, '1000:1000']);
      expect(Object.keys(entry.environment!).filter((name) => !facts.variables.has(name))).toEqual([]);
      expect(entry.ports).toEqual([`127.0.0.1:${facts.httpPort}:${facts.httpPort}`]);
      for (const upstream of facts.upstreams) {
        const { httpPort } = serviceFacts(services.find((service) => service.name === upstream.name)!);
        expect(entry.environment![upstream.env]).toBe(`http://${upstream.name}:${httpPort}`);
        expect(entry.depends_on).toHaveProperty(upstream.name);
      }
    }
  });

  it('the realm import holds no password or client secret, and each service names the Secret of its client', () => {
    const realmImport = generatedFiles().get('deploy/k8s/base/generated/keycloak-realm-import.yaml')!;
    const { spec } = parse(realmImport) as {
      spec: {
        placeholders: Record<string, { secret: { name: string } }>;
        realm: {
          clients: Array<{ clientId: string; secret?: string }>;
          users: Array<{ credentials?: unknown }>;
          smtpServer: Record<string, string>;
        };
      };
    };
    expect(spec.realm.users.filter((user) => user.credentials !== undefined)).toEqual([]);
    // Password-reset mails go through the district's relay named by a Secret, never the demo's sink.
    expect(spec.realm.smtpServer).toMatchObject({ host: '${SMTP_HOST}', password: '${SMTP_PASSWORD}' });
    expect(spec.placeholders['SMTP_HOST']?.secret.name).toBe(SMTP_SECRET);
    expect(spec.realm.clients.map((client) => client.clientId)).not.toContain('edubase-cli');
    for (const client of spec.realm.clients.filter((entry) => entry.secret !== undefined)) {
      expect(client.secret).toBe(`\${${secretPlaceholderOf(client.clientId)}}`);
      expect(spec.placeholders[secretPlaceholderOf(client.clientId)]?.secret.name).toBe(
        clientSecretNameOf(client.clientId),
      );
    }
    // A service's client secret comes from the Secret the realm import reads for that client.
    for (const service of services)
      for (const [variable, reference] of Object.entries(service.secretEnv)) {
        const clientId = variable.endsWith('_CLIENT_SECRET')
          ? (service.env[variable.replace(/_SECRET$/, '_ID')] ?? '')
          : '';
        if (clientId) expect([variable, reference]).toEqual([variable, clientSecretNameOf(clientId)]);
      }
  });

  it("the realm's descriptions fit Keycloak's columns (255 characters: a longer one stops the import)", () => {
    const realm = JSON.parse(readFileSync(path.join(root, 'deploy/keycloak/edubase-realm.json'), 'utf8')) as {
      clients: Array<{ clientId: string; description?: string }>;
      clientScopes: Array<{ name: string; description?: string }>;
      roles: { realm: Array<{ name: string; description?: string }> };
    };
    const described = [
      ...realm.clients.map((client) => [client.clientId, client.description] as const),
      ...realm.clientScopes.map((scope) => [scope.name, scope.description] as const),
      ...realm.roles.realm.map((role) => [role.name, role.description] as const),
    ];
    expect(described.filter(([, description]) => (description ?? '').length > 255)).toEqual([]);
  });

  it('dashboards and alerts name only metrics the services expose', () => {
    const exposed = new Set<string>();
    const collect = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) collect(full);
        else if (entry.name.endsWith('.ts') && !entry.name.includes('spec'))
          for (const match of readFileSync(full, 'utf8').matchAll(
            /'((?:netaccess|edubase|http_server)_[a-z_]+)'/g,
          ))
            exposed.add(match[1]!);
      }
    };
    for (const dir of ['apps', 'libs/platform']) collect(path.join(root, dir));
    const dashboards = readdirSync(path.join(root, DASHBOARD_DIR)).map((file) =>
      readFileSync(path.join(root, DASHBOARD_DIR, file), 'utf8'),
    );
    const rules = readFileSync(path.join(root, 'deploy/k8s/base/monitoring/prometheus-rules.yaml'), 'utf8');
    const used = new Set(
      [...dashboards, rules].flatMap((text) =>
        [...text.matchAll(/\b((?:netaccess|edubase|http_server)_[a-z_]+)\b/g)].map((match) => match[1]!),
      ),
    );
    const unknown = [...used].filter(
      (name) => !exposed.has(name) && !exposed.has(name.replace(/_(bucket|count|sum)$/, '')),
    );
    expect(used.size).toBeGreaterThan(10);
    expect(unknown).toEqual([]);
    for (const metric of [
      'netaccess_radius_dropped_total',
      'edubase_outbox_unsent_events',
      'edubase_messaging_consumer_lag',
    ])
      expect(rules).toContain(metric);
  });

  it('the kustomize renderer merges keyed lists by name and refuses fields it does not implement', () => {
    const base: Json = {
      spec: { containers: [{ name: 'a', image: 'x:1', env: [{ name: 'A', value: '1' }] }, { name: 'b' }] },
    };
    const patch: Json = { spec: { containers: [{ name: 'a', env: [{ name: 'B', value: '2' }] }] } };
    expect(strategicMerge(base, patch)).toEqual({
      spec: {
        containers: [
          {
            name: 'a',
            image: 'x:1',
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
          },
          { name: 'b' },
        ],
      },
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'kustomize-'));
    try {
      writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources: []\nconfigMapGenerator: []\n');
      expect(() => kustomize(dir)).toThrow(/configMapGenerator not supported/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('only the cockpit reads every topic', () => {
    expect(services.filter((service) => service.consumes === 'all').map((service) => service.name)).toEqual([
      'cockpit',
    ]);
  });

  it('each service consumes exactly the topics its handlers name', () => {
    for (const service of services.filter((entry) => entry.consumes !== 'all')) {
      const handled = new Set<string>();
      const walk = (dir: string): void => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) walk(full);
          else if (entry.name.endsWith('.ts') && !entry.name.includes('spec'))
            for (const match of readFileSync(full, 'utf8').matchAll(/\.on\(\s*'([a-z0-9.-]+\.v\d+)'/g))
              handled.add(match[1]!);
        }
      };
      walk(path.join(root, 'apps', service.name, 'src'));
      expect([service.name, [...handled].sort()]).toEqual([
        service.name,
        [...(service.consumes as string[])].sort(),
      ]);
    }
  });
});
