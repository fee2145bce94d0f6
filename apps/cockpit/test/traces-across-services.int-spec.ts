// One trace across the real services, read back from the Zipkin `infra:up` runs (started here if it is not):
// identity, network-access and the cockpit run from dist/ under the telemetry preload, as `npm start` runs
// them, exporting to Zipkin. A person created over HTTP in identity must be one trace through identity's
// Keycloak admin calls (fetch), its outbox, Kafka, and the consumers in network-access and the cockpit; a RADIUS Accounting Start must be one
// trace from network-access's request span to the cockpit's consumer, and so must a rejected Access-Request.
// Needs `npm run build` first.
import {
  assertBuiltFromSources,
  cleanUpKafka,
  ensureZipkin,
  freePort,
  KAFKA_BROKERS,
  KEYCLOAK_URL,
  passwordGrantToken,
  radclient,
  repositoryRoot,
  ServiceProcess,
  spawnService,
  TemporaryDatabase,
  uniqueRunId,
  waitFor,
  assertProducersBuilt,
  callApi,
  deleteKeycloakAccounts,
  RunningProducers,
  startProducers,
} from '@edubase/testing';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

const ROOT = repositoryRoot();
const SCHOOL = '3101200001';
const NAS_SECRET = 'traces-nas-secret';

/** A span as Zipkin's v2 API returns it (the fields read here). */
interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  kind?: 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';
  localEndpoint?: { serviceName?: string };
  tags?: Record<string, string>;
}

