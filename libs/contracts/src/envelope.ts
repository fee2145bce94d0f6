import { z } from 'zod';

/** 10-digit national school identification code (学校标识码), the tenant key on every event. */
export const schoolCodeSchema = z.string().regex(/^\d{10}$/, 'must be a 10-digit 学校标识码');

export const actorSchema = z.object({
  /** Person id, service-account client id, or system component name. */
  id: z.string().min(1),
  kind: z.enum(['person', 'service', 'system']),
});
export type Actor = z.infer<typeof actorSchema>;

/** Topic names are `<domain>.<entity>.<event>.v<N>`; the version is part of the name so consumers can run two side by side. */
export const topicNamePattern = /^[a-z]+\.[a-z-]+\.[a-z-]+\.v(\d+)$/;

export const envelopeHeaderSchema = z.object({
  id: z.uuid(),
  type: z.string().regex(topicNamePattern, 'must be <domain>.<entity>.<event>.v<N>'),
  version: z.number().int().positive(),
  source: z.string().min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  schoolCode: schoolCodeSchema.optional(),
  actor: actorSchema.optional(),
  data: z.unknown(),
});

export function versionOfTopic(topic: string): number {
  const match = topicNamePattern.exec(topic);
  if (!match) throw new Error(`"${topic}" is not a versioned topic name (<domain>.<entity>.<event>.v<N>)`);
  return Number(match[1]);
}
