import { createHmac, hash, randomBytes } from 'node:crypto';
import { md5, md5Into, md5State } from './md5';

describe('md5', () => {
  it('matches the RFC 1321 test suite', () => {
    const suite: Array<[string, string]> = [
      ['', 'd41d8cd98f00b204e9800998ecf8427e'],
      ['a', '0cc175b9c0f1b6a831c399e269772661'],
      ['abc', '900150983cd24fb0d6963f7d28e17f72'],
      ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
      ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
      ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
      [
        '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
        '57edf4a22be3c955ac49da2e2107b67a',
      ],
    ];
    for (const [message, digest] of suite) expect(md5(Buffer.from(message)).toString('hex')).toBe(digest);
  });

  it('agrees with OpenSSL on every length around the block and padding boundaries', () => {
    for (let length = 0; length <= 300; length += 1) {
      const bytes = randomBytes(length + 7);
      // An offset into a larger buffer, as the RADIUS code hashes a slice of its scratch.
      expect(md5(bytes, 3, length).toString('hex')).toBe(hash('md5', bytes.subarray(3, 3 + length), 'hex'));
    }
  });

  it('writes the digest in place', () => {
    const out = Buffer.alloc(20, 0xee);
    md5Into(Buffer.from('abc'), 0, 3, out, 2);
    expect(out.subarray(2, 18).toString('hex')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(out[0]).toBe(0xee);
    expect(out[19]).toBe(0xee);
  });

  it('continues from a precomputed key-pad state as HMAC-MD5 does', () => {
    const key = randomBytes(19);
    const inner = Buffer.alloc(64, 0x36);
    const outer = Buffer.alloc(64, 0x5c);
    key.forEach((octet, index) => {
      inner[index] ^= octet;
      outer[index] ^= octet;
    });
    const innerState = md5State(inner);
    const outerState = md5State(outer);
    for (const length of [0, 1, 20, 55, 56, 63, 64, 100, 4096]) {
      const message = randomBytes(length);
      const digest = md5(md5(message, 0, length, innerState), 0, 16, outerState);
      expect(digest.toString('hex')).toBe(createHmac('md5', key).update(message).digest('hex'));
    }
  });

  it('refuses a key-pad state of anything but one block', () => {
    expect(() => md5State(Buffer.alloc(63))).toThrow(RangeError);
  });
});
