import path from 'node:path';
import {
  matrixCallers,
  MatrixCallers,
  reviewedRouteAccessTable,
  runRouteAccessMatrix,
} from '@edubase/testing';
import { RunningCockpit, startCockpit } from './cockpit-app';

jest.setTimeout(300_000);

/**
 * Every route of the cockpit's OpenAPI document, called without a token, with forged, foreign and expired
 * tokens, as each role held district-wide or for school A, and as district systems: the answers must be
 * the reviewed table beside this file (ROUTE_ACCESS_RECORD=1 rewrites it; review the diff).
 */
describe('cockpit route access matrix', () => {
  let cockpit: RunningCockpit;
  let callers: MatrixCallers;

  beforeAll(async () => {
    cockpit = await startCockpit('access');
    callers = await matrixCallers();
  });

  afterAll(async () => {
    await callers?.close();
    await cockpit?.close();
  });

  it('answers every route as the reviewed table says, refuses every forged token, never crashes', async () => {
    const result = await runRouteAccessMatrix(cockpit.baseUrl, callers, {
      // A valid series request, so a school caller asking for another school meets the scope check.
      'GET /api/indicators/series':
        'metric=online.sessions&grain=hour&from=2026-12-01T00:00:00%2B08:00&to=2026-12-01T12:00:00%2B08:00',
    });
    expect(result.acceptedAttacks).toEqual([]);
    expect(result.serverErrors).toEqual([]);
    expect(result.observed).toEqual(
      reviewedRouteAccessTable(path.join(__dirname, 'route-access.table.json'), result.observed),
    );
  });
});
