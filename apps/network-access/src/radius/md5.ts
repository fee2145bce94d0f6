/**
 * MD5 (RFC 1321) for the short messages RADIUS authenticates: a request needs up to five digests of well
 * under 200 octets, and for inputs that small a call into OpenSSL (a digest context created, fetched and
 * freed per call) costs several times the hashing itself. Here a digest is a few compressions of plain
 * integer arithmetic with no allocation, and HMAC-MD5 can start from the key's precomputed pad state
 * (see {@link md5State}), which saves two of its four compressions.
 *
 * MD5 is what RADIUS specifies (RFC 2865/2866/3579); nothing else should use this.
 */

/** Chaining state A, B, C, D after some whole 64-octet blocks. */
export type Md5State = Int32Array;

const BLOCK = 64;

const INITIAL_STATE: Md5State = Int32Array.of(0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476);

// Hashing is synchronous: module-level scratch is safe and keeps a digest allocation-free.
const working = new Int32Array(4);
const tail = new Uint8Array(2 * BLOCK);

function wordAt(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
}

/**
 * One 64-octet block into `state`: the 64 steps of RFC 1321 §3.4 written out (round functions F, G, H, I;
 * constants T[i] = floor(abs(sin(i + 1)) × 2^32)). Written inline rather than as calls to round helpers,
 * which the JIT stops inlining long before 64 of them and which then cost more than the arithmetic.
 */
