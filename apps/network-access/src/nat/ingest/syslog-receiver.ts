import { createSocket, Socket as UdpSocket } from 'node:dgram';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import type { DropReason, ParsedNatLine } from '../parsing/nat-record';
import { NatLineParser } from '../parsing/nat-line-parser';
import { SyslogFramer } from '../parsing/syslog-framing';
import { NatLogWriter } from '../storage/nat-log-writer';
import { natMetrics } from './nat-metrics';

export interface SyslogReceiverOptions {
  host: string;
  udpPort: number;
  tcpPort: number;
  /** SO_REUSEPORT, as the RADIUS sockets (NetworkAccessConfig.SOCKET_REUSE_PORT). */
  reusePort?: boolean;
  parser: NatLineParser;
  writer: NatLogWriter;
  retentionDays: number;
  /** Lines a TCP connection may have read but not committed before it is paused (back-pressure). */
  maxUncommittedPerConnection: number;
  now?: () => Date;
  onError(error: unknown, where: string): void;
}

interface Connection {
  socket: Socket;
  framer: SyslogFramer;
  outstanding: Set<Promise<void>>;
  uncommitted: number;
  committed: number;
  failed: boolean;
  senderEnded: boolean;
  done: Promise<void>;
}

/**
 * The syslog receiver for NAT logs: UDP (one message per datagram, RFC 5426; extra LF-separated lines are
 * read too) and TCP (RFC 6587). What "acknowledged" means over TCP is in the README: when the sender
 * half-closes, the receiver commits every line the connection carried and only then answers `ACK <lines>`
 * and closes; a connection that fails or is reset on a stop acknowledges nothing.
 */
export class SyslogReceiver {
  private udp: UdpSocket | null = null;
  private tcp: Server | null = null;
  private readonly connections = new Set<Connection>();
  private readonly now: () => Date;

  constructor(private readonly options: SyslogReceiverOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<{ udpPort: number; tcpPort: number }> {
    const reusePort = this.options.reusePort === true;
    const udp = createSocket({ type: 'udp4', reusePort, recvBufferSize: 8 * 1024 * 1024 });
    udp.on('message', (message, remote) => this.onDatagram(message, remote.address));
    udp.on('error', (error) => this.options.onError(error, 'syslog udp'));
    await new Promise<void>((resolve) => udp.bind(this.options.udpPort, this.options.host, resolve));
    this.udp = udp;
    const tcp = createServer({ allowHalfOpen: true }, (socket) => this.onConnection(socket));
    tcp.on('error', (error) => this.options.onError(error, 'syslog tcp'));
    await new Promise<void>((resolve) =>
      tcp.listen({ port: this.options.tcpPort, host: this.options.host, reusePort }, resolve),
    );
    this.tcp = tcp;
    return this.ports();
  }

  ports(): { udpPort: number; tcpPort: number } {
    return {
      udpPort: (this.udp?.address() as AddressInfo | undefined)?.port ?? 0,
      tcpPort: (this.tcp?.address() as AddressInfo | null)?.port ?? 0,
    };
  }

  /**
   * Stops without losing an acknowledged line: no new connections; a connection whose sender already
   * half-closed is answered as usual; any other one stops being read, has what was read committed, and is
   * reset (RST), so its sender knows nothing there was acknowledged and sends it again.
   */
  async stop(): Promise<void> {
    this.udp?.close();
    this.udp = null;
    const closed = this.tcp
      ? new Promise<void>((resolve) => this.tcp!.close(() => resolve()))
      : Promise.resolve();
    this.tcp = null;
    await Promise.all(
      [...this.connections].map(async (connection) => {
        if (connection.senderEnded) return connection.done;
        connection.socket.pause();
        await Promise.allSettled(connection.outstanding);
        connection.socket.resetAndDestroy();
      }),
    );
    await closed;
  }

  private onDatagram(message: Buffer, sender: string): void {
    const lines = message
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim().length > 0);
    natMetrics.received('udp', lines.length);
    const records = this.parse(lines, sender);
    if (records.length === 0) return;
    this.options.writer.write(records).then(
      () => this.countStored(records),
      (error: unknown) => {
        natMetrics.dropped('write-failed', records.length);
        this.options.onError(error, 'syslog udp write');
      },
    );
  }

  private onConnection(socket: Socket): void {
    let finish!: () => void;
    const connection: Connection = {
      socket,
      framer: new SyslogFramer(),
      outstanding: new Set(),
      uncommitted: 0,
      committed: 0,
      failed: false,
      senderEnded: false,
      done: new Promise<void>((resolve) => (finish = resolve)),
    };
    this.connections.add(connection);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(connection, chunk));
    socket.on('end', () => {
      connection.senderEnded = true;
      natMetrics.dropped('unframed', connection.framer.end());
      void Promise.allSettled(connection.outstanding).then(() => {
        if (connection.failed || socket.destroyed) return;
        socket.end(`ACK ${connection.committed}\n`);
      });
    });
    socket.on('error', () => undefined); // a reset by the sender: what it sent and was read is still written
    socket.on('close', () => {
      this.connections.delete(connection);
      void Promise.allSettled(connection.outstanding).then(finish);
    });
  }

  private onData(connection: Connection, chunk: Buffer): void {
    const { lines, oversized } = connection.framer.push(chunk);
    natMetrics.dropped('oversized', oversized);
    natMetrics.received('tcp', lines.length + oversized);
    const records = this.parse(lines, connection.socket.remoteAddress ?? 'unknown');
    const parsedAndDropped = lines.length;
    if (records.length === 0) {
      connection.committed += parsedAndDropped;
      return;
    }
    connection.uncommitted += parsedAndDropped;
    const written: Promise<void> = this.options.writer.write(records).then(
      () => {
        connection.uncommitted -= parsedAndDropped;
        connection.committed += parsedAndDropped;
        this.countStored(records);
        if (connection.socket.isPaused() && connection.uncommitted < this.options.maxUncommittedPerConnection)
          connection.socket.resume();
      },
      (error: unknown) => {
        connection.failed = true;
        natMetrics.dropped('write-failed', records.length);
        this.options.onError(error, 'syslog tcp write');
        connection.socket.resetAndDestroy();
      },
    );
    connection.outstanding.add(written);
    void written.finally(() => connection.outstanding.delete(written));
    if (connection.uncommitted >= this.options.maxUncommittedPerConnection) connection.socket.pause();
  }

  private parse(lines: string[], sender: string): ParsedNatLine[] {
    const now = this.now();
    const oldest = now.getTime() - this.options.retentionDays * 86_400_000;
    const records: ParsedNatLine[] = [];
    const drops = new Map<DropReason, number>();
    for (const line of lines) {
      const result = this.options.parser.parse(line, sender, now);
      const reason: DropReason | null = !result.ok
        ? result.reason
        : result.record.at.getTime() < oldest
          ? 'expired'
          : null;
      if (reason) drops.set(reason, (drops.get(reason) ?? 0) + 1);
      else if (result.ok) records.push(result.record);
    }
    for (const [reason, count] of drops) natMetrics.dropped(reason, count);
    return records;
  }

  private countStored(records: ParsedNatLine[]): void {
    let blocks = 0;
    for (const record of records) if (record.kind === 'block') blocks += 1;
    natMetrics.stored('session', records.length - blocks);
    natMetrics.stored('block', blocks);
  }
}
