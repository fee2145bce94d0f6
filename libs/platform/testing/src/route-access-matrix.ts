import { readFileSync, writeFileSync } from 'node:fs';
import {
  ATTACK_CALLERS,
  matrixCallers,
  MatrixCallers,
  OTHER_SCHOOL,
  OWN_SCHOOL,
  ROLE_CALLERS,
  RoleCaller,
} from './route-access-callers';

/** Per route (`GET /people/{id}`, with `?schoolCode=A|B` variants): `public`, or the callers it lets in. */
export type RouteAccessTable = Record<string, 'public' | RoleCaller[]>;

interface OpenApiParameter {
  name: string;
  in: string;
}
interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, unknown> };
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

interface RouteProbe {
  key: string;
  method: string;
  url: string;
  contentType: string | null;
}

const SCHOOL_QUERY = /^(schoolCode|school)$/;
const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function pathValue(name: string): string {
  if (/school/i.test(name)) return OWN_SCHOOL;
  if (/staffNo/i.test(name)) return 'no-such-staff-no';
  return PLACEHOLDER_ID;
}

/**
 * Every operation of the document, and for a `schoolCode` query one variant per school. `queries` gives
 * a route the valid query it needs (keyed `GET /path`), so its school decision is reached rather than
 * its validation: a 400 counts as let in.
 */
export function routeProbes(document: OpenApiDocument, queries: Record<string, string> = {}): RouteProbe[] {
  const probes: RouteProbe[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!METHODS.includes(method)) continue;
      const key = `${method.toUpperCase()} ${path}`;
      const query = queries[key];
      const url = `${path.replace(/\{([^}]+)\}/g, (_match, name: string) => pathValue(name))}${query ? `?${query}` : ''}`;
      const types = Object.keys(operation.requestBody?.content ?? {});
      const contentType =
        method === 'get' || method === 'delete'
          ? null
          : (types.find((type) => type.includes('json')) ?? types[0] ?? 'application/json');
      probes.push({ key, method: method.toUpperCase(), url, contentType });
      const school = operation.parameters?.find((p) => p.in === 'query' && SCHOOL_QUERY.test(p.name));
      if (!school) continue;
      for (const [label, code] of [
        ['A', OWN_SCHOOL],
        ['B', OTHER_SCHOOL],
      ] as const)
        probes.push({
          key: `${key}?${school.name}=${label}`,
          method: method.toUpperCase(),
          url: `${url}${query ? '&' : '?'}${school.name}=${code}`,
          contentType,
        });
    }
  }
  return probes.sort((a, b) => a.key.localeCompare(b.key));
}

async function statusOf(baseUrl: string, probe: RouteProbe, token: string | null): Promise<number> {
  const body = probe.contentType === null ? undefined : probe.contentType.includes('json') ? '{}' : '';
  const response = await fetch(`${baseUrl}${probe.url}`, {
    method: probe.method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(probe.contentType === null ? {} : { 'content-type': probe.contentType }),
    },
    ...(body === undefined ? {} : { body }),
    signal: AbortSignal.timeout(30_000),
  });
  // Only the status matters; a stream (server-sent events) is never read to its end.
  await response.body?.cancel();
  return response.status;
}

async function inBatches<T>(
  items: readonly T[],
  size: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  for (let index = 0; index < items.length; index += size)
    await Promise.all(items.slice(index, index + size).map(run));
}

export interface MatrixResult {
  /** What every route did for each role caller, in the table's shape. */
  observed: RouteAccessTable;
  /** Any non-public route that did not answer 401 to a missing, forged, foreign or expired token. */
  acceptedAttacks: string[];
  /** Any answer of 500 and above: a route must refuse, not crash. */
  serverErrors: string[];
}

/**
 * Calls every route of a running service (its OpenAPI document at /docs-json) as every caller. A route is
 * public when it answers a request without a token with anything but 401; a caller is let in when the
 * answer is neither 401 nor 403 (a 400 for the empty body, a 404 for the placeholder id are past the guard).
 */
export async function runRouteAccessMatrix(
  baseUrl: string,
  callers: MatrixCallers,
  queries: Record<string, string> = {},
): Promise<MatrixResult> {
  const document = (await (await fetch(`${baseUrl}/docs-json`)).json()) as OpenApiDocument;
  const probes = routeProbes(document, queries);
  const observed: RouteAccessTable = {};
  const acceptedAttacks: string[] = [];
  const serverErrors: string[] = [];
  await inBatches(probes, 6, async (probe) => {
    const anonymous = await statusOf(baseUrl, probe, null);
    if (anonymous !== 401) {
      observed[probe.key] = 'public';
      return;
    }
    for (const attack of ATTACK_CALLERS) {
      const status = await statusOf(baseUrl, probe, callers.tokens.get(attack) ?? null);
      if (status !== 401) acceptedAttacks.push(`${probe.key}: ${attack} → ${status}`);
    }
    const allowed: RoleCaller[] = [];
    for (const caller of ROLE_CALLERS) {
      const status = await statusOf(baseUrl, probe, callers.tokens.get(caller) ?? null);
      if (status >= 500) serverErrors.push(`${probe.key}: ${caller} → ${status}`);
      if (status !== 401 && status !== 403) allowed.push(caller);
    }
    observed[probe.key] = allowed;
  });
  return { observed: sortedTable(observed), acceptedAttacks, serverErrors };
}

function sortedTable(table: RouteAccessTable): RouteAccessTable {
  return Object.fromEntries(Object.entries(table).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The reviewed table of a service; with ROUTE_ACCESS_RECORD=1 the observed one is written over it first
 * (then review the diff before committing it).
 */
export function reviewedRouteAccessTable(path: string, observed: RouteAccessTable): RouteAccessTable {
  if (process.env.ROUTE_ACCESS_RECORD === '1') {
    const lines = Object.entries(observed).map(
      ([key, rule]) => `  ${JSON.stringify(key)}: ${JSON.stringify(rule)}`,
    );
    writeFileSync(path, `{\n${lines.join(',\n')}\n}\n`);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as RouteAccessTable;
}

/** A running service the matrix calls over HTTP. */
export interface MatrixTarget {
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The route access suite of one service: starts it, makes the callers, calls every route as each of them
 * and compares with the reviewed table at `tablePath` (`queries`: see `routeProbes`).
 */
export function describeRouteAccessMatrix(
  service: string,
  start: () => Promise<MatrixTarget>,
  tablePath: string,
  queries: Record<string, string> = {},
): void {
  describe(`${service} route access matrix`, () => {
    let target: MatrixTarget | undefined;
    let callers: MatrixCallers | undefined;

    beforeAll(async () => {
      target = await start();
      callers = await matrixCallers();
    }, 300_000);

    afterAll(async () => {
      await callers?.close();
      await target?.close();
    });

    it('answers every route as the reviewed table says, refuses every forged token, never crashes', async () => {
      const result = await runRouteAccessMatrix(target!.baseUrl, callers!, queries);
      expect(result.acceptedAttacks).toEqual([]);
      expect(result.serverErrors).toEqual([]);
      expect(result.observed).toEqual(reviewedRouteAccessTable(tablePath, result.observed));
    }, 300_000);
  });
}
