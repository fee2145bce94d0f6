import { createSocket, Socket } from 'node:dgram';
import { passwordGrantToken, radclient, waitFor } from '@edubase/testing';
import { Attr, attribute, encodeAccessRequest, encodeSignedRequest, RadiusCode } from '../src/radius';
import { RadiusListenerService } from '../src/server/radius-listener.service';
import { api, counterValue, Harness, startNetworkAccess } from './netaccess-harness';

jest.setTimeout(120_000);

const secret = 'fuzz-shared-secret-3101200001';
const PACKETS = 100_000;
const BURST = 500;

/** Deterministic PRNG so a failing run can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

describe('fuzzing the RADIUS server with 100,000 random and mutated packets', () => {
  let harness: Harness;
  let socket: Socket;

  beforeAll(async () => {
    harness = await startNetworkAccess('fuzz');
    const token = await passwordGrantToken('district.admin');
    expect(
      (
        await api(harness, token, 'POST', '/nas', {
          schoolCode: '3101200001',
          name: 'fuzz target',
          ip: '127.0.0.1',
          sharedSecret: secret,
          vendor: 'h3c',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await api(harness, token, 'POST', '/terminals', {
          macAddress: '02-00-00-00-00-01',
          schoolCode: '3101200001',
          type: 'class-display',
        })
      ).status,
    ).toBe(201);
    socket = createSocket('udp4');
    socket.on('message', () => undefined);
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  });

  afterAll(async () => {
    socket?.close();
    await harness?.close();
  });

  it('drops and counts what it must, never crashes or stalls, and still answers correctly afterwards', async () => {
    const random = prng(20_260_301);
    const byte = () => Math.floor(random() * 256);
    const seeds = [
      encodeAccessRequest(
        1,
        [
          attribute.text(Attr.UserName, '020000000001'),
          attribute.octets(Attr.UserPassword, Buffer.alloc(16, 1)),
          attribute.text(Attr.CallingStationId, '02-00-00-00-00-01'),
          attribute.vendorSpecific(2011, [attribute.text(1, 'x')]),
        ],
        Buffer.from(secret),
        { messageAuthenticator: true },
      ),
      encodeSignedRequest(
        RadiusCode.AccountingRequest,
        2,
        [
          attribute.integer(Attr.AcctStatusType, 3),
          attribute.text(Attr.AcctSessionId, 'fuzz'),
          attribute.text(Attr.UserName, 'u'),
        ],
        Buffer.from(secret),
      ),
    ];
    const mutate = (seed: Buffer): Buffer => {
      const packet = Buffer.from(seed);
      switch (Math.floor(random() * 6)) {
        case 0: // flip a few bytes anywhere
          for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips -= 1)
            packet[Math.floor(random() * packet.length)] = byte();
          return packet;
        case 1: // lie about the length
          packet.writeUInt16BE(Math.floor(random() * 5000), 2);
          return packet;
        case 2: // truncate
          return packet.subarray(0, Math.floor(random() * packet.length));
        case 3: // break an attribute length
          packet[20 + 1 + Math.floor(random() * 3) * 0] = random() < 0.5 ? byte() : Math.floor(random() * 2);
          return packet;
        case 4: // append garbage attributes and fix the length so it parses further
          return fixLength(
            Buffer.concat([packet, Buffer.from(Array.from({ length: 2 + Math.floor(random() * 40) }, byte))]),
          );
        default: // a valid header with a random code
          packet[0] = byte();
          return packet;
      }
    };
    const fixLength = (packet: Buffer): Buffer => {
      packet.writeUInt16BE(Math.min(packet.length, 4096), 2);
      return packet;
    };
    const malformedBefore = await counterValue('netaccess_radius_dropped_total', { reason: 'malformed' });
    const handlerErrorsBefore = await counterValue('netaccess_radius_dropped_total', {
      reason: 'handler-error',
    });

    const received = async () =>
      (await counterValue('netaccess_radius_received_total', { port: 'auth' })) +
      (await counterValue('netaccess_radius_received_total', { port: 'acct' }));
    const receivedBefore = await received();
    const started = Date.now();
    for (let sent = 0; sent < PACKETS; sent += BURST) {
      for (let index = 0; index < BURST; index += 1) {
        const kind = random();
        const datagram =
          kind < 0.3
            ? Buffer.from(Array.from({ length: Math.floor(random() * 120) }, byte))
            : mutate(seeds[Math.floor(random() * seeds.length)]!);
        const port = random() < 0.5 ? harness.authPort : harness.acctPort;
        socket.send(datagram, port, '127.0.0.1');
      }
      // Paced so the kernel's socket buffer never overflows: every datagram must reach the server.
      const target = receivedBefore + sent + BURST;
      const deadline = Date.now() + 10_000;
      while ((await received()) < target) {
        if (Date.now() > deadline)
          throw new Error(`server stalled: ${await received()} of ${target} received`);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
    const server = harness.app.get(RadiusListenerService).server;
    await waitFor('server to drain', 30_000, async () => server.pending === 0);
    const elapsed = Date.now() - started;

    expect((await received()) - receivedBefore).toBe(PACKETS);
    const malformed =
      (await counterValue('netaccess_radius_dropped_total', { reason: 'malformed' })) - malformedBefore;
    expect(malformed).toBeGreaterThan(PACKETS * 0.2);
    expect(await counterValue('netaccess_radius_dropped_total', { reason: 'handler-error' })).toBe(
      handlerErrorsBefore,
    );

    const mab = await radclient(harness.authPort, 'auth', secret, [
      'User-Name = "020000000001"',
      'User-Password = "020000000001"',
      'Calling-Station-Id = "02-00-00-00-00-01"',
      'Message-Authenticator = 0x00',
    ]);
    expect(mab.code).toBe('Access-Accept');
    const accounting = await radclient(harness.acctPort, 'acct', secret, [
      'User-Name = "020000000001"',
      'Acct-Status-Type = Start',
      'Acct-Session-Id = "after-fuzz"',
    ]);
    expect(accounting.code).toBe('Accounting-Response');
    process.stdout.write(`fuzz: ${PACKETS} packets in ${elapsed} ms, ${malformed} counted malformed\n`);
  });
});
