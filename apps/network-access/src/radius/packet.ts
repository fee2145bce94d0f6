import {
  Attr,
  attributeKinds,
  AUTHENTICATOR_LENGTH,
  isKnownCode,
  MAX_PACKET_LENGTH,
  MIN_PACKET_LENGTH,
  RadiusCode,
} from './constants';

export interface RadiusAttribute {
  readonly type: number;
  readonly value: Buffer;
}

export interface RadiusPacket {
  readonly code: RadiusCode;
  readonly identifier: number;
  readonly authenticator: Buffer;
  readonly attributes: readonly RadiusAttribute[];
  /** The bytes the packet was decoded from (padding beyond Length cut off); authenticators are checked over these. */
  readonly raw: Buffer;
  /** Offset in `raw` of the Message-Authenticator value, when the packet carries one. */
  readonly messageAuthenticatorOffset?: number;
}

export type MalformedReason =
  | 'too-short'
  | 'bad-length'
  | 'truncated'
  | 'unknown-code'
  | 'attribute-too-short'
  | 'attribute-overflow'
  | 'bad-attribute-value'
  | 'duplicate-message-authenticator';

export type DecodeResult =
  { ok: true; packet: RadiusPacket } | { ok: false; reason: MalformedReason; detail: string };

function malformed(reason: MalformedReason, detail: string): DecodeResult {
  return { ok: false, reason, detail };
}

/** Checks one attribute value against the layout its type requires; returns what is wrong or undefined. */
function valueProblem(type: number, value: Buffer): string | undefined {
  const kind = attributeKinds.get(type);
  const length = value.length;
  switch (kind) {
    case 'address':
    case 'integer':
    case 'time':
    case 'tagged-integer':
      return length === 4 ? undefined : `attribute ${type} must carry 4 octets, has ${length}`;
    case 'user-password':
      return length >= 16 && length <= 128 && length % 16 === 0
        ? undefined
        : `User-Password must be 16..128 octets in steps of 16, has ${length}`;
    case 'chap-password':
      return length === 17 ? undefined : `CHAP-Password must carry 17 octets, has ${length}`;
    case 'message-authenticator':
      return length === 16 ? undefined : `Message-Authenticator must carry 16 octets, has ${length}`;
    case 'vsa':
      return length >= 5 ? undefined : `Vendor-Specific must carry at least 5 octets, has ${length}`;
    case 'tagged-string':
    case 'text':
    case 'string':
      return length >= 1 ? undefined : `attribute ${type} must not be empty`;
    default:
      // Unknown attributes are kept opaque; RFC 2865 lets a server ignore what it does not understand.
      return undefined;
  }
}

/**
 * Decodes a datagram strictly. Every structural fault is reported as a reason, never thrown: the server
 * loop drops and counts malformed packets and must not depend on exceptions to survive them.
 */
export function decodePacket(datagram: Buffer): DecodeResult {
  if (datagram.length < MIN_PACKET_LENGTH) {
    return malformed('too-short', `${datagram.length} octets, the header alone is ${MIN_PACKET_LENGTH}`);
  }
  const code = datagram[0]!;
  const identifier = datagram[1]!;
  const length = datagram.readUInt16BE(2);
  if (length < MIN_PACKET_LENGTH || length > MAX_PACKET_LENGTH) {
    return malformed(
      'bad-length',
      `Length field ${length} outside ${MIN_PACKET_LENGTH}..${MAX_PACKET_LENGTH}`,
    );
  }
  // RFC 2865 §3: fewer octets than Length means drop; octets beyond Length are padding and ignored.
  if (datagram.length < length) {
    return malformed('truncated', `Length field ${length} but only ${datagram.length} octets received`);
  }
  if (!isKnownCode(code)) return malformed('unknown-code', `code ${code}`);
  const raw = datagram.length === length ? datagram : datagram.subarray(0, length);
  const attributes: RadiusAttribute[] = [];
  let messageAuthenticatorOffset: number | undefined;
  let offset = MIN_PACKET_LENGTH;
  while (offset < length) {
    if (offset + 2 > length)
      return malformed('attribute-overflow', `attribute header at ${offset} runs past the end`);
    const type = raw[offset]!;
    const attributeLength = raw[offset + 1]!;
    if (attributeLength < 2) {
      return malformed('attribute-too-short', `attribute ${type} at ${offset} has length ${attributeLength}`);
    }
    if (offset + attributeLength > length) {
      return malformed('attribute-overflow', `attribute ${type} at ${offset} overruns the packet`);
    }
    const value = raw.subarray(offset + 2, offset + attributeLength);
    const problem = valueProblem(type, value);
    if (problem) return malformed('bad-attribute-value', problem);
    if (type === Attr.MessageAuthenticator) {
      if (messageAuthenticatorOffset !== undefined) {
        return malformed('duplicate-message-authenticator', 'more than one Message-Authenticator');
      }
      messageAuthenticatorOffset = offset + 2;
    }
    attributes.push({ type, value });
    offset += attributeLength;
  }
  const packet: RadiusPacket = {
    code,
    identifier,
    authenticator: raw.subarray(4, 4 + AUTHENTICATOR_LENGTH),
    attributes,
    raw,
    ...(messageAuthenticatorOffset !== undefined ? { messageAuthenticatorOffset } : {}),
  };
  return { ok: true, packet };
}

