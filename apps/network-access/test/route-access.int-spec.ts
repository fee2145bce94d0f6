import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { describeRouteAccessMatrix } from '@edubase/testing';
import { startNetworkAccess } from './netaccess-harness';

const caseReason = encodeURIComponent('公安协查');
const at = encodeURIComponent('2026-12-01T10:00:00+08:00');

/**
 * Every route of network access's OpenAPI document as every caller (see @edubase/testing's matrix): the
 * answers must be the reviewed table beside this file (ROUTE_ACCESS_RECORD=1 rewrites it; review the diff).
 * Trace routes get a valid query, so their school decision is reached rather than their validation.
 */
describeRouteAccessMatrix(
  'network-access',
  async () => {
    const harness = await startNetworkAccess('access');
    await harness.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = harness.app.getHttpServer().address() as AddressInfo;
    return { baseUrl: `http://127.0.0.1:${port}`, close: () => harness.close() };
  },
  path.join(__dirname, 'route-access.table.json'),
  {
    'GET /trace/ip': `ip=10.31.0.20&at=${at}&caseReason=${caseReason}`,
    'GET /trace/mac': `mac=AA:BB:CC:DD:EE:01&at=${at}&caseReason=${caseReason}`,
    'GET /trace/people/{personId}': `caseReason=${caseReason}`,
    'GET /trace/public': `ip=202.121.1.10&port=20345&at=${at}&caseReason=${caseReason}`,
  },
);
