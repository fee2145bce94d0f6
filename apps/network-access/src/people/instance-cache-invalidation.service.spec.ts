import type { HeardEvent } from '@edubase/messaging';
import { InstanceCacheInvalidation } from './instance-cache-invalidation.service';

function service() {
  const calls: string[] = [];
  const access = {
    forgetPasswords: (id: string) => calls.push(`passwords ${id}`),
    forgetVerifier: (id: string) => calls.push(`verifier ${id}`),
  };
  const directory = {
    invalidate: (id: string, staffNo: string | null) => calls.push(`directory ${id} ${staffNo}`),
  };
  const invalidation = new InstanceCacheInvalidation(
    {} as never,
    {} as never,
    {} as never,
    access as never,
    directory as never,
  );
  return { invalidation, calls };
}

const event = (topic: string, data: Record<string, unknown>): HeardEvent => ({
  topic,
  eventId: 'e1',
  envelope: { data },
});

describe('InstanceCacheInvalidation (what every instance forgets on identity events)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('drops a deactivated person from the directory and the verifier cache, again after 15 s', () => {
    const { invalidation, calls } = service();
    invalidation.forget(
      event('identity.person.deactivated.v1', { personId: 'p1', staffNo: 'T001', status: 'left' }),
    );
    expect(calls).toEqual(['verifier p1', 'directory p1 T001']);
    jest.advanceTimersByTime(15_000);
    expect(calls).toEqual(['verifier p1', 'directory p1 T001', 'verifier p1', 'directory p1 T001']);
  });

  it('forgets remembered passwords on a credentials change, and only the directory entry of an active update', () => {
    const { invalidation, calls } = service();
    invalidation.forget(event('identity.person.credentials-changed.v1', { personId: 'p2' }));
    invalidation.forget(
      event('identity.person.updated.v1', { personId: 'p3', staffNo: 'T003', status: 'active' }),
    );
    invalidation.forget(event('identity.person.updated.v1', { name: 'no person id' }));
    expect(calls).toEqual(['passwords p2', 'directory p3 T003']);
  });

  it('keeps the verifier when a role is granted or revoked (those events carry no status): only the VLAN changes', () => {
    const { invalidation, calls } = service();
    invalidation.forget(event('identity.role.granted.v1', { personId: 'p4', role: 'teacher' }));
    invalidation.forget(event('identity.role.revoked.v1', { personId: 'p4', role: 'teacher' }));
    expect(calls).toEqual(['directory p4 null', 'directory p4 null']);
  });
});
