import { sharedFieldsFor } from './shared-data-access';
import type { SharedDataGrant } from './shared-data-grant.entity';

const grant = (overrides: Partial<SharedDataGrant> = {}): SharedDataGrant =>
  ({
    scope: 'share-1a2b3c4d',
    requestId: 'r1',
    clientId: 'xq-jw',
    dataset: 'person',
    fields: ['name', 'school_code'],
    startsOn: '2027-01-10',
    endsOn: '2027-01-31',
    status: 'approved',
    ...overrides,
  }) as SharedDataGrant;

const ask = { clientId: 'xq-jw', dataset: 'person', today: '2027-01-10' };

describe('shared data access', () => {
  it('gives the approved fields while the period runs, both ends included', () => {
    expect(sharedFieldsFor([grant()], ask)).toEqual({
      allowed: true,
      fields: ['name', 'school_code'],
      scopes: ['share-1a2b3c4d'],
    });
    expect(sharedFieldsFor([grant()], { ...ask, today: '2027-01-31', fields: ['name'] })).toMatchObject({
      allowed: true,
      fields: ['name'],
    });
  });

  it('refuses before the start, after the end, once expired, and for another client or dataset', () => {
    for (const [grants, request] of [
      [[grant()], { ...ask, today: '2027-01-09' }],
      [[grant()], { ...ask, today: '2027-02-01' }],
      [[grant({ status: 'expired' })], ask],
      [[grant({ clientId: 'other' })], ask],
      [[grant({ dataset: 'org_unit' })], ask],
      [[], ask],
    ] as const)
      expect(sharedFieldsFor(grants, request).allowed).toBe(false);
  });

  it('refuses a request naming any field outside the approval, and unions running grants', () => {
    expect(sharedFieldsFor([grant()], { ...ask, fields: ['name', 'id_card_no'] })).toEqual({
      allowed: false,
      reason: 'Fields not approved for sharing with this client: id_card_no.',
    });
    const second = grant({ scope: 'share-99999999', fields: ['id_card_no'] });
    expect(sharedFieldsFor([grant(), second], { ...ask, fields: ['name', 'id_card_no'] })).toMatchObject({
      allowed: true,
      scopes: ['share-1a2b3c4d', 'share-99999999'],
    });
  });
});
