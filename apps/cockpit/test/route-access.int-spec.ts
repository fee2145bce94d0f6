import path from 'node:path';
import { describeRouteAccessMatrix } from '@edubase/testing';
import { startCockpit } from './cockpit-app';

/**
 * Every route of the cockpit's OpenAPI document as every caller (see @edubase/testing's matrix): the answers
 * must be the reviewed table beside this file (ROUTE_ACCESS_RECORD=1 rewrites it; review the diff). The
 * series route gets a valid query, so a school caller asking for another school meets the scope check.
 */
describeRouteAccessMatrix(
  'cockpit',
  () => startCockpit('access'),
  path.join(__dirname, 'route-access.table.json'),
  {
    'GET /api/indicators/series': `metric=online.sessions&grain=hour&from=${encodeURIComponent('2026-12-01T00:00:00+08:00')}&to=${encodeURIComponent('2026-12-01T12:00:00+08:00')}`,
  },
);
