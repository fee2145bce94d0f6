import { createSocket, Socket } from 'node:dgram';
import { randomBytes, randomInt } from 'node:crypto';
import {
  AcctStatus,
  Attr,
  attribute,
  decodePacket,
  encodeAccessRequest,
  encodeSignedRequest,
  hideUserPassword,
  RadiusAttribute,
  RadiusCode,
  ServiceType,
} from '../radius';

export interface SimulatedNas {
  ip: string;
  schoolCode: string;
  secret: string;
  terminalMacs: string[];
}

export interface SimulatorTarget {
  host: string;
  authPort: number;
  acctPort: number;
}

interface OpenSession {
  sessionId: string;
  mac: string;
  framedIp: string;
  startedAt: number;
  endsAt: number;
  nasPort: number;
}

/** Told when a session is accounted as started or stopped (the demo's egress NAT follows the sessions). */
export interface SessionObserver {
  sessionStarted(framedIp: string): void;
  sessionStopped(framedIp: string): void;
}

export interface SimulatorStats {
  accepts: number;
  rejects: number;
  starts: number;
  stops: number;
  timeouts: number;
}

const ANSWER_TIMEOUT_MS = 3_000;

/**
 * Plays the part of every school's core switch so the demo dashboard moves: terminals come online through
 * MAB, account their sessions (start, interim, stop) and now and then an unknown device is turned away.
 */