async function zipkinJson<T>(url: string): Promise<T | undefined> {
  const response = await fetch(url);
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** "service kind name" of each span, for readable failure messages. */
function describeSpans(spans: readonly ZipkinSpan[]): string[] {
  return spans.map((span) => `${span.localEndpoint?.serviceName} ${span.kind ?? '-'} ${span.name}`);
}

/** The span and its ancestors up to the trace's root, each as "service KIND name". */
function ancestry(spans: readonly ZipkinSpan[], span: ZipkinSpan): string[] {
  const byId = new Map(spans.map((each) => [each.id, each]));
  const chain: ZipkinSpan[] = [];
  for (let at: ZipkinSpan | undefined = span; at && chain.length < 20; at = byId.get(at.parentId ?? '')) {
    chain.push(at);
  }
  return describeSpans(chain);
}

describe('one trace across identity, network-access and the cockpit, in Zipkin', () => {
  const suffix = uniqueRunId();
  const topicPrefix = `t-${suffix}.`;
  const staffNo = `trc${suffix}`;
  const cockpitDatabase = new TemporaryDatabase('traces_ck', suffix);
  let zipkin: { url: string; spansUrl: string };
  let producers: RunningProducers | undefined;
  let cockpit: ServiceProcess | undefined;
  let districtToken: string;
  let schoolOrgId: string;
  let nasId: string;

  const diagnostics = (): string => `${producers?.diagnostics() ?? ''}\n${cockpit?.tail() ?? ''}`;

  /** Waits until the trace holds a span matching each expectation; returns the trace. */
  const traceWith = async (
    traceId: string,
    expected: ReadonlyArray<{ service: string; kind: ZipkinSpan['kind']; name: RegExp }>,
  ): Promise<ZipkinSpan[]> => {
    let spans: ZipkinSpan[] = [];
    const complete = () =>
      expected.every(({ service, kind, name }) =>
        spans.some(
          (span) => span.localEndpoint?.serviceName === service && span.kind === kind && name.test(span.name),
        ),
      );
    await waitFor(
      `trace ${traceId} in Zipkin with ${JSON.stringify(expected.map((e) => e.service))}`,
      20_000,
      async () => {
        spans = (await zipkinJson<ZipkinSpan[]>(`${zipkin.url}/api/v2/trace/${traceId}`)) ?? [];
        return complete();
      },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nspans: ${describeSpans(spans).join('; ')}\n${diagnostics()}`);
    });
    return spans;
  };

  beforeAll(async () => {
    assertProducersBuilt(['identity', 'network-access']);
    assertBuiltFromSources(['apps/cockpit/src']);
    zipkin = await ensureZipkin();
    // Spans leave each process within 100 ms instead of the 5 s default batch delay.
    const tracing = { OTEL_EXPORTER_ZIPKIN_ENDPOINT: zipkin.spansUrl, OTEL_BSP_SCHEDULE_DELAY: '100' };
    cockpit = spawnService({
      name: 'cockpit',
      entry: path.join(ROOT, 'dist/apps/cockpit/src/main.js'),
      preload: path.join(ROOT, 'dist/libs/platform/telemetry/src/preload.js'),
      port: await freePort(),
      env: {
        ...cockpitDatabase.env,
        ...tracing,
        KAFKA_BROKERS: KAFKA_BROKERS.join(','),
        KAFKA_TOPIC_PREFIX: topicPrefix,
        KEYCLOAK_URL,
        COCKPIT_WEB_ROOT: path.join(ROOT, 'dist/apps/cockpit-web'),
      },
    });
    // The cockpit first, as in the dashboard suite: it creates the run's topics the producers then find.
    await cockpit.ready(60_000);
    producers = await startProducers('traces', suffix, topicPrefix, 60_000, tracing);
    districtToken = await passwordGrantToken('district.admin');
    const district = await callApi<{ id: string }>(
      producers.identity,
      districtToken,
      'POST',
      '/orgs',
      { kind: 'district', name: '上海市奉贤区教育局' },
      201,
    );
    const school = await callApi<{ id: string }>(
      producers.identity,
      districtToken,
      'POST',
      '/orgs',
      {
        kind: 'school',
        name: '奉贤区实验中学',
        parentId: district.id,
        schoolCode: SCHOOL,
        stage: 'complete-secondary',
      },
      201,
    );
    schoolOrgId = school.id;
    // Network access learns the school from identity's org event within seconds; until then a NAS of it is
    // refused naming schoolCode.
    const networkAccess = producers.networkAccess;
    const nas = await waitFor(`network access knowing school ${SCHOOL}`, 30_000, () =>
      callApi<{ id: string }>(
        networkAccess,
        districtToken,
        'POST',
        '/nas',
        {
          schoolCode: SCHOOL,
          name: '核心交换机',
          ip: '127.0.0.1',
          sharedSecret: NAS_SECRET,
          vendor: 'huawei',
        },
        201,
      ).catch((error: Error): false => {
        if (error.message.includes('"field":"schoolCode"')) return false;
        throw error;
      }),
    );
    nasId = nas.id;
  }, 120_000);

  afterAll(async () => {
    // Every step runs even when an earlier one fails; the first failure is reported at the end.
    const failures: unknown[] = [];
    const attempt = async (step: () => Promise<unknown>) => {
      await step().catch((error: unknown) => failures.push(error));
    };
    await attempt(async () => producers?.close());
    await attempt(async () => cockpit?.stop());
    await attempt(() => cockpitDatabase.drop());
    await attempt(() => deleteKeycloakAccounts([staffNo]));
    // The services' topics and consumer groups all carry the run's prefix.
    await attempt(() => cleanUpKafka({ topicPrefix }));
    if (failures.length > 0) throw failures[0];
  }, 60_000);

  it('follows a person created over HTTP through identity’s outbox and Kafka into both consumers', async () => {
    // The caller starts the trace (fetch is not instrumented here), so the test knows its id.
    const traceId = randomBytes(16).toString('hex');
    const response = await fetch(`${producers!.identity.baseUrl}/people`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${districtToken}`,
        'content-type': 'application/json',
        traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      },
      body: JSON.stringify({ kind: 'staff', name: '陈老师', orgId: schoolOrgId, staffNo }),
    });
    expect(response.status).toBe(201);

    const spans = await traceWith(traceId, [
      { service: 'identity', kind: 'SERVER', name: /^post \/people$/ },
      { service: 'identity', kind: 'PRODUCER', name: /identity\.person\.created\.v1 publish$/ },
      { service: 'network-access', kind: 'CONSUMER', name: /identity\.person\.created\.v1 process$/ },
      { service: 'cockpit', kind: 'CONSUMER', name: /identity\.person\.created\.v1 process$/ },
      // identity's calls to Keycloak's admin API (fetch, through undici) while it creates the account
      { service: 'identity', kind: 'CLIENT', name: /^post$/ },
    ]);
    // The account is created by a POST to the realm's users, a CLIENT span under the HTTP request.
    const accountCreation = spans.find(
      (span) =>
        span.localEndpoint?.serviceName === 'identity' &&
        span.kind === 'CLIENT' &&
        /\/admin\/realms\/[^/]+\/users$/.test(span.tags?.['url.full'] ?? ''),
    );
    expect(accountCreation?.tags).toMatchObject({
      'http.request.method': 'POST',
      'http.response.status_code': '201',
    });
    expect(ancestry(spans, accountCreation!)).toEqual([
      'identity CLIENT post',
      'identity SERVER post /people',
    ]);
    // One tree: each consumer hangs under the relay's outbox → Kafka span, under the HTTP request.
    for (const service of ['network-access', 'cockpit']) {
      const consumer = spans.find(
        (span) =>
          span.localEndpoint?.serviceName === service && /person\.created\.v1 process$/.test(span.name),
      )!;
      expect(ancestry(spans, consumer)).toEqual([
        expect.stringMatching(new RegExp(`^${service} CONSUMER .*identity\\.person\\.created\\.v1 process$`)),
        expect.stringMatching(/^identity PRODUCER .*identity\.person\.created\.v1 publish$/),
        'identity SERVER post /people',
      ]);
    }
  }, 60_000);

  /** The one trace of a RADIUS request of this run's NAS (RADIUS carries no trace context to search by). */
  const radiusRequestTrace = async (
    spanName: string,
  ): Promise<{ request: ZipkinSpan; spans: ZipkinSpan[] }> => {
    const query = new URLSearchParams({
      serviceName: 'network-access',
      spanName,
      annotationQuery: `edubase.nas_id=${nasId}`,
      limit: '10',
    });
    let traces: ZipkinSpan[][] = [];
    await waitFor(`the ${spanName} span in Zipkin`, 20_000, async () => {
      traces = (await zipkinJson<ZipkinSpan[][]>(`${zipkin.url}/api/v2/traces?${query}`)) ?? [];
      return traces.length > 0;
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n${diagnostics()}`);
    });
    expect(traces).toHaveLength(1);
    const request = traces[0]!.find((span) => span.name === spanName)!;
    expect(request).toMatchObject({ kind: 'SERVER', localEndpoint: { serviceName: 'network-access' } });
    expect(request.tags).toMatchObject({ 'edubase.nas_id': nasId, 'edubase.school_code': SCHOOL });
    expect(request.parentId).toBeUndefined();
    return { request, spans: traces[0]! };
  };

  /** Waits for the cockpit's consumer span of `topic` in the request's trace; returns its ancestry. */
  const cockpitConsumerAncestry = async (request: ZipkinSpan, topic: string): Promise<string[]> => {
    const name = new RegExp(`${topic.replace(/\./g, '\\.')} process$`);
    const spans = await traceWith(request.traceId, [{ service: 'cockpit', kind: 'CONSUMER', name }]);
    const consumer = spans.find(
      (span) => span.localEndpoint?.serviceName === 'cockpit' && name.test(span.name),
    )!;
    return ancestry(spans, consumer);
  };

  it('follows a RADIUS Accounting Start from network-access’s request span into the cockpit', async () => {
    const start = await radclient(producers!.radius.acctPort, 'acct', NAS_SECRET, [
      `User-Name = "${staffNo}"`,
      'Acct-Status-Type = Start',
      `Acct-Session-Id = "trc-${suffix}"`,
      'Calling-Station-Id = "AA-BB-CC-31-00-01"',
      'Framed-IP-Address = 10.31.1.21',
    ]);
    expect(start.code).toBe('Accounting-Response');

    const { request } = await radiusRequestTrace('radius accounting-request');
    expect(request.tags).toMatchObject({ 'radius.acct_status_type': 'Start' });
    expect(await cockpitConsumerAncestry(request, 'netaccess.session.started.v1')).toEqual([
      expect.stringMatching(/^cockpit CONSUMER .*netaccess\.session\.started\.v1 process$/),
      expect.stringMatching(/^network-access PRODUCER .*netaccess\.session\.started\.v1 publish$/),
      'network-access SERVER radius accounting-request',
    ]);
  }, 60_000);

  it('follows a rejected RADIUS Access-Request from network-access’s request span into the cockpit', async () => {
    const login = await radclient(producers!.radius.authPort, 'auth', NAS_SECRET, [
      `User-Name = "nobody${suffix}"`,
      'User-Password = "not-a-password"',
    ]);
    expect(login.code).toBe('Access-Reject');

    const { request } = await radiusRequestTrace('radius access-request');
    expect(request.tags).toMatchObject({
      'edubase.auth_method': 'pap',
      'edubase.reject_reason': 'unknown-user',
    });
    expect(await cockpitConsumerAncestry(request, 'netaccess.auth.rejected.v1')).toEqual([
      expect.stringMatching(/^cockpit CONSUMER .*netaccess\.auth\.rejected\.v1 process$/),
      expect.stringMatching(/^network-access PRODUCER .*netaccess\.auth\.rejected\.v1 publish$/),
      'network-access SERVER radius access-request',
    ]);
  }, 60_000);
});
