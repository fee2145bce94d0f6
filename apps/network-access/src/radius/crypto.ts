import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Attr, AUTHENTICATOR_LENGTH, MAX_PACKET_LENGTH, RadiusCode } from './constants';
import { md5 as md5Digest, md5Into, Md5State, md5State } from './md5';
import { encodePacket, LEADING_MESSAGE_AUTHENTICATOR_OFFSET, RadiusAttribute, RadiusPacket } from './packet';

const ZERO_AUTHENTICATOR = Buffer.alloc(AUTHENTICATOR_LENGTH);
const HMAC_BLOCK = 64;

// Every digest here is MD5 (./md5) over bytes laid out in a scratch buffer: for messages this short a call
// into OpenSSL costs several times the hashing, and a RADIUS request needs up to five digests. Hashing is
// synchronous, so one module-level scratch is safe.
let scratch = Buffer.allocUnsafe(HMAC_BLOCK + MAX_PACKET_LENGTH + 256);

function scratchOf(length: number): Buffer {
  if (scratch.length < length) scratch = Buffer.allocUnsafe(length);
  return scratch;
}

function md5Of(bytes: Buffer, length: number): Buffer {
  return md5Digest(bytes, 0, length);
}

function md5(...parts: Buffer[]): Buffer {
  let length = 0;
  for (const part of parts) length += part.length;
  const buffer = scratchOf(length);
  let offset = 0;
  for (const part of parts) offset += part.copy(buffer, offset);
  return md5Of(buffer, length);
}

/** MD5 states after HMAC's inner and outer key pad: each is one whole block, so it is hashed only once. */
interface HmacPadStates {
  inner: Md5State;
  outer: Md5State;
}

/** Computed once per secret buffer (the NAS registry keeps one per NAS). */
const padsBySecret = new WeakMap<Buffer, HmacPadStates>();

function hmacPads(secret: Buffer): HmacPadStates {
  let pads = padsBySecret.get(secret);
  if (!pads) {
    const key = secret.length > HMAC_BLOCK ? md5Digest(secret) : secret;
    const inner = Buffer.alloc(HMAC_BLOCK, 0x36);
    const outer = Buffer.alloc(HMAC_BLOCK, 0x5c);
    for (let index = 0; index < key.length; index += 1) {
      inner[index]! ^= key[index]!;
      outer[index]! ^= key[index]!;
    }
    pads = { inner: md5State(inner), outer: md5State(outer) };
    padsBySecret.set(secret, pads);
  }
  return pads;
}

