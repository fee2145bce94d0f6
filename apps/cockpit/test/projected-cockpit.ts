import { cleanUpKafka, TemporaryDatabase, uniqueRunId, waitFor } from '@edubase/testing';
import type { DataSource } from 'typeorm';
import { IndicatorsService } from '../src/indicators/indicators.service';
import { setActiveConsumerGroup } from '../src/projections/consumer-group';
import { ProjectionEngine } from '../src/projections/projection-engine';
import { AnyEnvelope, EventProducer, openCockpitDatabase, testKafka } from './cockpit-test-kit';

/** The projections and the indicator reads without HTTP or Keycloak: what an indicator's own test needs. */
export interface ProjectedCockpit {
  dataSource: DataSource;
  indicators: IndicatorsService;
  /** Publishes the envelopes and returns once the projection engine has committed all of them. */
  project(envelopes: readonly AnyEnvelope[]): Promise<void>;
  close(): Promise<void>;
}

/** Own database, topic prefix and consumer group, all removed by `close()`. */
export async function startProjections(suite: string): Promise<ProjectedCockpit> {
  const suffix = uniqueRunId();
  const database = new TemporaryDatabase(suite, suffix);
  const topicPrefix = `t-${suffix}.`;
  const groupId = `t-cockpit-${suffix}`;
  const dataSource = await openCockpitDatabase(database);
  await setActiveConsumerGroup(dataSource.manager, groupId);
  const kafka = testKafka();
  const producer = new EventProducer(kafka, topicPrefix);
  let committed = 0;
  let sent = 0;
  const engine = new ProjectionEngine({
    dataSource,
    kafka,
    groupId,
    topicPrefix,
    onEventsCommitted: (envelopes) => {
      committed += envelopes.length;
    },
  });
  await engine.start();
  return {
    dataSource,
    indicators: new IndicatorsService(dataSource),
    project: async (envelopes) => {
      await producer.send(envelopes);
      sent += envelopes.length;
      await waitFor(`${sent} events projected`, 60_000, () => committed >= sent);
    },
    close: async () => {
      await engine.stop();
      await producer.close();
      await dataSource.destroy();
      await database.drop();
      await cleanUpKafka({ topicPrefix, consumerGroups: [groupId] });
    },
  };
}