function compress(state: Int32Array, bytes: Uint8Array, offset: number): void {
  const w0 = wordAt(bytes, offset + 0);
  const w1 = wordAt(bytes, offset + 4);
  const w2 = wordAt(bytes, offset + 8);
  const w3 = wordAt(bytes, offset + 12);
  const w4 = wordAt(bytes, offset + 16);
  const w5 = wordAt(bytes, offset + 20);
  const w6 = wordAt(bytes, offset + 24);
  const w7 = wordAt(bytes, offset + 28);
  const w8 = wordAt(bytes, offset + 32);
  const w9 = wordAt(bytes, offset + 36);
  const w10 = wordAt(bytes, offset + 40);
  const w11 = wordAt(bytes, offset + 44);
  const w12 = wordAt(bytes, offset + 48);
  const w13 = wordAt(bytes, offset + 52);
  const w14 = wordAt(bytes, offset + 56);
  const w15 = wordAt(bytes, offset + 60);
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let sum: number;
  sum = (a + ((b & c) | (~b & d)) + w0 + 0xd76aa478) | 0;
  a = (((sum << 7) | (sum >>> 25)) + b) | 0;
  sum = (d + ((a & b) | (~a & c)) + w1 + 0xe8c7b756) | 0;
  d = (((sum << 12) | (sum >>> 20)) + a) | 0;
  sum = (c + ((d & a) | (~d & b)) + w2 + 0x242070db) | 0;
  c = (((sum << 17) | (sum >>> 15)) + d) | 0;
  sum = (b + ((c & d) | (~c & a)) + w3 + 0xc1bdceee) | 0;
  b = (((sum << 22) | (sum >>> 10)) + c) | 0;
  sum = (a + ((b & c) | (~b & d)) + w4 + 0xf57c0faf) | 0;
  a = (((sum << 7) | (sum >>> 25)) + b) | 0;
  sum = (d + ((a & b) | (~a & c)) + w5 + 0x4787c62a) | 0;
  d = (((sum << 12) | (sum >>> 20)) + a) | 0;
  sum = (c + ((d & a) | (~d & b)) + w6 + 0xa8304613) | 0;
  c = (((sum << 17) | (sum >>> 15)) + d) | 0;
  sum = (b + ((c & d) | (~c & a)) + w7 + 0xfd469501) | 0;
  b = (((sum << 22) | (sum >>> 10)) + c) | 0;
  sum = (a + ((b & c) | (~b & d)) + w8 + 0x698098d8) | 0;
  a = (((sum << 7) | (sum >>> 25)) + b) | 0;
  sum = (d + ((a & b) | (~a & c)) + w9 + 0x8b44f7af) | 0;
  d = (((sum << 12) | (sum >>> 20)) + a) | 0;
  sum = (c + ((d & a) | (~d & b)) + w10 + 0xffff5bb1) | 0;
  c = (((sum << 17) | (sum >>> 15)) + d) | 0;
  sum = (b + ((c & d) | (~c & a)) + w11 + 0x895cd7be) | 0;
  b = (((sum << 22) | (sum >>> 10)) + c) | 0;
  sum = (a + ((b & c) | (~b & d)) + w12 + 0x6b901122) | 0;
  a = (((sum << 7) | (sum >>> 25)) + b) | 0;
  sum = (d + ((a & b) | (~a & c)) + w13 + 0xfd987193) | 0;
  d = (((sum << 12) | (sum >>> 20)) + a) | 0;
  sum = (c + ((d & a) | (~d & b)) + w14 + 0xa679438e) | 0;
  c = (((sum << 17) | (sum >>> 15)) + d) | 0;
  sum = (b + ((c & d) | (~c & a)) + w15 + 0x49b40821) | 0;
  b = (((sum << 22) | (sum >>> 10)) + c) | 0;
  sum = (a + ((b & d) | (c & ~d)) + w1 + 0xf61e2562) | 0;
  a = (((sum << 5) | (sum >>> 27)) + b) | 0;
  sum = (d + ((a & c) | (b & ~c)) + w6 + 0xc040b340) | 0;
  d = (((sum << 9) | (sum >>> 23)) + a) | 0;
  sum = (c + ((d & b) | (a & ~b)) + w11 + 0x265e5a51) | 0;
  c = (((sum << 14) | (sum >>> 18)) + d) | 0;
  sum = (b + ((c & a) | (d & ~a)) + w0 + 0xe9b6c7aa) | 0;
  b = (((sum << 20) | (sum >>> 12)) + c) | 0;
  sum = (a + ((b & d) | (c & ~d)) + w5 + 0xd62f105d) | 0;
  a = (((sum << 5) | (sum >>> 27)) + b) | 0;
  sum = (d + ((a & c) | (b & ~c)) + w10 + 0x02441453) | 0;
  d = (((sum << 9) | (sum >>> 23)) + a) | 0;
  sum = (c + ((d & b) | (a & ~b)) + w15 + 0xd8a1e681) | 0;
  c = (((sum << 14) | (sum >>> 18)) + d) | 0;
  sum = (b + ((c & a) | (d & ~a)) + w4 + 0xe7d3fbc8) | 0;
  b = (((sum << 20) | (sum >>> 12)) + c) | 0;
  sum = (a + ((b & d) | (c & ~d)) + w9 + 0x21e1cde6) | 0;
  a = (((sum << 5) | (sum >>> 27)) + b) | 0;
  sum = (d + ((a & c) | (b & ~c)) + w14 + 0xc33707d6) | 0;
  d = (((sum << 9) | (sum >>> 23)) + a) | 0;
  sum = (c + ((d & b) | (a & ~b)) + w3 + 0xf4d50d87) | 0;
  c = (((sum << 14) | (sum >>> 18)) + d) | 0;
  sum = (b + ((c & a) | (d & ~a)) + w8 + 0x455a14ed) | 0;
  b = (((sum << 20) | (sum >>> 12)) + c) | 0;
  sum = (a + ((b & d) | (c & ~d)) + w13 + 0xa9e3e905) | 0;
  a = (((sum << 5) | (sum >>> 27)) + b) | 0;
  sum = (d + ((a & c) | (b & ~c)) + w2 + 0xfcefa3f8) | 0;
  d = (((sum << 9) | (sum >>> 23)) + a) | 0;
  sum = (c + ((d & b) | (a & ~b)) + w7 + 0x676f02d9) | 0;
  c = (((sum << 14) | (sum >>> 18)) + d) | 0;
  sum = (b + ((c & a) | (d & ~a)) + w12 + 0x8d2a4c8a) | 0;
  b = (((sum << 20) | (sum >>> 12)) + c) | 0;
  sum = (a + (b ^ c ^ d) + w5 + 0xfffa3942) | 0;
  a = (((sum << 4) | (sum >>> 28)) + b) | 0;
  sum = (d + (a ^ b ^ c) + w8 + 0x8771f681) | 0;
  d = (((sum << 11) | (sum >>> 21)) + a) | 0;
  sum = (c + (d ^ a ^ b) + w11 + 0x6d9d6122) | 0;
  c = (((sum << 16) | (sum >>> 16)) + d) | 0;
  sum = (b + (c ^ d ^ a) + w14 + 0xfde5380c) | 0;
  b = (((sum << 23) | (sum >>> 9)) + c) | 0;
  sum = (a + (b ^ c ^ d) + w1 + 0xa4beea44) | 0;
  a = (((sum << 4) | (sum >>> 28)) + b) | 0;
  sum = (d + (a ^ b ^ c) + w4 + 0x4bdecfa9) | 0;
  d = (((sum << 11) | (sum >>> 21)) + a) | 0;
  sum = (c + (d ^ a ^ b) + w7 + 0xf6bb4b60) | 0;
  c = (((sum << 16) | (sum >>> 16)) + d) | 0;
  sum = (b + (c ^ d ^ a) + w10 + 0xbebfbc70) | 0;
  b = (((sum << 23) | (sum >>> 9)) + c) | 0;
  sum = (a + (b ^ c ^ d) + w13 + 0x289b7ec6) | 0;
  a = (((sum << 4) | (sum >>> 28)) + b) | 0;
  sum = (d + (a ^ b ^ c) + w0 + 0xeaa127fa) | 0;
  d = (((sum << 11) | (sum >>> 21)) + a) | 0;
  sum = (c + (d ^ a ^ b) + w3 + 0xd4ef3085) | 0;
  c = (((sum << 16) | (sum >>> 16)) + d) | 0;
  sum = (b + (c ^ d ^ a) + w6 + 0x04881d05) | 0;
  b = (((sum << 23) | (sum >>> 9)) + c) | 0;
  sum = (a + (b ^ c ^ d) + w9 + 0xd9d4d039) | 0;
  a = (((sum << 4) | (sum >>> 28)) + b) | 0;
  sum = (d + (a ^ b ^ c) + w12 + 0xe6db99e5) | 0;
  d = (((sum << 11) | (sum >>> 21)) + a) | 0;
  sum = (c + (d ^ a ^ b) + w15 + 0x1fa27cf8) | 0;
  c = (((sum << 16) | (sum >>> 16)) + d) | 0;
  sum = (b + (c ^ d ^ a) + w2 + 0xc4ac5665) | 0;
  b = (((sum << 23) | (sum >>> 9)) + c) | 0;
  sum = (a + (c ^ (b | ~d)) + w0 + 0xf4292244) | 0;
  a = (((sum << 6) | (sum >>> 26)) + b) | 0;
  sum = (d + (b ^ (a | ~c)) + w7 + 0x432aff97) | 0;
  d = (((sum << 10) | (sum >>> 22)) + a) | 0;
  sum = (c + (a ^ (d | ~b)) + w14 + 0xab9423a7) | 0;
  c = (((sum << 15) | (sum >>> 17)) + d) | 0;
  sum = (b + (d ^ (c | ~a)) + w5 + 0xfc93a039) | 0;
  b = (((sum << 21) | (sum >>> 11)) + c) | 0;
  sum = (a + (c ^ (b | ~d)) + w12 + 0x655b59c3) | 0;
  a = (((sum << 6) | (sum >>> 26)) + b) | 0;
  sum = (d + (b ^ (a | ~c)) + w3 + 0x8f0ccc92) | 0;
  d = (((sum << 10) | (sum >>> 22)) + a) | 0;
  sum = (c + (a ^ (d | ~b)) + w10 + 0xffeff47d) | 0;
  c = (((sum << 15) | (sum >>> 17)) + d) | 0;
  sum = (b + (d ^ (c | ~a)) + w1 + 0x85845dd1) | 0;
  b = (((sum << 21) | (sum >>> 11)) + c) | 0;
  sum = (a + (c ^ (b | ~d)) + w8 + 0x6fa87e4f) | 0;
  a = (((sum << 6) | (sum >>> 26)) + b) | 0;
  sum = (d + (b ^ (a | ~c)) + w15 + 0xfe2ce6e0) | 0;
  d = (((sum << 10) | (sum >>> 22)) + a) | 0;
  sum = (c + (a ^ (d | ~b)) + w6 + 0xa3014314) | 0;
  c = (((sum << 15) | (sum >>> 17)) + d) | 0;
  sum = (b + (d ^ (c | ~a)) + w13 + 0x4e0811a1) | 0;
  b = (((sum << 21) | (sum >>> 11)) + c) | 0;
  sum = (a + (c ^ (b | ~d)) + w4 + 0xf7537e82) | 0;
  a = (((sum << 6) | (sum >>> 26)) + b) | 0;
  sum = (d + (b ^ (a | ~c)) + w11 + 0xbd3af235) | 0;
  d = (((sum << 10) | (sum >>> 22)) + a) | 0;
  sum = (c + (a ^ (d | ~b)) + w2 + 0x2ad7d2bb) | 0;
  c = (((sum << 15) | (sum >>> 17)) + d) | 0;
  sum = (b + (d ^ (c | ~a)) + w9 + 0xeb86d391) | 0;
  b = (((sum << 21) | (sum >>> 11)) + c) | 0;
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
}

