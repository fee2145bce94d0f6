import { createServiceApp } from '@edubase/http';
import { cleanUpKafka, TemporaryDatabase, uniqueRunId } from '@edubase/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { AppModule } from '../src/app.module';
import { CockpitConfig } from '../src/cockpit.config';
import { serveDashboard } from '../src/web/serve-dashboard';
import { EventProducer, testKafka } from './cockpit-test-kit';

/** A whole cockpit on a random port with its own database, topics and consumer group. */
export interface RunningCockpit {
  app: NestFastifyApplication;
  baseUrl: string;
  topicPrefix: string;
  database: TemporaryDatabase;
  producer: EventProducer;
  close(): Promise<void>;
}

export async function startCockpit(suite: string, env: Record<string, string> = {}): Promise<RunningCockpit> {
  const suffix = uniqueRunId();
  const database = new TemporaryDatabase(suite, suffix);
  const topicPrefix = `t-${suffix}.`;
  const consumerGroup = `t-cockpit-${suffix}`;
  const app = await createServiceApp(AppModule.forRoot({ consumerGroup }), {
    serviceName: 'cockpit',
    title: 'cockpit (test)',
    description: 'test instance',
    configClass: CockpitConfig,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DB_NAME: database.name,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      LIVE_PUSH_INTERVAL_MS: '100',
      ...env,
    },
  });
  await serveDashboard(app, app.get(CockpitConfig).COCKPIT_WEB_ROOT);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  const producer = new EventProducer(testKafka(), topicPrefix);
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    topicPrefix,
    database,
    producer,
    close: async () => {
      await producer.close();
      await app.close();
      await database.drop();
      await cleanUpKafka({ topicPrefix, consumerGroups: [consumerGroup] });
    },
  };
}

/** Reads a text/event-stream with fetch, as the dashboard does, collecting `overview` events. */
export class LiveStream<T> {
  readonly events: T[] = [];
  private readonly abort = new AbortController();
  readonly status: Promise<number>;

  constructor(url: string, token: string) {
    this.status = this.read(url, token);
  }

  private async read(url: string, token: string): Promise<number> {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
      signal: this.abort.signal,
    });
    if (!response.ok || !response.body) return response.status;
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = frame
              .split('\n')
              .filter((line) => line.startsWith('data: '))
              .map((line) => line.slice(6))
              .join('\n');
            if (frame.includes('event: overview') && data) this.events.push(JSON.parse(data) as T);
          }
        }
      } catch {
        // aborted
      }
    })();
    return response.status;
  }

  close(): void {
    this.abort.abort();
  }
}
