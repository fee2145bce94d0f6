import { AssignerProtocol, Kafka } from 'kafkajs';
import type { Overview } from '@edubase/cockpit-api';
import { kafkaTopicName, murmur2 } from '@edubase/messaging';
import { KAFKA_BROKERS } from '@edubase/testing';

/** RADIUS datagrams an instance has received since it started (its Prometheus counter). */
export async function radiusReceived(baseUrl: string): Promise<{ auth: number; acct: number }> {
  const text = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5_000) })
    .then((response) => response.text())
    .catch(() => '');
  const value = (port: string) =>
    Number(new RegExp(`netaccess_radius_received_total\\{port="${port}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return { auth: value('auth'), acct: value('acct') };
}

/**
 * The cockpit's live stream as the dashboard reads it (fetch + a ReadableStream, bearer token): keeps the
 * latest `overview` event and how many arrived.
 */
export class LiveClient {
  latest: Overview | null = null;
  updates = 0;
  private readonly abort = new AbortController();

  private constructor() {}

  static async connect(baseUrl: string, token: () => Promise<string>): Promise<LiveClient> {
    const client = new LiveClient();
    const response = await fetch(`${baseUrl}/api/live`, {
      headers: { authorization: `Bearer ${await token()}`, accept: 'text/event-stream' },
      signal: client.abort.signal,
    });
    if (response.status !== 200 || !response.body) throw new Error(`GET /api/live: ${response.status}`);
    void client.read(response.body).catch(() => undefined);
    return client;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^event: overview\ndata: (.*)$/m.exec(frame)?.[1];
        if (!data) continue;
        this.latest = JSON.parse(data) as Overview;
        this.updates += 1;
      }
    }
  }

  close(): void {
    this.abort.abort();
  }
}

/** The partition the relay sends an aggregate's events to (KeyHashPartitioner). */
export const partitionOfKey = (key: string, partitions: number): number =>
  (murmur2(Buffer.from(key)) & 0x7fffffff) % partitions;

/**
 * Which partitions of a topic each member of a consumer group holds (from the group's assignment), and how
 * many the topic has: with two members both holding some, each instance consumes only part of the topic.
 */
export async function groupAssignment(
  groupId: string,
  topic: string,
  topicPrefix: string,
): Promise<{ partitions: number; members: number[][] }> {
  const kafka = new Kafka({ clientId: 'scale-out-test', brokers: KAFKA_BROKERS, logLevel: 0 });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    const name = kafkaTopicName(topic, topicPrefix);
    const metadata = await admin.fetchTopicMetadata({ topics: [name] });
    const members = (groups[0]?.members ?? []).map((member) => {
      const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      return assignment?.assignment[name] ?? [];
    });
    return { partitions: metadata.topics[0]?.partitions.length ?? 0, members };
  } finally {
    await admin.disconnect();
  }
}
