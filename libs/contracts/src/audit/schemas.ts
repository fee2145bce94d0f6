import { z } from 'zod';

/**
 * A service's audit chain at a moment: its head's position and hash (SHA-256, hex). Governance keeps
 * every anchor, so a chain rewritten or cut short after an anchor no longer reaches the anchored hash.
 */
export const chainAnchoredPayloadV1 = z.object({
  /** The service whose chain this is (also the envelope's source). */
  service: z.string().min(1),
  seq: z.number().int().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
  /** The previous anchor's position (0: the first anchor). */
  previousSeq: z.number().int().nonnegative(),
  anchoredAt: z.iso.datetime({ offset: true }),
});
