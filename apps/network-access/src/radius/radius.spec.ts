import { createHash, createHmac } from 'node:crypto';
import {
  AcctStatus,
  addressAttribute,
  Attr,
  attribute,
  decodePacket,
  decodeTaggedInteger,
  decodeTaggedText,
  decodeVendorSpecific,
  encodeAccessRequest,
  encodePacket,
  encodeResponse,
  encodeSignedRequest,
  encodeStatusServer,
  findAttribute,
  hideUserPassword,
  integerAttribute,
  octetCounter,
  RadiusCode,
  RadiusPacket,
  revealUserPassword,
  textAttribute,
  verifyChapPassword,
  verifyMessageAuthenticator,
  verifyRequestAuthenticator,
  verifyResponseAuthenticator,
  vlanAttributes,
} from './index';

const rfcSecret = Buffer.from('xyzzy5461');
// RFC 2865 §7.1: Access-Request for nemo/arctangent and the Access-Accept the RFC shows in reply.
const rfcRequestHex =
  '010000380f403f9473978057bd83d5cb98f4227a01066e656d6f02120dbe708d93d413ce3196e43f782a0aee0406c0a80110050600000003';
const rfcAcceptHex = '0200002686fe220e7624ba2a1005f6bf9b55e0b20606000000010f06000000000e06c0a80103';
// Captured from FreeRADIUS radclient 3.2.1 (secret xyzzy5461): PAP with Message-Authenticator,
// CHAP-Password "secret99" challenged by the Request Authenticator, and an Accounting-Request Start.
const radclientPapWithMessageAuthenticatorHex =
  '013c004ac61c5ec7648dfbe3144fdf4bf20b44f801066e656d6f02126041f7c14e0f7535e1cf75ef184d8e730406c0a8011005060000000350128f7578ea4586de13eeb7ed584c23549c';
const radclientChapHex =
  '01150035a734f330891155e00b347c3c9ce1c9170108666c6f7073790313650683e2922e7107e1f6b5613674f78ef40406c0a80110';
const radclientAccountingStartHex =
  '0457002bb52186d8530dd2cbada0cb269c0b7eb801066e656d6f2806000000012c0561626308060a010203';

function decoded(hex: string | Buffer): RadiusPacket {
  const result = decodePacket(typeof hex === 'string' ? Buffer.from(hex, 'hex') : hex);
  if (!result.ok) throw new Error(`expected a valid packet, got ${result.reason}: ${result.detail}`);
  return result.packet;
}

describe('RFC 2865 §7.1 vectors', () => {
  it('decodes the Access-Request and reveals the hidden password', () => {
    const packet = decoded(rfcRequestHex);
    expect(packet.code).toBe(RadiusCode.AccessRequest);
    expect(packet.identifier).toBe(0);
    expect(textAttribute(packet, Attr.UserName)).toBe('nemo');
    expect(addressAttribute(packet, Attr.NasIpAddress)).toBe('192.168.1.16');
    expect(integerAttribute(packet, Attr.NasPort)).toBe(3);
    const hidden = findAttribute(packet, Attr.UserPassword)!;
    expect(revealUserPassword(hidden, rfcSecret, packet.authenticator).toString()).toBe('arctangent');
  });

  it('hides the password exactly as the RFC shows and re-encodes the request byte for byte', () => {
    const authenticator = Buffer.from('0f403f9473978057bd83d5cb98f4227a', 'hex');
    const hidden = hideUserPassword(Buffer.from('arctangent'), rfcSecret, authenticator);
    expect(hidden.toString('hex')).toBe('0dbe708d93d413ce3196e43f782a0aee');
    const raw = encodeAccessRequest(
      0,
      [
        attribute.text(Attr.UserName, 'nemo'),
        attribute.octets(Attr.UserPassword, hidden),
        attribute.address(Attr.NasIpAddress, '192.168.1.16'),
        attribute.integer(Attr.NasPort, 3),
      ],
      rfcSecret,
      { authenticator },
    );
    expect(raw.toString('hex')).toBe(rfcRequestHex);
  });

  it('produces the RFC Access-Accept with its Response Authenticator', () => {
    const request = decoded(rfcRequestHex);
    const raw = encodeResponse(
      request,
      RadiusCode.AccessAccept,
      [
        attribute.integer(Attr.ServiceType, 1),
        attribute.integer(15, 0),
        attribute.address(14, '192.168.1.3'),
      ],
      rfcSecret,
    );
    expect(raw.toString('hex')).toBe(rfcAcceptHex);
    const response = decoded(raw);
    expect(verifyResponseAuthenticator(response, request.authenticator, rfcSecret)).toBe(true);
    expect(verifyResponseAuthenticator(response, request.authenticator, Buffer.from('wrong'))).toBe(false);
  });
});