/** The state after hashing exactly one 64-octet block from the start (an HMAC key pad). */
export function md5State(block: Uint8Array): Md5State {
  if (block.length !== BLOCK) throw new RangeError(`an MD5 block is ${BLOCK} octets, got ${block.length}`);
  const state = Int32Array.from(INITIAL_STATE);
  compress(state, block, 0);
  return state;
}

/**
 * Writes MD5 of `bytes[start, start + length)` into `out` at `outOffset` (16 octets). With `after`, the
 * message continues from that state, which already covered `after`'s block (64 octets) of prefix.
 */
export function md5Into(
  bytes: Uint8Array,
  start: number,
  length: number,
  out: Uint8Array,
  outOffset: number,
  after?: Md5State,
): void {
  working.set(after ?? INITIAL_STATE);
  const end = start + length;
  let offset = start;
  for (; offset + BLOCK <= end; offset += BLOCK) compress(working, bytes, offset);
  const remaining = end - offset;
  tail.fill(0);
  for (let index = 0; index < remaining; index += 1) tail[index] = bytes[offset + index]!;
  tail[remaining] = 0x80;
  const tailLength = remaining < BLOCK - 8 ? BLOCK : 2 * BLOCK;
  const bits = (length + (after ? BLOCK : 0)) * 8;
  const lengthAt = tailLength - 8;
  for (let index = 0; index < 4; index += 1) {
    tail[lengthAt + index] = (bits >>> (8 * index)) & 0xff;
    tail[lengthAt + 4 + index] = (Math.floor(bits / 2 ** 32) >>> (8 * index)) & 0xff;
  }
  compress(working, tail, 0);
  if (tailLength === 2 * BLOCK) compress(working, tail, BLOCK);
  for (let index = 0; index < 4; index += 1) {
    const value = working[index]!;
    const at = outOffset + index * 4;
    out[at] = value & 0xff;
    out[at + 1] = (value >>> 8) & 0xff;
    out[at + 2] = (value >>> 16) & 0xff;
    out[at + 3] = (value >>> 24) & 0xff;
  }
}

/** MD5 of `bytes[start, start + length)` as a new 16-octet buffer. */
export function md5(bytes: Uint8Array, start = 0, length = bytes.length - start, after?: Md5State): Buffer {
  const digest = Buffer.allocUnsafe(16);
  md5Into(bytes, start, length, digest, 0, after);
  return digest;
}
