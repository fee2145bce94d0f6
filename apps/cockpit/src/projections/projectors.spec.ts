import { allTopics } from '@edubase/contracts';
import type { IndicatorProjector } from './indicator-projector';
import { DISTRICT_SCOPE, eventVersion, ProjectionBatch } from './projection-batch';
import { consumedTopics, indicatorProjectors, projectorsByTopic } from './projectors';

describe('indicator projectors', () => {
  it('project every event of every domain but credential changes, each by exactly one projector', () => {
    // A changed password or disabled login changes no indicator (deactivation comes as its own event).
    const notIndicators = new Set(['identity.person.credentials-changed.v1', 'audit.chain.anchored.v1']);
    const expected = allTopics.filter((topic) => !notIndicators.has(topic)).sort();
    expect([...consumedTopics].sort()).toEqual(expected);
  });

  it('refuses two projectors claiming one topic', () => {
    const twice: IndicatorProjector = {
      name: 'again',
      tables: [],
      steps: { 'netaccess.nas.registered.v1': () => undefined },
    };
    expect(() => projectorsByTopic([...indicatorProjectors, twice])).toThrow(
      'netaccess.nas.registered.v1 is projected by both devices and again',
    );
  });
});

describe('ProjectionBatch', () => {
  it('orders versions by event time first, then id', () => {
    const earlier = eventVersion('2026-03-05T08:00:00+08:00', 'ffffffff-0000-0000-0000-000000000000');
    const later = eventVersion('2026-03-05T00:00:01Z', '00000000-0000-0000-0000-000000000000');
    expect(earlier < later).toBe(true);
  });

  it('marks the district and the school as changed when counting', () => {
    const batch = new ProjectionBatch();
    batch.count('session.started', '3101200001', new Date());
    batch.count('session.started', null, new Date());
    expect([...batch.changedScopes].sort()).toEqual(['3101200001', DISTRICT_SCOPE]);
    expect(batch.isEmpty).toBe(false);
  });
});