describe('packets captured from radclient', () => {
  it('verifies the Message-Authenticator of an Access-Request and rejects a tampered one', () => {
    const packet = decoded(radclientPapWithMessageAuthenticatorHex);
    expect(packet.messageAuthenticatorOffset).toBeDefined();
    expect(verifyMessageAuthenticator(packet, rfcSecret)).toBe(true);
    expect(verifyMessageAuthenticator(packet, Buffer.from('other-secret'))).toBe(false);
    const tampered = Buffer.from(radclientPapWithMessageAuthenticatorHex, 'hex');
    tampered[22] ^= 0x01; // one bit of User-Name
    expect(verifyMessageAuthenticator(decoded(tampered), rfcSecret)).toBe(false);
    const password = revealUserPassword(
      findAttribute(packet, Attr.UserPassword)!,
      rfcSecret,
      packet.authenticator,
    );
    expect(password.toString()).toBe('arctangent');
  });

  it('verifies the Message-Authenticator of a Status-Server over its own Request Authenticator (RFC 5997)', () => {
    // `echo 'Message-Authenticator = 0x00' | radclient 127.0.0.1:18999 status xyzzy5461`
    const packet = decoded('0c96002663fb6ddc72e6179004c11ad07c40a26c5012f47fc13c316cb8a3904d8cbc8eaeab42');
    expect(packet.code).toBe(RadiusCode.StatusServer);
    expect(verifyMessageAuthenticator(packet, rfcSecret)).toBe(true);
    expect(verifyMessageAuthenticator(packet, Buffer.from('other-secret'))).toBe(false);
    const ours = decoded(encodeStatusServer(7, rfcSecret));
    expect(verifyMessageAuthenticator(ours, rfcSecret)).toBe(true);
    expect(ours.authenticator.equals(Buffer.alloc(16))).toBe(false);
  });

  it('reports no Message-Authenticator on a packet without one', () => {
    expect(verifyMessageAuthenticator(decoded(rfcRequestHex), rfcSecret)).toBe(false);
  });

  it('verifies CHAP against the Request Authenticator and fails on the wrong secret', () => {
    const packet = decoded(radclientChapHex);
    const chapPassword = findAttribute(packet, Attr.ChapPassword)!;
    expect(verifyChapPassword(chapPassword, Buffer.from('secret99'), packet.authenticator)).toBe(true);
    expect(verifyChapPassword(chapPassword, Buffer.from('secret98'), packet.authenticator)).toBe(false);
  });

  it('verifies CHAP against CHAP-Challenge when the NAS sends one', () => {
    const challenge = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const response = Buffer.concat([Buffer.from([7]), hashChap(7, 'printer-key', challenge)]);
    expect(verifyChapPassword(response, Buffer.from('printer-key'), challenge)).toBe(true);
    expect(verifyChapPassword(response, Buffer.from('printer-key'), Buffer.alloc(16))).toBe(false);
  });

  it('verifies the Accounting-Request authenticator', () => {
    const packet = decoded(radclientAccountingStartHex);
    expect(packet.code).toBe(RadiusCode.AccountingRequest);
    expect(integerAttribute(packet, Attr.AcctStatusType)).toBe(AcctStatus.Start);
    expect(addressAttribute(packet, Attr.FramedIpAddress)).toBe('10.1.2.3');
    expect(verifyRequestAuthenticator(packet, rfcSecret)).toBe(true);
    expect(verifyRequestAuthenticator(packet, Buffer.from('xyzzy5462'))).toBe(false);
  });
});

function hashChap(ident: number, secret: string, challenge: Buffer): Buffer {
  // Independent of the code under test: RFC 1994 spelled out with node:crypto directly.
  return createHash('md5')
    .update(Buffer.from([ident]))
    .update(secret)
    .update(challenge)
    .digest();
}

