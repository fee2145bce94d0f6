import path from 'node:path';
import {
  matrixCallers,
  MatrixCallers,
  reviewedRouteAccessTable,
  runRouteAccessMatrix,
} from '@edubase/testing';
import { Harness, startGovernance } from './governance-harness';

jest.setTimeout(300_000);

/**
 * Every route of governance's OpenAPI document as every caller (no token, forged, foreign and expired tokens,
 * each role district-wide and for school A, district systems): the answers must be the reviewed table beside
 * this file (ROUTE_ACCESS_RECORD=1 rewrites it; review the diff). A new route without a row fails here.
 */
describe('governance route access matrix', () => {
  let harness: Harness;
  let callers: MatrixCallers;

  beforeAll(async () => {
    harness = await startGovernance('access');
    callers = await matrixCallers();
  });

  afterAll(async () => {
    await callers?.close();
    await harness?.close();
  });

  it('answers every route as the reviewed table says, refuses every forged token, never crashes', async () => {
    const result = await runRouteAccessMatrix(harness.baseUrl, callers);
    expect(result.acceptedAttacks).toEqual([]);
    expect(result.serverErrors).toEqual([]);
    expect(result.observed).toEqual(
      reviewedRouteAccessTable(path.join(__dirname, 'route-access.table.json'), result.observed),
    );
  });
});
