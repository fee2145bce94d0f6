import path from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  matrixCallers,
  MatrixCallers,
  reviewedRouteAccessTable,
  runRouteAccessMatrix,
} from '@edubase/testing';
import { Harness, startIdentity } from './identity-harness';

jest.setTimeout(300_000);

/**
 * Every route of identity's OpenAPI document, called without a token, with forged, foreign and expired
 * tokens, as each role held district-wide or for school A, and as district systems: the answers must be
 * the reviewed table beside this file (ROUTE_ACCESS_RECORD=1 rewrites it; review the diff). A new route
 * without a row fails here.
 */
describe('identity route access matrix', () => {
  let harness: Harness;
  let callers: MatrixCallers;
  let baseUrl: string;

  beforeAll(async () => {
    harness = await startIdentity('access');
    await harness.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(harness.app.getHttpServer().address() as AddressInfo).port}`;
    callers = await matrixCallers();
  });

  afterAll(async () => {
    await callers?.close();
    await harness?.close();
  });

  it('answers every route as the reviewed table says, refuses every forged token, never crashes', async () => {
    const result = await runRouteAccessMatrix(baseUrl, callers);
    expect(result.acceptedAttacks).toEqual([]);
    expect(result.serverErrors).toEqual([]);
    expect(result.observed).toEqual(
      reviewedRouteAccessTable(path.join(__dirname, 'route-access.table.json'), result.observed),
    );
  });
});
