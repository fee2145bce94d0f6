import { createSocket, RemoteInfo, Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import {
  decodePacket,
  encodeResponse,
  RadiusAttribute,
  RadiusCode,
  RadiusPacket,
  verifyMessageAuthenticator,
  verifyRequestAuthenticator,
} from '../radius';
import { DuplicateCache, DuplicateEntry } from './duplicate-cache';
import {
  answeredTally,
  dropped,
  DropReason,
  radiusHandlingSeconds,
  radiusMalformed,
  receivedTally,
  Tally,
} from './radius-metrics';

/** What the server needs to know of a registered NAS; looked up by packet source address. */
export interface RadiusClient {
  id: string;
  ip: string;
  schoolCode: string;
  secret: Buffer;
  requireMessageAuthenticator: boolean;
  enabled: boolean;
}

export interface AccessReply {
  code: typeof RadiusCode.AccessAccept | typeof RadiusCode.AccessReject;
  attributes: readonly RadiusAttribute[];
}

/**
 * No answer at all, on purpose: the NAS retransmits and then fails over to its next RADIUS server
 * (RFC 2865 §2.6, RFC 5080 §2.2.1). Counted in the dropped metric under `drop`.
 */
export interface AccessDrop {
  drop: DropReason;
}

export interface RadiusRequestContext {
  port: RadiusPort;
  packet: RadiusPacket;
  client: RadiusClient;
  /** Source of the datagram. */
  remote: { address: string; port: number };
  receivedAt: Date;
}

export interface RadiusHandlers {
  /**
   * Evaluates an Access-Request; must resolve (rejects included) — a throw means no answer at all. May
   * answer synchronously (cached person and password): the reply then goes out without a promise.
   */
  access(context: RadiusRequestContext): AccessReply | AccessDrop | Promise<AccessReply | AccessDrop>;
  /** Records an Accounting-Request; resolves only once the record is durable, then the response goes out. */
  accounting(context: RadiusRequestContext): Promise<void>;
}

export interface RadiusServerOptions {
  host: string;
  authPort: number;
  acctPort: number;
  /** SO_REUSEPORT: other instances on this host bind the same ports; the kernel splits by source. */
  reusePort?: boolean;
  duplicateWindowMs: number;
  maxInFlight: number;
  lookupClient(address: string): RadiusClient | undefined;
  handlers: RadiusHandlers;
  onError?(error: unknown, where: string): void;
}

export type RadiusPort = 'auth' | 'acct';

const received = { auth: receivedTally('auth'), acct: receivedTally('acct') };
// Label-bound histogram children, resolved once: a labelled observe hashes its labels on every call.
const handlingSeconds = {
  auth: radiusHandlingSeconds.labels('auth'),
  acct: radiusHandlingSeconds.labels('acct'),
};
const duplicateAnswers = answeredTally('duplicate');
const answeredByCode = new Map<number, Tally>();

function answeredCounter(code: number): Tally {
  let tally = answeredByCode.get(code);
  if (!tally) {
    tally = answeredTally(responseNames[code] ?? String(code));
    answeredByCode.set(code, tally);
  }
  return tally;
}

const responseNames: Record<number, string> = {
  [RadiusCode.AccessAccept]: 'access-accept',
  [RadiusCode.AccessReject]: 'access-reject',
  [RadiusCode.AccountingResponse]: 'accounting-response',
};

/**
 * How the sockets resolve where an answer goes. They only ever answer the address a datagram came from,
 * an IPv4 literal, so it needs no resolving: the default `dns.lookup` tests it with a regular expression
 * and defers the send by a tick, per answer.
 */
function sourceAddressLookup(
  address: string,
  _options: unknown,
  callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void,
): void {
  callback(null, address, 4);
}

/**
 * The UDP engine: authenticates each datagram against the NAS registry, drops (and counts) anything it
 * must not answer, deduplicates retransmissions and sends signed answers. Nothing a datagram contains can
 * throw out of `receive`: the socket handler is the outermost frame and swallows after counting.
 */
export class RadiusServer {
  private authSocket: Socket | null = null;
  private acctSocket: Socket | null = null;
  private readonly duplicates: DuplicateCache;
  private inFlight = 0;

  constructor(private readonly options: RadiusServerOptions) {
    this.duplicates = new DuplicateCache(options.duplicateWindowMs);
  }

  async start(): Promise<{ authPort: number; acctPort: number }> {
    this.authSocket = await this.bind('auth', this.options.authPort);
    this.acctSocket = await this.bind('acct', this.options.acctPort);
    return this.ports();
  }

  ports(): { authPort: number; acctPort: number } {
    return {
      authPort: this.authSocket?.address().port ?? 0,
      acctPort: this.acctSocket?.address().port ?? 0,
    };
  }

  get pending(): number {
    return this.inFlight;
  }

  async stop(): Promise<void> {
    const sockets = [this.authSocket, this.acctSocket].filter((socket): socket is Socket => socket !== null);
    this.authSocket = null;
    this.acctSocket = null;
    await Promise.all(sockets.map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
  }

  private bind(port: RadiusPort, number: number): Promise<Socket> {
    const socket = createSocket({
      type: 'udp4',
      reusePort: this.options.reusePort === true,
      recvBufferSize: 4 * 1024 * 1024,
      sendBufferSize: 4 * 1024 * 1024,
      lookup: sourceAddressLookup,
    });
    socket.on('message', (datagram, remote) => {
      try {
        this.receive(port, socket, datagram, remote);
      } catch (error) {
        dropped('handler-error');
        this.options.onError?.(error, `radius ${port} receive`);
      }
    });
    socket.on('error', (error) => this.options.onError?.(error, `radius ${port} socket`));
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(number, this.options.host, () => {
        socket.off('error', reject);
        resolve(socket);
      });
    });
  }

  private receive(port: RadiusPort, socket: Socket, datagram: Buffer, remote: RemoteInfo): void {
    const startedAt = performance.now();
    received[port].count += 1;
    const client = this.options.lookupClient(remote.address);
    if (!client) return dropped('unknown-nas');
    if (!client.enabled) return dropped('nas-disabled');
    const decoded = decodePacket(datagram);
    if (!decoded.ok) {
      radiusMalformed.inc({ reason: decoded.reason });
      return dropped('malformed');
    }
    const packet = decoded.packet;
    const problem = this.authenticityProblem(port, packet, client);
    if (problem) return dropped(problem);

    const seen = this.duplicates.begin(
      remote.address,
      remote.port,
      packet.identifier,
      packet.authenticator,
      startedAt,
    );
    if (seen.state === 'cached') {
      duplicateAnswers.count += 1;
      socket.send(seen.response, remote.port, remote.address);
      return;
    }
    if (seen.state === 'in-flight') return dropped('duplicate-in-flight');
    const entry = seen.entry;
    if (this.inFlight >= this.options.maxInFlight) {
      this.duplicates.abandon(entry);
      return dropped('overload');
    }

    const context: RadiusRequestContext = {
      port,
      packet,
      client,
      remote: { address: remote.address, port: remote.port },
      receivedAt: new Date(),
    };
    let response: Buffer | AccessDrop | Promise<Buffer | AccessDrop>;
    try {
      response = this.answer(context);
    } catch (error) {
      return this.failed(port, entry, error);
    }
    if (!(response instanceof Promise)) {
      if (!Buffer.isBuffer(response)) return this.unanswered(entry, response);
      this.duplicates.complete(entry, response, startedAt);
      return this.send(socket, context, response);
    }
    this.inFlight += 1;
    response
      .then(
        (answer) => {
          if (!Buffer.isBuffer(answer)) return this.unanswered(entry, answer);
          const answeredAt = performance.now();
          this.duplicates.complete(entry, answer, answeredAt);
          handlingSeconds[port].observe((answeredAt - startedAt) / 1000);
          this.send(socket, context, answer);
        },
        (error: unknown) => this.failed(port, entry, error),
      )
      .finally(() => {
        this.inFlight -= 1;
      });
  }

  private send(socket: Socket, context: RadiusRequestContext, response: Buffer): void {
    answeredCounter(response[0]!).count += 1;
    socket.send(response, context.remote.port, context.remote.address);
  }

  /** Forgotten by the duplicate cache too: the NAS's retransmission is evaluated afresh. */
  private unanswered(entry: DuplicateEntry, decision: AccessDrop): void {
    this.duplicates.abandon(entry);
    dropped(decision.drop);
  }

  private failed(port: RadiusPort, entry: DuplicateEntry, error: unknown): void {
    this.duplicates.abandon(entry);
    dropped('handler-error');
    this.options.onError?.(error, `radius ${port} handler`);
  }

  /** Why the packet must not be answered, or undefined when it may be. */
  private authenticityProblem(
    port: RadiusPort,
    packet: RadiusPacket,
    client: RadiusClient,
  ): DropReason | undefined {
    const hasMessageAuthenticator = packet.messageAuthenticatorOffset !== undefined;
    if (packet.code === RadiusCode.StatusServer) {
      // RFC 5997 §3: Status-Server without a valid Message-Authenticator is discarded.
      if (!hasMessageAuthenticator) return 'missing-message-authenticator';
      return verifyMessageAuthenticator(packet, client.secret) ? undefined : 'bad-message-authenticator';
    }
    if (port === 'auth') {
      if (packet.code !== RadiusCode.AccessRequest) return 'unexpected-code';
      if (hasMessageAuthenticator) {
        return verifyMessageAuthenticator(packet, client.secret) ? undefined : 'bad-message-authenticator';
      }
      return client.requireMessageAuthenticator ? 'missing-message-authenticator' : undefined;
    }
    if (packet.code !== RadiusCode.AccountingRequest) return 'unexpected-code';
    if (!verifyRequestAuthenticator(packet, client.secret)) return 'bad-authenticator';
    if (hasMessageAuthenticator && !verifyMessageAuthenticator(packet, client.secret)) {
      return 'bad-message-authenticator';
    }
    return undefined;
  }

  private answer(context: RadiusRequestContext): Buffer | AccessDrop | Promise<Buffer | AccessDrop> {
    const { packet, client } = context;
    if (packet.code === RadiusCode.StatusServer) {
      const code = context.port === 'auth' ? RadiusCode.AccessAccept : RadiusCode.AccountingResponse;
      return encodeResponse(packet, code, [], client.secret, { messageAuthenticator: true });
    }
    if (packet.code === RadiusCode.AccessRequest) {
      // Every answer to an Access-Request carries a Message-Authenticator (BlastRADIUS, RFC 3579 §3.2).
      const sign = (reply: AccessReply | AccessDrop): Buffer | AccessDrop =>
        'drop' in reply
          ? reply
          : encodeResponse(packet, reply.code, reply.attributes, client.secret, {
              messageAuthenticator: true,
            });
      const reply = this.options.handlers.access(context);
      return reply instanceof Promise ? reply.then(sign) : sign(reply);
    }
    return this.options.handlers
      .accounting(context)
      .then(() => encodeResponse(packet, RadiusCode.AccountingResponse, [], client.secret));
  }
}
