import { createSocket, Socket } from 'node:dgram';
import { randomInt } from 'node:crypto';

export interface NatSimulatorTarget {
  host: string;
  udpPort: number;
}

/** What the demo's trace page and README curl can ask about: a public ip:port and when it was in use. */
export interface TraceablePublicPort {
  publicIp: string;
  port: number;
  insideIp: string;
  at: Date;
}

const DEVICE = 'FX-EGRESS-USG6680';
const BLOCK_SIZE = 1024;
const FIRST_PORT = 2048;
const BLOCKS_PER_ADDRESS = Math.floor((65536 - FIRST_PORT) / BLOCK_SIZE);

/** `2026-12-05 10:00:05` in China Standard Time, the header Huawei sends with `timestamp local`. */
function cst(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The district's egress firewall of the demo (a Huawei USG doing carrier-grade NAT for every school): each
 * session the RADIUS simulator opens gets a port block on one of the district's public addresses, logged
 * over syslog as the USG does (CGN PORT_BLOCK_ASSIGN / PORT_BLOCK_FREE), and a few of its connections are
 * logged per session (SECLOG SESSION_TEARDOWN with SourceNatIP/SourceNatPort), so `/trace/public` answers
 * for the demo's sessions either way.
 */
export class EgressNatSimulator {
  private readonly socket: Socket = createSocket('udp4');
  private readonly blocks = new Map<string, { publicIp: string; start: number; since: number }>();
  private readonly free: Array<{ publicIp: string; start: number }> = [];
  lastTraceable: TraceablePublicPort | null = null;
  sent = 0;

  constructor(
    private readonly target: NatSimulatorTarget,
    publicAddresses = 16,
  ) {
    for (let block = 0; block < BLOCKS_PER_ADDRESS; block += 1) {
      for (let address = 1; address <= publicAddresses; address += 1) {
        this.free.push({ publicIp: `202.121.96.${address}`, start: FIRST_PORT + block * BLOCK_SIZE });
      }
    }
  }

  /** A session began: its inside address gets a block, and opens a connection or two through it. */
  sessionStarted(insideIp: string): void {
    const block = this.free.shift();
    if (!block) return;
    this.blocks.set(insideIp, { ...block, since: Date.now() });
    const now = new Date();
    this.send(
      `<190>${cst(now)} ${DEVICE} %%01CGN/6/PORT_BLOCK_ASSIGN(l):SourceIP=${insideIp},SourceNatIP=${block.publicIp},` +
        `SourceNatPortStart=${block.start},SourceNatPortEnd=${block.start + BLOCK_SIZE - 1},Time=${Math.floor(now.getTime() / 1000)}.`,
    );
  }

  /**
   * One outbound connection of an inside address, logged per session at teardown: it began 5 s ago, so only
   * addresses whose session is older than that make one (the RADIUS session must hold the address then).
   */
  connection(insideIp: string): void {
    const block = this.blocks.get(insideIp);
    if (!block || block.since > Date.now() - 6_000) return;
    const begin = new Date(Date.now() - 5_000);
    const port = block.start + randomInt(BLOCK_SIZE);
    const insidePort = randomInt(49152, 65535);
    this.send(
      `<190>${cst(new Date())} ${DEVICE} %%01SECLOG/6/SESSION_TEARDOWN(l):IPVer=4,Protocol=tcp,SourceIP=${insideIp},` +
        `DestinationIP=203.0.113.${randomInt(1, 254)},SourcePort=${insidePort},DestinationPort=443,` +
        `SourceNatIP=${block.publicIp},SourceNatPort=${port},BeginTime=${Math.floor(begin.getTime() / 1000)},` +
        `EndTime=${Math.floor(Date.now() / 1000)},SendPkts=12,SendBytes=2048,RcvPkts=10,RcvBytes=8192,` +
        `SourceZone=trust,DestinationZone=untrust,PolicyName=edu-out,CloseReason=tcp-fin.`,
    );
    this.lastTraceable = { publicIp: block.publicIp, port, insideIp, at: new Date(begin.getTime() + 2_000) };
  }

  /** A session ended: its block goes back to the pool. */
  sessionStopped(insideIp: string): void {
    const block = this.blocks.get(insideIp);
    if (!block) return;
    this.blocks.delete(insideIp);
    this.free.push({ publicIp: block.publicIp, start: block.start });
    const now = new Date();
    this.send(
      `<190>${cst(now)} ${DEVICE} %%01CGN/6/PORT_BLOCK_FREE(l):SourceIP=${insideIp},SourceNatIP=${block.publicIp},` +
        `SourceNatPortStart=${block.start},SourceNatPortEnd=${block.start + BLOCK_SIZE - 1},Time=${Math.floor(now.getTime() / 1000)}.`,
    );
  }

  /** Some open sessions make a connection: the per-session log keeps flowing between starts and stops. */
  tick(): void {
    for (const insideIp of this.blocks.keys()) if (Math.random() < 0.2) this.connection(insideIp);
  }

  stop(): void {
    this.socket.close();
  }

  private send(line: string): void {
    this.sent += 1;
    this.socket.send(line, this.target.udpPort, this.target.host);
  }
}
