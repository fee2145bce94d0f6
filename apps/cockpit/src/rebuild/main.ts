import { loadConfig } from '@edubase/config';
import { createKafka } from '@edubase/messaging';
import { databaseConnectionFrom, ensureDatabaseExists } from '@edubase/persistence';
import { DataSource } from 'typeorm';
import { CockpitConfig } from '../cockpit.config';
import { cockpitDataSourceOptions } from '../database/data-source';
import { rebuildProjections, RebuildRefusedError } from './rebuild-projections';

/** `npm run cockpit:rebuild`: drop the projections and replay every consumed topic from the beginning. */
async function main(): Promise<void> {
  const config = loadConfig(CockpitConfig);
  await ensureDatabaseExists(databaseConnectionFrom(config));
  const dataSource = await new DataSource(cockpitDataSourceOptions(config)).initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  const kafka = createKafka({
    clientId: 'cockpit-rebuild',
    brokers: config.kafkaBrokers,
    ...config.kafkaSecurity,
  });
  try {
    const result = await rebuildProjections({
      dataSource,
      kafka,
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      batchSize: config.PROJECTION_BATCH_SIZE,
      log: (message) => console.log(`cockpit:rebuild ${message}`),
    });
    const seconds = result.elapsedMs / 1000;
    console.log(
      `cockpit:rebuild done: ${result.events} events replayed in ${seconds.toFixed(1)} s ` +
        `(${Math.round(result.events / Math.max(seconds, 0.001))} events/s); consumer group ${result.previousGroupId} → ${result.groupId}`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(
    `cockpit:rebuild failed: ${error instanceof RebuildRefusedError ? error.message : String(error)}`,
  );
  process.exit(1);
});