export class RadiusTrafficSimulator {
  readonly stats: SimulatorStats = { accepts: 0, rejects: 0, starts: 0, stops: 0, timeouts: 0 };
  private readonly sockets = new Map<string, Socket>();
  private readonly pending = new Map<string, (reply: number) => void>();
  private readonly sessions = new Map<string, OpenSession[]>();
  private nextIdentifier = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly target: SimulatorTarget,
    private readonly nasList: readonly SimulatedNas[],
    private readonly observer?: SessionObserver,
  ) {}

  async start(tickMs = 1_000): Promise<void> {
    for (const nas of this.nasList) {
      const socket = createSocket('udp4');
      socket.on('message', (message) => this.onReply(nas.ip, message));
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(0, nas.ip, () => resolve());
      });
      this.sockets.set(nas.ip, socket);
      this.sessions.set(nas.ip, []);
    }
    this.timer = setInterval(() => void this.tick(), tickMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    for (const socket of this.sockets.values()) socket.close();
    this.sockets.clear();
  }

  /** One step of the demo: a few arrivals, the departures that are due, and the occasional stranger. */
  async tick(): Promise<void> {
    const now = Date.now();
    const work: Promise<void>[] = [];
    for (const nas of this.nasList) {
      const open = this.sessions.get(nas.ip) ?? [];
      for (const session of open.filter((candidate) => candidate.endsAt <= now)) {
        work.push(this.stopSession(nas, session));
      }
      const onlineMacs = new Set(open.map((session) => session.mac));
      const offline = nas.terminalMacs.filter((mac) => !onlineMacs.has(mac));
      if (offline.length > 0 && Math.random() < 0.3) {
        work.push(this.connect(nas, offline[randomInt(offline.length)]!));
      }
      if (Math.random() < 0.02) work.push(this.strangerKnocks(nas));
    }
    await Promise.all(work);
  }

  private async connect(nas: SimulatedNas, mac: string): Promise<void> {
    const reply = await this.accessRequest(nas, mac);
    if (reply !== RadiusCode.AccessAccept) return;
    const session: OpenSession = {
      sessionId: randomBytes(8).toString('hex'),
      mac,
      framedIp: `10.${nas.ip.split('.')[2]}.${randomInt(1, 255)}.${randomInt(2, 255)}`,
      startedAt: Date.now(),
      endsAt: Date.now() + randomInt(30_000, 300_000),
      nasPort: randomInt(1, 48),
    };
    if ((await this.accounting(nas, session, AcctStatus.Start)) === RadiusCode.AccountingResponse) {
      this.stats.starts += 1;
      this.sessions.get(nas.ip)!.push(session);
      this.observer?.sessionStarted(session.framedIp);
    }
  }

  private async stopSession(nas: SimulatedNas, session: OpenSession): Promise<void> {
    const open = this.sessions.get(nas.ip)!;
    open.splice(open.indexOf(session), 1);
    this.observer?.sessionStopped(session.framedIp);
    if ((await this.accounting(nas, session, AcctStatus.Stop)) === RadiusCode.AccountingResponse) {
      this.stats.stops += 1;
    }
  }

  private async strangerKnocks(nas: SimulatedNas): Promise<void> {
    const hex = () => randomInt(256).toString(16).padStart(2, '0');
    await this.accessRequest(nas, `06-${hex()}-${hex()}-${hex()}-${hex()}-${hex()}`);
  }

  private accessRequest(nas: SimulatedNas, mac: string): Promise<number | undefined> {
    const secret = Buffer.from(nas.secret);
    const authenticator = randomBytes(16);
    const attributes: RadiusAttribute[] = [
      attribute.text(Attr.UserName, mac),
      attribute.octets(Attr.UserPassword, hideUserPassword(Buffer.from(mac), secret, authenticator)),
      attribute.text(Attr.CallingStationId, mac),
      attribute.integer(Attr.ServiceType, ServiceType.CallCheck),
      attribute.address(Attr.NasIpAddress, nas.ip),
    ];
    return this.send(nas, this.target.authPort, (identifier) =>
      encodeAccessRequest(identifier, attributes, secret, { messageAuthenticator: true, authenticator }),
    ).then((reply) => {
      if (reply === RadiusCode.AccessAccept) this.stats.accepts += 1;
      if (reply === RadiusCode.AccessReject) this.stats.rejects += 1;
      return reply;
    });
  }

  private accounting(nas: SimulatedNas, session: OpenSession, status: number): Promise<number | undefined> {
    const seconds = Math.round((Date.now() - session.startedAt) / 1000);
    const attributes: RadiusAttribute[] = [
      attribute.integer(Attr.AcctStatusType, status),
      attribute.text(Attr.AcctSessionId, session.sessionId),
      attribute.text(Attr.UserName, session.mac),
      attribute.text(Attr.CallingStationId, session.mac),
      attribute.address(Attr.NasIpAddress, nas.ip),
      attribute.integer(Attr.NasPort, session.nasPort),
      attribute.address(Attr.FramedIpAddress, session.framedIp),
      attribute.integer(Attr.AcctInterimInterval, 600),
      attribute.integer(Attr.EventTimestamp, Math.floor(Date.now() / 1000)),
    ];
    if (status === AcctStatus.Stop) {
      attributes.push(
        attribute.integer(Attr.AcctSessionTime, seconds),
        attribute.integer(Attr.AcctInputOctets, seconds * randomInt(2_000, 40_000)),
        attribute.integer(Attr.AcctOutputOctets, seconds * randomInt(10_000, 200_000)),
        attribute.integer(Attr.AcctTerminateCause, 1),
      );
    }
    return this.send(nas, this.target.acctPort, (identifier) =>
      encodeSignedRequest(RadiusCode.AccountingRequest, identifier, attributes, Buffer.from(nas.secret)),
    );
  }

  private send(
    nas: SimulatedNas,
    port: number,
    encode: (identifier: number) => Buffer,
  ): Promise<number | undefined> {
    const identifier = this.nextIdentifier;
    this.nextIdentifier = (this.nextIdentifier + 1) % 256;
    const key = `${nas.ip}:${identifier}`;
    return new Promise((resolve) => {
      const timeout = setTimeout(() => {
        this.pending.delete(key);
        this.stats.timeouts += 1;
        resolve(undefined);
      }, ANSWER_TIMEOUT_MS);
      this.pending.set(key, (reply) => {
        clearTimeout(timeout);
        resolve(reply);
      });
      this.sockets.get(nas.ip)!.send(encode(identifier), port, this.target.host);
    });
  }

  private onReply(nasIp: string, message: Buffer): void {
    const decoded = decodePacket(message);
    if (!decoded.ok) return;
    const key = `${nasIp}:${decoded.packet.identifier}`;
    const resolve = this.pending.get(key);
    if (!resolve) return;
    this.pending.delete(key);
    resolve(decoded.packet.code);
  }
}
