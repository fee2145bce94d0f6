import { createSocket, Socket } from 'node:dgram';
import {
  Attr,
  decodePacket,
  encodeSignedRequest,
  integerAttribute,
  RadiusAttribute,
  RadiusCode,
  verifyResponseAuthenticator,
} from '../radius';

export interface DisconnectTarget {
  ip: string;
  port: number;
  secret: Buffer;
}

export type DisconnectResult =
  { result: 'ack' } | { result: 'nak'; errorCause: number | null } | { result: 'timeout' };

/** RFC 5176 requests this client sends, with the ACK and NAK codes that answer each. */
const answers = {
  [RadiusCode.DisconnectRequest]: { ack: RadiusCode.DisconnectAck, nak: RadiusCode.DisconnectNak },
  [RadiusCode.CoaRequest]: { ack: RadiusCode.CoaAck, nak: RadiusCode.CoaNak },
} as const;

export type DynamicAuthorizationCode = keyof typeof answers;

interface Waiting {
  target: DisconnectTarget;
  authenticator: Buffer;
  ack: number;
  nak: number;
  settle(result: DisconnectResult): void;
}

/**
 * RFC 5176 client: sends Disconnect-Requests and CoA-Requests to NASes from one UDP socket and matches each answer by source,
 * identifier and a valid Response Authenticator; unanswered requests are retried, then reported as timeout.
 */
export class DynamicAuthorizationClient {
  private socket: Socket | null = null;
  private readonly waiting = new Map<string, Waiting>();
  private nextIdentifier = Math.floor(Math.random() * 256);

  constructor(private readonly options: { timeoutMs: number; retries: number }) {}

  async start(): Promise<void> {
    const socket = createSocket('udp4');
    socket.on('message', (datagram, remote) => this.receive(datagram, remote.address, remote.port));
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.bind(0, () => resolve()));
    this.socket = socket;
  }

  async stop(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    for (const waiting of this.waiting.values()) waiting.settle({ result: 'timeout' });
    this.waiting.clear();
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  disconnect(target: DisconnectTarget, attributes: readonly RadiusAttribute[]): Promise<DisconnectResult> {
    return this.request(RadiusCode.DisconnectRequest, target, attributes);
  }

  /** CoA-Request (RFC 5176 §3.2): changes the authorization of a session the NAS holds. */
  changeOfAuthorization(
    target: DisconnectTarget,
    attributes: readonly RadiusAttribute[],
  ): Promise<DisconnectResult> {
    return this.request(RadiusCode.CoaRequest, target, attributes);
  }

  private async request(
    code: DynamicAuthorizationCode,
    target: DisconnectTarget,
    attributes: readonly RadiusAttribute[],
  ): Promise<DisconnectResult> {
    const socket = this.socket;
    if (!socket) throw new Error('dynamic authorization client is not started');
    const identifier = this.allocateIdentifier(target);
    const datagram = encodeSignedRequest(code, identifier, attributes, target.secret, {
      messageAuthenticator: true,
    });
    const key = `${target.ip}:${target.port}:${identifier}`;
    return new Promise<DisconnectResult>((resolve) => {
      let attempts = 0;
      let timer: NodeJS.Timeout | undefined;
      const settle = (result: DisconnectResult): void => {
        if (timer) clearTimeout(timer);
        this.waiting.delete(key);
        resolve(result);
      };
      this.waiting.set(key, {
        target,
        authenticator: datagram.subarray(4, 20),
        ...answers[code],
        settle,
      });
      const send = (): void => {
        attempts += 1;
        socket.send(datagram, target.port, target.ip);
        timer = setTimeout(() => {
          if (attempts > this.options.retries) settle({ result: 'timeout' });
          else send();
        }, this.options.timeoutMs);
      };
      send();
    });
  }

  private allocateIdentifier(target: DisconnectTarget): number {
    for (let tries = 0; tries < 256; tries += 1) {
      this.nextIdentifier = (this.nextIdentifier + 1) & 0xff;
      if (!this.waiting.has(`${target.ip}:${target.port}:${this.nextIdentifier}`)) return this.nextIdentifier;
    }
    throw new Error(`256 requests already outstanding to ${target.ip}`);
  }

  private receive(datagram: Buffer, address: string, port: number): void {
    const decoded = decodePacket(datagram);
    if (!decoded.ok) return;
    const packet = decoded.packet;
    const waiting = this.waiting.get(`${address}:${port}:${packet.identifier}`);
    if (!waiting) return;
    if (!verifyResponseAuthenticator(packet, waiting.authenticator, waiting.target.secret)) return;
    if (packet.code === waiting.ack) waiting.settle({ result: 'ack' });
    else if (packet.code === waiting.nak) {
      waiting.settle({ result: 'nak', errorCause: integerAttribute(packet, Attr.ErrorCause) ?? null });
    }
  }
}
