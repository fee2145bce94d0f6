import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { describeRouteAccessMatrix } from '@edubase/testing';
import { startIdentity } from './identity-harness';

/**
 * Every route of identity's OpenAPI document, called without a token, with forged, foreign and expired
 * tokens, as each role held district-wide or for school A, and as district systems: the answers must be
 * the reviewed table beside this file (ROUTE_ACCESS_RECORD=1 rewrites it; review the diff). A new route
 * without a row fails here.
 */
describeRouteAccessMatrix(
  'identity',
  async () => {
    const harness = await startIdentity('access');
    await harness.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = harness.app.getHttpServer().address() as AddressInfo;
    return { baseUrl: `http://127.0.0.1:${port}`, close: () => harness.close() };
  },
  path.join(__dirname, 'route-access.table.json'),
);
