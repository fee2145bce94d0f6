import type { EventEnvelope, Topic } from '@edubase/contracts';
import type { ProjectionBatch } from './projection-batch';
import type { ProjectionTable } from './projection-table';

/** The envelope of any one of the topics `T` (distributes over a union of topics). */
export type EnvelopeOf<T extends Topic> = T extends Topic ? EventEnvelope<T> : never;

/** Folds one event into the batch's pending writes. Pure: no I/O, no clock (replays must end identical). */
export type ProjectionStep<T extends Topic> = (envelope: EventEnvelope<T>, batch: ProjectionBatch) => void;

export type ProjectionSteps = { [T in Topic]?: ProjectionStep<T> };

/**
 * The indicators of one family of topics (people and roles, sessions, devices…), in one file with the
 * state tables it writes. A later domain adds a projector file and one line in `indicatorProjectors`.
 */
export interface IndicatorProjector {
  readonly name: string;
  /** The state tables its steps write (defined in the same file): entities, migrations and rebuild follow. */
  readonly tables: readonly ProjectionTable[];
  readonly steps: ProjectionSteps;
}

export function topicsOf(projector: IndicatorProjector): Topic[] {
  return Object.keys(projector.steps) as Topic[];
}
