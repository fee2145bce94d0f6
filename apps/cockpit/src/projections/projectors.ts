import type { Topic } from '@edubase/contracts';
import { orgProjector } from './identity/org.projector';
import { peopleProjector } from './identity/people.projector';
import { indicatorBucketTable } from './indicator-bucket.table';
import { IndicatorProjector, topicsOf } from './indicator-projector';
import { devicesProjector } from './netaccess/devices.projector';
import { sessionsProjector } from './netaccess/sessions.projector';
import type { ProjectionTable } from './projection-table';
import { governanceComplianceProjector } from './governance/compliance.projector';
import { governanceDatasetsProjector } from './governance/datasets.projector';
import { governanceSystemsProjector } from './governance/systems.projector';

/** Every projector of the cockpit. A new domain (projects, training, governance) adds one line here. */
export const indicatorProjectors: readonly IndicatorProjector[] = [
  orgProjector,
  peopleProjector,
  sessionsProjector,
  devicesProjector,
  governanceSystemsProjector,
  governanceDatasetsProjector,
  governanceComplianceProjector,
];

/** The one projector of each consumed topic; two projectors claiming a topic is a programming error. */
export function projectorsByTopic(projectors: readonly IndicatorProjector[]): Map<Topic, IndicatorProjector> {
  const byTopic = new Map<Topic, IndicatorProjector>();
  for (const projector of projectors) {
    for (const topic of topicsOf(projector)) {
      const other = byTopic.get(topic);
      if (other) throw new Error(`${topic} is projected by both ${other.name} and ${projector.name}`);
      byTopic.set(topic, projector);
    }
  }
  return byTopic;
}

/** Every projection table: what the entities, `cockpit:rebuild` (which empties them) and tests list. */
export const projectionTables: readonly ProjectionTable[] = [
  indicatorBucketTable,
  ...indicatorProjectors.flatMap((projector) => projector.tables),
];

export const consumedTopics: readonly Topic[] = [...projectorsByTopic(indicatorProjectors).keys()];