describe('round trips', () => {
  const secret = Buffer.from('s3cret-for-tests');

  it('signs a Disconnect-Request with Message-Authenticator first and verifies both', () => {
    const raw = encodeSignedRequest(
      RadiusCode.DisconnectRequest,
      42,
      [attribute.text(Attr.UserName, 'teacher.3101200001'), attribute.text(Attr.AcctSessionId, '0001A2B3')],
      secret,
      { messageAuthenticator: true },
    );
    const packet = decoded(raw);
    expect(packet.attributes[0]!.type).toBe(Attr.MessageAuthenticator);
    expect(verifyRequestAuthenticator(packet, secret)).toBe(true);
    expect(verifyMessageAuthenticator(packet, secret)).toBe(true);
    expect(textAttribute(packet, Attr.AcctSessionId)).toBe('0001A2B3');
  });

  it('signs a reply with Message-Authenticator computed over the request authenticator', () => {
    const request = decoded(radclientPapWithMessageAuthenticatorHex);
    const raw = encodeResponse(
      request,
      RadiusCode.AccessReject,
      [attribute.text(Attr.ReplyMessage, '密码错误')],
      secret,
      {
        messageAuthenticator: true,
      },
    );
    const reply = decoded(raw);
    expect(verifyResponseAuthenticator(reply, request.authenticator, secret)).toBe(true);
    expect(verifyMessageAuthenticator(reply, secret, request.authenticator)).toBe(true);
    expect(textAttribute(reply, Attr.ReplyMessage)).toBe('密码错误');
  });

  it('computes Message-Authenticator as HMAC-MD5 for secrets shorter, as long as and longer than its block', () => {
    const request = decoded(radclientPapWithMessageAuthenticatorHex);
    for (const length of [1, 63, 64, 65, 200]) {
      const longSecret = Buffer.from('k'.repeat(length));
      const raw = encodeResponse(request, RadiusCode.AccessAccept, [], longSecret, {
        messageAuthenticator: true,
      });
      const zeroed = Buffer.from(raw);
      request.authenticator.copy(zeroed, 4);
      zeroed.fill(0, 22, 38); // Message-Authenticator comes first: type, length, then 16 octets at 22
      const expected = createHmac('md5', longSecret).update(zeroed).digest();
      expect(raw.subarray(22, 38).equals(expected)).toBe(true);
      expect(verifyMessageAuthenticator(decoded(raw), longSecret, request.authenticator)).toBe(true);
      expect(verifyMessageAuthenticator(decoded(raw), Buffer.from('other'), request.authenticator)).toBe(
        false,
      );
    }
  });

  it('hides and reveals passwords of every length up to 128 octets', () => {
    const authenticator = Buffer.from('a1b2c3d4e5f60718293a4b5c6d7e8f90', 'hex');
    for (const length of [1, 15, 16, 17, 31, 32, 33, 100, 128]) {
      const password = Buffer.from('x'.repeat(length));
      const hidden = hideUserPassword(password, secret, authenticator);
      expect(hidden.length).toBe(Math.ceil(length / 16) * 16);
      expect(revealUserPassword(hidden, secret, authenticator).equals(password)).toBe(true);
    }
  });

  it('encodes VLAN tunnel attributes with tags and decodes them back', () => {
    const raw = encodeResponse(
      decoded(rfcRequestHex),
      RadiusCode.AccessAccept,
      vlanAttributes(120, 1),
      secret,
    );
    const packet = decoded(raw);
    expect(decodeTaggedInteger(findAttribute(packet, Attr.TunnelType)!)).toEqual({ tag: 1, value: 13 });
    expect(decodeTaggedInteger(findAttribute(packet, Attr.TunnelMediumType)!)).toEqual({ tag: 1, value: 6 });
    expect(decodeTaggedText(findAttribute(packet, Attr.TunnelPrivateGroupId)!)).toEqual({
      tag: 1,
      value: '120',
    });
    expect(decodeTaggedText(Buffer.from('120'))).toEqual({ tag: 0, value: '120' });
  });

  it('encodes and decodes Vendor-Specific sub-attributes', () => {
    const vsa = attribute.vendorSpecific(2011, [
      attribute.text(26, 'huawei-domain'),
      attribute.integer(1, 7),
    ]);
    const packet = decoded(encodeSignedRequest(RadiusCode.AccountingRequest, 1, [vsa], secret));
    const value = decodeVendorSpecific(findAttribute(packet, Attr.VendorSpecific)!)!;
    expect(value.vendorId).toBe(2011);
    expect(value.attributes.map((sub) => sub.type)).toEqual([26, 1]);
    expect(value.attributes[0]!.value.toString()).toBe('huawei-domain');
    expect(decodeVendorSpecific(Buffer.from([0, 0, 7, 219, 5, 9, 1]))).toBeUndefined();
  });

  it('combines octet counters with gigawords', () => {
    const packet = decoded(
      encodeSignedRequest(
        RadiusCode.AccountingRequest,
        9,
        [attribute.integer(Attr.AcctInputOctets, 10), attribute.integer(Attr.AcctInputGigawords, 3)],
        secret,
      ),
    );
    expect(octetCounter(packet, Attr.AcctInputOctets, Attr.AcctInputGigawords)).toBe(3 * 2 ** 32 + 10);
    expect(octetCounter(packet, Attr.AcctOutputOctets, Attr.AcctOutputGigawords)).toBe(0);
  });

  it('ignores padding beyond the Length field', () => {
    const padded = Buffer.concat([Buffer.from(rfcRequestHex, 'hex'), Buffer.alloc(10, 0xee)]);
    const packet = decoded(padded);
    expect(packet.raw.length).toBe(56);
    expect(packet.attributes).toHaveLength(4);
  });

  it('refuses to encode what the wire cannot carry', () => {
    expect(() =>
      encodePacket(RadiusCode.AccessAccept, 1, Buffer.alloc(16), [attribute.octets(25, Buffer.alloc(254))]),
    ).toThrow(/exceeds 253/);
    expect(() => encodePacket(RadiusCode.AccessAccept, 256, Buffer.alloc(16), [])).toThrow(/identifier/);
  });
});

