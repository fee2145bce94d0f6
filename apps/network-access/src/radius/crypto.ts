import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Attr, AUTHENTICATOR_LENGTH, RadiusCode } from './constants';
import { encodePacket, findMessageAuthenticatorOffset, RadiusAttribute, RadiusPacket } from './packet';

const ZERO_AUTHENTICATOR = Buffer.alloc(AUTHENTICATOR_LENGTH);

function md5(...parts: Buffer[]): Buffer {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

function equalDigest(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** MD5 over the packet with `authenticatorInHash` in place of its authenticator field, then the secret. */
function packetDigest(raw: Buffer, authenticatorInHash: Buffer, secret: Buffer): Buffer {
  return md5(raw.subarray(0, 4), authenticatorInHash, raw.subarray(20), secret);
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

function messageAuthenticatorDigest(
  raw: Buffer,
  valueOffset: number,
  authenticatorInHash: Buffer,
  secret: Buffer,
): Buffer {
  const hmac = createHmac('md5', secret);
  hmac.update(raw.subarray(0, 4));
  hmac.update(authenticatorInHash);
  hmac.update(raw.subarray(20, valueOffset));
  hmac.update(ZERO_AUTHENTICATOR);
  hmac.update(raw.subarray(valueOffset + AUTHENTICATOR_LENGTH));
  return hmac.digest();
}

/**
 * RFC 3579 §3.2 Message-Authenticator check. For Access-Request the packet's own authenticator is hashed;
 * for replies the authenticator of the request they answer; for Accounting/Disconnect/CoA requests zeros
 * (RFC 5176 §3.5). Returns false when the packet carries none.
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
    (packet.code === RadiusCode.AccessRequest ? packet.authenticator : ZERO_AUTHENTICATOR);
  const expected = messageAuthenticatorDigest(packet.raw, offset, authenticatorInHash, secret);
  return equalDigest(expected, packet.raw.subarray(offset, offset + AUTHENTICATOR_LENGTH));
}

function fillMessageAuthenticator(raw: Buffer, authenticatorInHash: Buffer, secret: Buffer): void {
  const offset = findMessageAuthenticatorOffset(raw);
  if (offset === undefined) return;
  ZERO_AUTHENTICATOR.copy(raw, offset);
  messageAuthenticatorDigest(raw, offset, authenticatorInHash, secret).copy(raw, offset);
}

function withMessageAuthenticatorFirst(
  attributes: readonly RadiusAttribute[],
  include: boolean,
): readonly RadiusAttribute[] {
  const rest = attributes.filter((candidate) => candidate.type !== Attr.MessageAuthenticator);
  // First, so a client that checks it before anything else (BlastRADIUS guidance) finds it there.
  return include ? [{ type: Attr.MessageAuthenticator, value: Buffer.alloc(16) }, ...rest] : rest;
}

export interface SignOptions {
  /** Adds a Message-Authenticator (RFC 3579) to the packet. */
  messageAuthenticator?: boolean;
}

/** Encodes a reply to `request`: Message-Authenticator first (if asked), then the Response Authenticator. */
export function encodeResponse(
  request: Pick<RadiusPacket, 'identifier' | 'authenticator'>,
  code: RadiusCode,
  attributes: readonly RadiusAttribute[],
  secret: Buffer,
  options: SignOptions = {},
): Buffer {
  const raw = encodePacket(
    code,
    request.identifier,
    request.authenticator,
    withMessageAuthenticatorFirst(attributes, options.messageAuthenticator ?? false),
  );
  fillMessageAuthenticator(raw, request.authenticator, secret);
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
  const raw = encodePacket(
    code,
    identifier,
    ZERO_AUTHENTICATOR,
    withMessageAuthenticatorFirst(attributes, options.messageAuthenticator ?? false),
  );
  fillMessageAuthenticator(raw, ZERO_AUTHENTICATOR, secret);
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
  const raw = encodePacket(
    RadiusCode.AccessRequest,
    identifier,
    authenticator,
    withMessageAuthenticatorFirst(attributes, options.messageAuthenticator ?? false),
  );
  fillMessageAuthenticator(raw, authenticator, secret);
  return raw;
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
