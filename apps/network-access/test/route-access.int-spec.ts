import path from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  matrixCallers,
  MatrixCallers,
  reviewedRouteAccessTable,
  runRouteAccessMatrix,
} from '@edubase/testing';
import { Harness, startNetworkAccess } from './netaccess-harness';

jest.setTimeout(300_000);

/**
 * Every route of network access's OpenAPI document, called without a token, with forged, foreign and
 * expired tokens, as each role held district-wide or for school A, and as district systems: the answers
 * must be the reviewed table beside this file (ROUTE_ACCESS_RECORD=1 rewrites it; review the diff).
 */
describe('network-access route access matrix', () => {
  let harness: Harness;
  let callers: MatrixCallers;
  let baseUrl: string;

  beforeAll(async () => {
    harness = await startNetworkAccess('access');
    await harness.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(harness.app.getHttpServer().address() as AddressInfo).port}`;
    callers = await matrixCallers();
  });

  afterAll(async () => {
    await callers?.close();
    await harness?.close();
  });

  it('answers every route as the reviewed table says, refuses every forged token, never crashes', async () => {
    const result = await runRouteAccessMatrix(baseUrl, callers, {
      'GET /trace/ip':
        'ip=10.31.0.20&at=2026-12-01T10:00:00%2B08:00&caseReason=%E5%85%AC%E5%AE%89%E5%8D%8F%E6%9F%A5',
      'GET /trace/mac':
        'mac=AA:BB:CC:DD:EE:01&at=2026-12-01T10:00:00%2B08:00&caseReason=%E5%85%AC%E5%AE%89%E5%8D%8F%E6%9F%A5',
      'GET /trace/people/{personId}': 'caseReason=%E5%85%AC%E5%AE%89%E5%8D%8F%E6%9F%A5',
    });
    expect(result.acceptedAttacks).toEqual([]);
    expect(result.serverErrors).toEqual([]);
    expect(result.observed).toEqual(
      reviewedRouteAccessTable(path.join(__dirname, 'route-access.table.json'), result.observed),
    );
  });
});