describe('strict decoding', () => {
  const valid = Buffer.from(rfcRequestHex, 'hex');
  const withLength = (buffer: Buffer, length: number): Buffer => {
    const copy = Buffer.from(buffer);
    copy.writeUInt16BE(length, 2);
    return copy;
  };
  const cases: Array<[string, Buffer, string]> = [
    ['an empty datagram', Buffer.alloc(0), 'too-short'],
    ['a 19-octet datagram', valid.subarray(0, 19), 'too-short'],
    ['a Length below 20', withLength(valid, 19), 'bad-length'],
    ['a Length above 4096', withLength(Buffer.concat([valid, Buffer.alloc(4100)]), 4097), 'bad-length'],
    ['fewer octets than Length', withLength(valid, 60), 'truncated'],
    ['an unknown code', Buffer.concat([Buffer.from([99]), valid.subarray(1)]), 'unknown-code'],
    [
      'an attribute of length 0',
      withLength(Buffer.concat([valid, Buffer.from([1, 0])]), 58),
      'attribute-too-short',
    ],
    [
      'an attribute of length 1',
      withLength(Buffer.concat([valid, Buffer.from([1, 1])]), 58),
      'attribute-too-short',
    ],
    [
      'an attribute overrunning the packet',
      withLength(Buffer.concat([valid, Buffer.from([1, 9, 65])]), 59),
      'attribute-overflow',
    ],
    [
      'a lone attribute type octet',
      withLength(Buffer.concat([valid, Buffer.from([1])]), 57),
      'attribute-overflow',
    ],
    [
      'a 3-octet integer',
      withLength(Buffer.concat([valid, Buffer.from([5, 5, 0, 0, 1])]), 61),
      'bad-attribute-value',
    ],
    [
      'an empty User-Name',
      withLength(Buffer.concat([valid, Buffer.from([1, 2])]), 58),
      'bad-attribute-value',
    ],
    [
      'a 15-octet User-Password',
      withLength(Buffer.concat([valid, Buffer.from([2, 17]), Buffer.alloc(15)]), 73),
      'bad-attribute-value',
    ],
    [
      'a short Message-Authenticator',
      withLength(Buffer.concat([valid, Buffer.from([80, 10]), Buffer.alloc(8)]), 66),
      'bad-attribute-value',
    ],
    [
      'two Message-Authenticators',
      withLength(
        Buffer.concat([
          valid,
          Buffer.from([80, 18]),
          Buffer.alloc(16),
          Buffer.from([80, 18]),
          Buffer.alloc(16),
        ]),
        92,
      ),
      'duplicate-message-authenticator',
    ],
  ];
  it.each(cases)('rejects %s', (_name, datagram, reason) => {
    const result = decodePacket(datagram);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe(reason);
      expect(result.detail.length).toBeGreaterThan(0);
    }
  });

  it('never throws on random or mutated input', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    let accepted = 0;
    for (let round = 0; round < 20_000; round += 1) {
      const datagram = Buffer.from(valid);
      const flips = 1 + (random() % 4);
      for (let flip = 0; flip < flips; flip += 1) datagram[random() % datagram.length] = random() & 0xff;
      const result = decodePacket(
        round % 2 === 0 ? datagram : datagram.subarray(0, random() % datagram.length),
      );
      if (result.ok) accepted += 1;
    }
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(20_000);
  });
});
