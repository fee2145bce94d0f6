import { buildEnvelope } from '@edubase/contracts';
import type { Batch, EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { DeadLetterPublisher } from './dead-letter-publisher';
import { PartitionBatchProcessor } from './partition-batch-processor';
import type { TransactionalRunApplier } from './transactional-run';

const TOPIC = 'audit.chain.anchored.v1';

function message(offset: string): KafkaMessage {
  const envelope = buildEnvelope(
    TOPIC,
    {
      service: 'identity',
      seq: 1,
      hash: 'a'.repeat(64),
      previousSeq: 0,
      anchoredAt: new Date().toISOString(),
    },
    { source: 'identity' },
  );
  return {
    offset,
    key: null,
    value: Buffer.from(JSON.stringify(envelope)),
    timestamp: '0',
    attributes: 0,
    headers: {},
  };
}

/** An error as mysql2 raises it when MariaDB is down (TypeORM wraps it as driverError). */
function databaseDown(): Error {
  return Object.assign(new Error('Query failed'), {
    driverError: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' }),
  });
}

/** Runs one single-message batch through the processor whose handler fails as `failures` says. */
async function processOne(failures: Array<() => Error>): Promise<{ deadLettered: number; applied: number }> {
  let applied = 0;
  let calls = 0;
  const runs = {
    apply: async () => {
      const failure = failures[calls++];
      if (failure) throw failure();
      applied += 1;
    },
  } as unknown as TransactionalRunApplier;
  let deadLettered = 0;
  const deadLetters = {
    publish: async () => {
      deadLettered += 1;
    },
  } as unknown as DeadLetterPublisher;
  const processor = new PartitionBatchProcessor({
    topicPrefix: '',
    transactionBatchSize: 10,
    maxAttempts: 3,
    retryBackoff: { initialMs: 1, maxMs: 2, jitter: 0 },
    runs,
    deadLetters,
    stopSignal: new AbortController().signal,
  });
  const batch = { topic: TOPIC, partition: 0, messages: [message('7')] } as unknown as Batch;
  await processor.process({
    batch,
    resolveOffset: () => undefined,
    heartbeat: async () => undefined,
    commitOffsetsIfNecessary: async () => undefined,
    uncommittedOffsets: () => ({ topics: [] }),
    isRunning: () => true,
    isStale: () => false,
  } as unknown as EachBatchPayload);
  return { deadLettered, applied };
}

describe('PartitionBatchProcessor', () => {
  it('retries a message for as long as the database is down, then applies it (no dead letter)', async () => {
    const result = await processOne(Array.from({ length: 10 }, () => databaseDown));
    expect(result).toEqual({ deadLettered: 0, applied: 1 });
  });

  it('dead-letters a message whose handler fails for its own reason maxAttempts times', async () => {
    const bug = () => new Error('payload names an unknown school');
    const result = await processOne([bug, bug, bug, bug]);
    expect(result).toEqual({ deadLettered: 1, applied: 0 });
  });

  it("counts only the message's own failures towards maxAttempts when the database also went away", async () => {
    const bug = () => new Error('payload names an unknown school');
    const result = await processOne([bug, databaseDown, databaseDown, bug, databaseDown]);
    expect(result).toEqual({ deadLettered: 0, applied: 1 });
  });
});
