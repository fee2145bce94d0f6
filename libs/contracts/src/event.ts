import { z } from 'zod';
import { Actor, envelopeHeaderSchema, versionOfTopic } from './envelope';
import { newEventId } from './event-id';
import { isKnownTopic, PayloadOf, Topic, topicRegistry } from './registry';

export interface EventEnvelope<T extends Topic = Topic> {
  id: string;
  type: T;
  version: number;
  source: string;
  occurredAt: string;
  schoolCode?: string;
  actor?: Actor;
  data: PayloadOf<T>;
}

export interface EnvelopeMeta {
  source: string;
  schoolCode?: string | null;
  actor?: Actor;
  id?: string;
  occurredAt?: Date;
}

/** Builds an envelope whose payload type is fixed by the topic: a payload of another topic does not compile. */
export function buildEnvelope<T extends Topic>(
  topic: T,
  data: PayloadOf<T>,
  meta: EnvelopeMeta,
): EventEnvelope<T> {
  const envelope: EventEnvelope<T> = {
    id: meta.id ?? newEventId(),
    type: topic,
    version: versionOfTopic(topic),
    source: meta.source,
    occurredAt: (meta.occurredAt ?? new Date()).toISOString(),
    data,
  };
  if (meta.schoolCode) envelope.schoolCode = meta.schoolCode;
  if (meta.actor) envelope.actor = meta.actor;
  return envelope;
}

export type EnvelopeValidation = { ok: true; envelope: EventEnvelope } | { ok: false; error: string };

function describeIssues(prefix: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => `${[prefix, ...issue.path.map(String)].filter(Boolean).join('.')}: ${issue.message}`)
    .join('; ');
}

/** Consumers run every message through this before acting on it; a failure names each bad field. */
export function validateEnvelope(topic: string, raw: unknown): EnvelopeValidation {
  if (!isKnownTopic(topic)) return { ok: false, error: `unknown topic "${topic}"` };
  const header = envelopeHeaderSchema.safeParse(raw);
  if (!header.success) return { ok: false, error: describeIssues('', header.error) };
  if (header.data.type !== topic) {
    return { ok: false, error: `type: envelope type "${header.data.type}" does not match topic "${topic}"` };
  }
  if (header.data.version !== versionOfTopic(topic)) {
    return {
      ok: false,
      error: `version: ${header.data.version} does not match topic version v${versionOfTopic(topic)}`,
    };
  }
  const schema = topicRegistry.get(topic);
  const data = schema ? schema.safeParse(header.data.data) : undefined;
  if (!data?.success) return { ok: false, error: data ? describeIssues('data', data.error) : 'no schema' };
  return { ok: true, envelope: { ...header.data, type: topic, data: data.data } as EventEnvelope };
}

/** Parses raw Kafka value bytes, then validates; malformed JSON is an error like any other. */
export function decodeEnvelope(topic: string, value: Buffer | string | null): EnvelopeValidation {
  if (value === null || value.length === 0) return { ok: false, error: 'empty message value' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString());
  } catch (error) {
    return { ok: false, error: `malformed JSON: ${(error as Error).message}` };
  }
  return validateEnvelope(topic, parsed);
}
