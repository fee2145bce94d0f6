import { connect, createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

type Mode = 'relay' | 'silent';

/**
 * A TCP relay to a real server on 127.0.0.1, to cut one client off from it without stopping the shared
 * server: `cut()` refuses connections (a server that is down), `freeze()` accepts them and never answers
 * (a server frozen or still starting), `restore()` relays again on the same port. Each change drops the
 * connections open before it.
 */
export class TcpProxy {
  private server: Server | null = null;
  private mode: Mode = 'relay';
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly targetPort: number,
    private listenPort: number,
  ) {}

  static async start(targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetPort, 0);
    await proxy.listen('relay');
    return proxy;
  }

  get port(): number {
    return this.listenPort;
  }

  /** `http://127.0.0.1:<port>`: Keycloak in dev mode issues tokens for whatever host a client used. */
  get url(): string {
    return `http://127.0.0.1:${this.listenPort}`;
  }

  restore(): Promise<void> {
    return this.listen('relay');
  }

  freeze(): Promise<void> {
    return this.listen('silent');
  }

  async cut(): Promise<void> {
    this.dropConnections();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async listen(mode: Mode): Promise<void> {
    this.mode = mode;
    this.dropConnections();
    if (this.server) return;
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => server.listen(this.listenPort, '127.0.0.1', resolve));
    this.listenPort = (server.address() as AddressInfo).port;
    this.server = server;
  }

  private accept(client: Socket): void {
    this.track(client);
    if (this.mode === 'silent') return;
    const upstream = connect(this.targetPort, '127.0.0.1');
    this.track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }

  private dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }
}
