import { isIPv4 } from 'node:net';
import { Attr, TunnelMediumType, TunnelType } from './constants';
import { RadiusAttribute, RadiusPacket } from './packet';

/** Builders for attribute values in the RFC 2865 §5 data types. */
export const attribute = {
  text(type: number, value: string): RadiusAttribute {
    return { type, value: Buffer.from(value, 'utf8') };
  },
  octets(type: number, value: Buffer): RadiusAttribute {
    return { type, value };
  },
  integer(type: number, value: number): RadiusAttribute {
    const buffer = Buffer.allocUnsafe(4);
    buffer.writeUInt32BE(value >>> 0);
    return { type, value: buffer };
  },
  address(type: number, ip: string): RadiusAttribute {
    return { type, value: ipv4ToBuffer(ip) };
  },
  /** RFC 2868 §3.1/3.2: one tag octet then a 24-bit integer. */
  taggedInteger(type: number, tag: number, value: number): RadiusAttribute {
    const buffer = Buffer.allocUnsafe(4);
    buffer.writeUInt32BE(value & 0xffffff);
    buffer[0] = tag;
    return { type, value: buffer };
  },
  /** RFC 2868 §3.6: a tag octet (0x01..0x1F) prefixes the string; tag 0 means untagged. */
  taggedText(type: number, tag: number, value: string): RadiusAttribute {
    const text = Buffer.from(value, 'utf8');
    return { type, value: tag === 0 ? text : Buffer.concat([Buffer.from([tag]), text]) };
  },
  /** RFC 2865 §5.26 recommended format: Vendor-Id then type/length/value sub-attributes. */
  vendorSpecific(vendorId: number, subAttributes: readonly RadiusAttribute[]): RadiusAttribute {
    const parts: Buffer[] = [Buffer.alloc(4)];
    parts[0]!.writeUInt32BE(vendorId);
    for (const sub of subAttributes) parts.push(Buffer.from([sub.type, sub.value.length + 2]), sub.value);
    return { type: Attr.VendorSpecific, value: Buffer.concat(parts) };
  },
};

export function ipv4ToBuffer(ip: string): Buffer {
  if (!isIPv4(ip)) throw new TypeError(`not an IPv4 address: ${ip}`);
  return Buffer.from(ip.split('.').map(Number));
}

export function bufferToIpv4(value: Buffer): string {
  return `${value[0]}.${value[1]}.${value[2]}.${value[3]}`;
}

export function findAttribute(packet: RadiusPacket, type: number): Buffer | undefined {
  for (const candidate of packet.attributes) if (candidate.type === type) return candidate.value;
  return undefined;
}

export function allAttributes(packet: RadiusPacket, type: number): Buffer[] {
  return packet.attributes.filter((candidate) => candidate.type === type).map((candidate) => candidate.value);
}

export function textAttribute(packet: RadiusPacket, type: number): string | undefined {
  return findAttribute(packet, type)?.toString('utf8');
}

export function integerAttribute(packet: RadiusPacket, type: number): number | undefined {
  const value = findAttribute(packet, type);
  return value && value.length === 4 ? value.readUInt32BE(0) : undefined;
}

export function addressAttribute(packet: RadiusPacket, type: number): string | undefined {
  const value = findAttribute(packet, type);
  return value && value.length === 4 ? bufferToIpv4(value) : undefined;
}

export interface TaggedValue<T> {
  tag: number;
  value: T;
}

export function decodeTaggedInteger(value: Buffer): TaggedValue<number> {
  return { tag: value[0]!, value: value.readUInt32BE(0) & 0xffffff };
}

/** A first octet above 0x1F is data, not a tag (RFC 2868 §3.6). */
export function decodeTaggedText(value: Buffer): TaggedValue<string> {
  const first = value[0]!;
  return first >= 0x01 && first <= 0x1f
    ? { tag: first, value: value.subarray(1).toString('utf8') }
    : { tag: 0, value: value.toString('utf8') };
}

export interface VendorSpecificValue {
  vendorId: number;
  attributes: RadiusAttribute[];
}

/** Decodes the recommended VSA layout; undefined when the vendor uses its own layout. */
export function decodeVendorSpecific(value: Buffer): VendorSpecificValue | undefined {
  if (value.length < 5) return undefined;
  const vendorId = value.readUInt32BE(0);
  const attributes: RadiusAttribute[] = [];
  let offset = 4;
  while (offset < value.length) {
    if (offset + 2 > value.length) return undefined;
    const subLength = value[offset + 1]!;
    if (subLength < 2 || offset + subLength > value.length) return undefined;
    attributes.push({ type: value[offset]!, value: value.subarray(offset + 2, offset + subLength) });
    offset += subLength;
  }
  return { vendorId, attributes };
}

/** The three RFC 3580 §3.31 attributes that put a session on a VLAN. */
export function vlanAttributes(vlanId: number, tag = 1): RadiusAttribute[] {
  return [
    attribute.taggedInteger(Attr.TunnelType, tag, TunnelType.Vlan),
    attribute.taggedInteger(Attr.TunnelMediumType, tag, TunnelMediumType.Ieee802),
    attribute.taggedText(Attr.TunnelPrivateGroupId, tag, String(vlanId)),
  ];
}

/** 64-bit octet counter from the 32-bit counter and its RFC 2869 gigawords attribute. */
export function octetCounter(packet: RadiusPacket, octetsType: number, gigawordsType: number): number {
  const octets = integerAttribute(packet, octetsType) ?? 0;
  const gigawords = integerAttribute(packet, gigawordsType) ?? 0;
  return gigawords * 2 ** 32 + octets;
}