function equalDigest(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** MD5 over the packet with `authenticatorInHash` in place of its authenticator field, then the secret. */
function packetDigest(raw: Buffer, authenticatorInHash: Buffer, secret: Buffer): Buffer {
  const length = raw.length + secret.length;
  const buffer = scratchOf(length);
  raw.copy(buffer, 0);
  authenticatorInHash.copy(buffer, 4);
  secret.copy(buffer, raw.length);
  return md5Of(buffer, length);
}

/**
 * Request Authenticator of Accounting-Request (RFC 2866 §3) and Disconnect/CoA-Request (RFC 5176 §2.3):
 * MD5 of the packet with a zero authenticator, then the secret.
 */
export function verifyRequestAuthenticator(packet: RadiusPacket, secret: Buffer): boolean {
  return equalDigest(packetDigest(packet.raw, ZERO_AUTHENTICATOR, secret), packet.authenticator);
}

/** Response Authenticator (RFC 2865 §3): MD5(Code+ID+Length+RequestAuth+Attributes+Secret). */
export function verifyResponseAuthenticator(
  response: RadiusPacket,
  requestAuthenticator: Buffer,
  secret: Buffer,
): boolean {
  return equalDigest(packetDigest(response.raw, requestAuthenticator, secret), response.authenticator);
}

/** HMAC-MD5 (RFC 2104) of the packet with `authenticatorInHash` in place and the Message-Authenticator zeroed. */
function messageAuthenticatorDigest(
  raw: Buffer,
  valueOffset: number,
  authenticatorInHash: Buffer,
  secret: Buffer,
): Buffer {
  const { inner, outer } = hmacPads(secret);
  const buffer = scratchOf(raw.length + AUTHENTICATOR_LENGTH);
  raw.copy(buffer, 0);
  authenticatorInHash.copy(buffer, 4);
  buffer.fill(0, valueOffset, valueOffset + AUTHENTICATOR_LENGTH);
  // The inner digest goes right after the message, where the outer hash reads it from.
  md5Into(buffer, 0, raw.length, buffer, raw.length, inner);
  return md5Digest(buffer, raw.length, AUTHENTICATOR_LENGTH, outer);
}

/**
 * RFC 3579 §3.2 Message-Authenticator check. For Access-Request and Status-Server (RFC 5997 §3: its
 * Request Authenticator is random, as for Access-Request, on either port) the packet's own authenticator is
 * hashed; for replies the authenticator of the request they answer; for Accounting/Disconnect/CoA requests
 * zeros (RFC 5176 §3.5). Returns false when the packet carries none.
 */
export function verifyMessageAuthenticator(
  packet: RadiusPacket,
  secret: Buffer,
  requestAuthenticator?: Buffer,
): boolean {
  const offset = packet.messageAuthenticatorOffset;
  if (offset === undefined) return false;
  const authenticatorInHash =
    requestAuthenticator ??
    (packet.code === RadiusCode.AccessRequest || packet.code === RadiusCode.StatusServer
      ? packet.authenticator
      : ZERO_AUTHENTICATOR);
  const expected = messageAuthenticatorDigest(packet.raw, offset, authenticatorInHash, secret);
  return equalDigest(expected, packet.raw.subarray(offset, offset + AUTHENTICATOR_LENGTH));
}

/** The attributes without any Message-Authenticator: whether one is sent is the encoder's option alone. */
function withoutMessageAuthenticator(attributes: readonly RadiusAttribute[]): readonly RadiusAttribute[] {
  const isMessageAuthenticator = (candidate: RadiusAttribute): boolean =>
    candidate.type === Attr.MessageAuthenticator;
  return attributes.some(isMessageAuthenticator)
    ? attributes.filter((candidate) => !isMessageAuthenticator(candidate))
    : attributes;
}

export interface SignOptions {
  /** Adds a Message-Authenticator (RFC 3579) to the packet. */
  messageAuthenticator?: boolean;
}

/**
 * Lays out a packet with `authenticator` in its header and, when asked, a leading Message-Authenticator
 * signed over it (for requests the header's authenticator is what the HMAC covers; for replies, the
 * request's, which is also what the reply carries until its Response Authenticator is written).
 */
function encodeWithMessageAuthenticator(
  code: RadiusCode,
  identifier: number,
  authenticator: Buffer,
  attributes: readonly RadiusAttribute[],
  secret: Buffer,
  options: SignOptions,
): Buffer {
  const include = options.messageAuthenticator ?? false;
  const raw = encodePacket(code, identifier, authenticator, withoutMessageAuthenticator(attributes), include);
  if (include) {
    const offset = LEADING_MESSAGE_AUTHENTICATOR_OFFSET;
    messageAuthenticatorDigest(raw, offset, authenticator, secret).copy(raw, offset);
  }
  return raw;
}

/** Encodes a reply to `request`: Message-Authenticator first (if asked), then the Response Authenticator. */
export function encodeResponse(
  request: Pick<RadiusPacket, 'identifier' | 'authenticator'>,
  code: RadiusCode,
  attributes: readonly RadiusAttribute[],
  secret: Buffer,
  options: SignOptions = {},
): Buffer {
  const raw = encodeWithMessageAuthenticator(
    code,
    request.identifier,
    request.authenticator,
    attributes,
    secret,
    options,
  );
  packetDigest(raw, request.authenticator, secret).copy(raw, 4);
  return raw;
}

/** Encodes an Accounting-Request, Disconnect-Request or CoA-Request with its MD5 Request Authenticator. */
export function encodeSignedRequest(
  code: RadiusCode,
  identifier: number,
  attributes: readonly RadiusAttribute[],
  secret: Buffer,
  options: SignOptions = {},
): Buffer {
  const raw = encodeWithMessageAuthenticator(
    code,
    identifier,
    ZERO_AUTHENTICATOR,
    attributes,
    secret,
    options,
  );
  packetDigest(raw, ZERO_AUTHENTICATOR, secret).copy(raw, 4);
  return raw;
}

/** Encodes an Access-Request (random authenticator unless given); User-Password must already be hidden. */
export function encodeAccessRequest(
  identifier: number,
  attributes: readonly RadiusAttribute[],
  secret: Buffer,
  options: SignOptions & { authenticator?: Buffer } = {},
): Buffer {
  const authenticator = options.authenticator ?? randomBytes(AUTHENTICATOR_LENGTH);
  return encodeWithMessageAuthenticator(
    RadiusCode.AccessRequest,
    identifier,
    authenticator,
    attributes,
    secret,
    options,
  );
}

/** Encodes an RFC 5997 Status-Server: random Request Authenticator, Message-Authenticator over it. */
export function encodeStatusServer(identifier: number, secret: Buffer, authenticator?: Buffer): Buffer {
  return encodeWithMessageAuthenticator(
    RadiusCode.StatusServer,
    identifier,
    authenticator ?? randomBytes(AUTHENTICATOR_LENGTH),
    [],
    secret,
    { messageAuthenticator: true },
  );
}

/** RFC 2865 §5.2 User-Password hiding: 16-octet blocks XORed with MD5(secret + previous block). */
export function hideUserPassword(password: Buffer, secret: Buffer, requestAuthenticator: Buffer): Buffer {
  if (password.length > 128) throw new RangeError('User-Password longer than 128 octets');
  const blocks = Math.max(1, Math.ceil(password.length / 16));
  const hidden = Buffer.alloc(blocks * 16);
  password.copy(hidden);
  let previous = requestAuthenticator;
  for (let block = 0; block < blocks; block += 1) {
    const key = md5(secret, previous);
    for (let index = 0; index < 16; index += 1) hidden[block * 16 + index]! ^= key[index]!;
    previous = hidden.subarray(block * 16, block * 16 + 16);
  }
  return hidden;
}

/** Reverses {@link hideUserPassword}; trailing NUL padding is removed. */
export function revealUserPassword(hidden: Buffer, secret: Buffer, requestAuthenticator: Buffer): Buffer {
  const clear = Buffer.allocUnsafe(hidden.length);
  let previous = requestAuthenticator;
  for (let block = 0; block * 16 < hidden.length; block += 1) {
    const key = md5(secret, previous);
    for (let index = 0; index < 16; index += 1) {
      clear[block * 16 + index] = hidden[block * 16 + index]! ^ key[index]!;
    }
    previous = hidden.subarray(block * 16, block * 16 + 16);
  }
  let end = clear.length;
  while (end > 0 && clear[end - 1] === 0) end -= 1;
  return clear.subarray(0, end);
}

/** RFC 1994 CHAP response: MD5(ident + secret + challenge). */
export function chapResponse(chapIdent: number, password: Buffer, challenge: Buffer): Buffer {
  return md5(Buffer.from([chapIdent]), password, challenge);
}

/**
 * Checks a CHAP-Password attribute (ident + 16-octet response) against the known cleartext secret;
 * the challenge is CHAP-Challenge when present, else the Request Authenticator (RFC 2865 §2.2).
 */
export function verifyChapPassword(chapPassword: Buffer, password: Buffer, challenge: Buffer): boolean {
  if (chapPassword.length !== 17) return false;
  return equalDigest(chapResponse(chapPassword[0]!, password, challenge), chapPassword.subarray(1));
}