export class RadiusEncodeError extends Error {
  override name = 'RadiusEncodeError';
}

/** Where a leading Message-Authenticator's value sits: right after the header and its type and length. */
export const LEADING_MESSAGE_AUTHENTICATOR_OFFSET = MIN_PACKET_LENGTH + 2;

/**
 * Lays out header and attributes; authenticator bytes are written as given (callers sign afterwards).
 * With `leadingMessageAuthenticator`, a zeroed Message-Authenticator goes first, where a client that checks
 * it before anything else (BlastRADIUS guidance) finds it; `attributes` must then carry none of their own.
 */
export function encodePacket(
  code: RadiusCode,
  identifier: number,
  authenticator: Buffer,
  attributes: readonly RadiusAttribute[],
  leadingMessageAuthenticator = false,
): Buffer {
  if (authenticator.length !== AUTHENTICATOR_LENGTH)
    throw new RadiusEncodeError('authenticator must be 16 octets');
  if (!Number.isInteger(identifier) || identifier < 0 || identifier > 255) {
    throw new RadiusEncodeError(`identifier ${identifier} outside 0..255`);
  }
  let length = leadingMessageAuthenticator
    ? LEADING_MESSAGE_AUTHENTICATOR_OFFSET + AUTHENTICATOR_LENGTH
    : MIN_PACKET_LENGTH;
  for (const attribute of attributes) {
    if (attribute.value.length > 253) {
      throw new RadiusEncodeError(
        `attribute ${attribute.type} value of ${attribute.value.length} octets exceeds 253`,
      );
    }
    length += 2 + attribute.value.length;
  }
  if (length > MAX_PACKET_LENGTH)
    throw new RadiusEncodeError(`packet of ${length} octets exceeds ${MAX_PACKET_LENGTH}`);
  const buffer = Buffer.allocUnsafe(length);
  buffer[0] = code;
  buffer[1] = identifier;
  buffer.writeUInt16BE(length, 2);
  authenticator.copy(buffer, 4);
  let offset = MIN_PACKET_LENGTH;
  if (leadingMessageAuthenticator) {
    buffer[offset] = Attr.MessageAuthenticator;
    buffer[offset + 1] = AUTHENTICATOR_LENGTH + 2;
    buffer.fill(
      0,
      LEADING_MESSAGE_AUTHENTICATOR_OFFSET,
      LEADING_MESSAGE_AUTHENTICATOR_OFFSET + AUTHENTICATOR_LENGTH,
    );
    offset = LEADING_MESSAGE_AUTHENTICATOR_OFFSET + AUTHENTICATOR_LENGTH;
  }
  for (const attribute of attributes) {
    buffer[offset] = attribute.type;
    buffer[offset + 1] = attribute.value.length + 2;
    attribute.value.copy(buffer, offset + 2);
    offset += attribute.value.length + 2;
  }
  return buffer;
}
