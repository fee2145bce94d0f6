import { randomFillSync } from 'node:crypto';

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const RANDOM_BYTES_PER_ID = 10;
const IDS_PER_REFILL = 400;
const RANDOM_POOL_BYTES = RANDOM_BYTES_PER_ID * IDS_PER_REFILL;
const randomPool = Buffer.alloc(RANDOM_POOL_BYTES);
let randomOffset = RANDOM_POOL_BYTES;
// Ids of one millisecond share their first 15 characters: built once per millisecond.
let prefixTime = -1;
let prefix = '';

/** The largest Unix time in milliseconds that fits a UUIDv7's 48-bit timestamp. */
const MAX_TIMESTAMP = 2 ** 48 - 1;

/**
 * A new event id: a UUID version 7 (RFC 9562), 48 bits of Unix time in milliseconds, then random bits. Ids
 * made later sort later, so every table keyed by event id (each consumer's `processed_event`) grows at its
 * right edge instead of at random pages: with 400,000 ids a random (v4) key made an insert about half as
 * expensive again, and the gap widens as the table outgrows the database's buffer pool. Within one
 * millisecond the order is random, which costs nothing there.
 */
export function newEventId(now = Date.now()): string {
  if (!Number.isInteger(now) || now < 0 || now > MAX_TIMESTAMP)
    throw new RangeError(`a UUIDv7 timestamp is 0..2^48-1 ms, got ${now}`);
  // Random bytes come from a pool refilled in blocks: one call into the CSPRNG per IDS_PER_REFILL ids.
  if (randomOffset + RANDOM_BYTES_PER_ID > RANDOM_POOL_BYTES) {
    randomFillSync(randomPool);
    randomOffset = 0;
  }
  const r = randomOffset;
  randomOffset += RANDOM_BYTES_PER_ID;
  const pool = randomPool;
  if (now !== prefixTime) {
    const time = now.toString(16).padStart(12, '0');
    prefix = `${time.slice(0, 8)}-${time.slice(8)}-7`;
    prefixTime = now;
  }
  const hex = (offset: number): string => HEX[pool[r + offset]!]!;
  // time_high-time_low-(version 7, 12 random bits)-(variant 10, 14 random bits)-(48 random bits)
  return (
    `${prefix}${hex(0).slice(1)}${hex(1)}-` +
    `${HEX[0x80 | (pool[r + 2]! & 0x3f)]}${hex(3)}-${hex(4)}${hex(5)}${hex(6)}${hex(7)}${hex(8)}${hex(9)}`
  );
}

/**
 * The 16 bytes of the smallest UUIDv7 of the millisecond `at` (the time, then zeros): every id `newEventId`
 * made earlier sorts below them byte for byte, every id of `at` or later at or above. For finding ids by age
 * in a key of id bytes. Times outside the 48-bit range are clamped to it.
 */
export function firstEventIdBytesAt(at: number): Buffer {
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(Math.max(0, Math.min(at, MAX_TIMESTAMP)), 0, 6);
  return bytes;
}
