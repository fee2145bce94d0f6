import { randomUUID } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import { ensureInfraUp, waitFor } from '@edubase/testing';
import {
  Context,
  context,
  ContextManager,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { Producer } from 'kafkajs';
import { EntityManager } from 'typeorm';
import { DeadLetter, MessagingTestBed } from '../test/messaging-test-bed';
import { personPayload } from '../test/person-projection';
import { DLQ_HEADERS, OutboxPublisher } from './index';

const TOPIC = 'identity.person.created.v1';

/** Minimal AsyncLocalStorage context manager, so `context.with` propagates across awaits in this test. */
class TestContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.storage.run(ctx, () => fn.call(thisArg, ...args));
  }
  bind<T>(_context: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.storage.disable();
    return this;
  }
}

const personCreated = (personId: string) => personPayload(personId, { name: '王老师' });

// Compile-time contract, checked by `tsc`: a payload of another topic does not type-check.
function wrongTopicPayload(publisher: OutboxPublisher, manager: EntityManager): Promise<unknown> {
  // @ts-expect-error a person payload cannot be published on an org topic
  return publisher.publish(manager, 'identity.org.created.v1', personCreated('p-1'), { aggregateKey: 'p-1' });
}
void wrongTopicPayload;

describe('dead-letter queue and trace continuation', () => {
  const spans = new InMemorySpanExporter();
  const handled: Array<{ personId: string; traceId: string | undefined }> = [];
  let bed: MessagingTestBed;
  let kafkaTopic: string;
  let rawProducer: Producer;
  let deadLetters: DeadLetter[];

  beforeAll(async () => {
    context.setGlobalContextManager(new TestContextManager());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }),
    );

    // This suite often runs right after the one that kills and restarts the broker: make sure it is up.
    await ensureInfraUp(['kafka']);
    bed = await MessagingTestBed.open('messaging-dlq', {
      tables: [
        'CREATE TABLE person_view (person_id VARCHAR(50) NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL)',
      ],
    });
    kafkaTopic = bed.kafkaTopic(TOPIC);
    const consumer = bed
      .consumer({ maxAttempts: 2, retryBackoff: { initialMs: 50, maxMs: 100, jitter: 0 } })
      .on(TOPIC, async (envelope, manager) => {
        if (envelope.data.name === 'poison') throw new Error('projection refuses poison');
        await manager.query('INSERT INTO person_view (person_id, name) VALUES (?, ?)', [
          envelope.data.personId,
          envelope.data.name,
        ]);
        handled.push({
          personId: envelope.data.personId,
          traceId: trace.getActiveSpan()?.spanContext().traceId,
        });
      });
    await consumer.start();
    bed.relay().start();

    rawProducer = await bed.rawProducer();
    const dlqReader = await bed.deadLetterReader(TOPIC);
    deadLetters = dlqReader.letters;
    // Right after a broker restart the group coordinator may still be loading: publish only once both
    // groups have their partitions, so no late rebalance redelivers what a test already counted.
    await consumer.whenJoined(60_000);
    await dlqReader.whenJoined(60_000);
  }, 150_000);

  afterAll(async () => {
    await bed?.close();
  }, 60_000);

  const settled = (what: string, check: () => boolean): Promise<true> =>
    waitFor(what, 45_000, check, { intervalMs: 50 });

  it('sends a malformed message to <topic>.dlq with its error, then processes the next valid message', async () => {
    const garbage = '{"id": "not-a-uuid", "type": "identity.person.created.v1", truncated';
    await rawProducer.send({
      topic: kafkaTopic,
      messages: [{ key: 'person-x', value: garbage, headers: { origin: 'raw-test' } }],
    });
    await rawProducer.send({
      topic: kafkaTopic,
      messages: [
        {
          key: 'person-x',
          value: JSON.stringify({
            id: randomUUID(),
            type: TOPIC,
            version: 1,
            source: 'raw-test',
            occurredAt: new Date().toISOString(),
            data: personCreated('person-after-garbage'),
          }),
        },
      ],
    });

    await settled('the dead letter', () => deadLetters.length >= 1);
    const [letter] = deadLetters;
    expect(letter!.value).toBe(garbage);
    expect(letter!.key).toBe('person-x');
    expect(letter!.headers).toMatchObject({
      origin: 'raw-test',
      [DLQ_HEADERS.reason]: 'invalid',
      [DLQ_HEADERS.sourceTopic]: kafkaTopic,
      [DLQ_HEADERS.group]: bed.consumerGroup,
    });
    expect(letter!.headers[DLQ_HEADERS.error]).toMatch(/^malformed JSON/);
    expect(letter!.headers[DLQ_HEADERS.partition]).toMatch(/^[0-2]$/);
    expect(letter!.headers[DLQ_HEADERS.offset]).toMatch(/^\d+$/);

    await settled('the valid message after it', () =>
      handled.some((entry) => entry.personId === 'person-after-garbage'),
    );
    expect(await bed.counter('edubase_messaging_dead_lettered_total', { reason: 'invalid' })).toBe(1);
  });

  it('retries a handler that keeps throwing, dead-letters it, and carries on with the partition', async () => {
    const publisher = new OutboxPublisher(bed.name);
    await bed.dataSource.transaction(async (manager) => {
      await publisher.publish(
        manager,
        TOPIC,
        { ...personCreated('person-poison'), name: 'poison' },
        {
          aggregateKey: 'person-p',
        },
      );
      await publisher.publish(manager, TOPIC, personCreated('person-after-poison'), {
        aggregateKey: 'person-p',
      });
    });

    await settled('the valid message after the poison one', () =>
      handled.some((entry) => entry.personId === 'person-after-poison'),
    );
    const poison = deadLetters.find((letter) => letter.headers[DLQ_HEADERS.reason] === 'poison');
    expect(poison?.headers).toMatchObject({
      [DLQ_HEADERS.error]: 'projection refuses poison',
      [DLQ_HEADERS.attempts]: '2',
      'edubase-event-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(JSON.parse(poison!.value).data.personId).toBe('person-poison');
    const rows = await bed.dataSource.query(
      'SELECT person_id AS personId FROM person_view ORDER BY person_id',
    );
    expect(rows.map((row: { personId: string }) => row.personId)).toEqual([
      'person-after-garbage',
      'person-after-poison',
    ]);
  });

  it('continues the publisher trace in the consumer span', async () => {
    const publisher = new OutboxPublisher(bed.name);
    const tracer = trace.getTracer('test');
    const publishTraceId = await tracer.startActiveSpan('POST /people', async (span) => {
      await bed.dataSource.transaction((manager) =>
        publisher.publish(manager, TOPIC, personCreated('person-traced'), { aggregateKey: 'person-t' }),
      );
      span.end();
      return span.spanContext().traceId;
    });

    await settled('the traced event', () => handled.some((entry) => entry.personId === 'person-traced'));
    expect(handled.find((entry) => entry.personId === 'person-traced')?.traceId).toBe(publishTraceId);
    const consumerSpan = spans
      .getFinishedSpans()
      .find((span) => span.name === `${kafkaTopic} process` && span.spanContext().traceId === publishTraceId);
    expect(consumerSpan?.kind).toBe(SpanKind.CONSUMER);
  });
});
