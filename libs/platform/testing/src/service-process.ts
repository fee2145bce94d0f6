import { ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { AddressInfo, createServer } from 'node:net';
import { repositoryRoot } from './infrastructure';

/**
 * Ports that were free a moment ago on 127.0.0.1, distinct from each other: all are held open until all
 * are chosen, then released for the caller (a service, a RADIUS listener) to bind.
 */
export async function freePorts(count: number, protocol: 'tcp' | 'udp' = 'tcp'): Promise<number[]> {
  const holders: Array<{ port: number; release: () => Promise<void> }> = [];
  try {
    for (let i = 0; i < count; i += 1) {
      if (protocol === 'tcp') {
        const server = createServer();
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        holders.push({
          port: (server.address() as AddressInfo).port,
          release: () => new Promise((resolve) => server.close(() => resolve())),
        });
      } else {
        const socket = createSocket('udp4');
        await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
        holders.push({
          port: socket.address().port,
          release: () => new Promise((resolve) => socket.close(resolve)),
        });
      }
    }
    return holders.map((holder) => holder.port);
  } finally {
    await Promise.all(holders.map((holder) => holder.release()));
  }
}

export async function freePort(protocol: 'tcp' | 'udp' = 'tcp'): Promise<number> {
  const [port] = await freePorts(1, protocol);
  return port!;
}

/**
 * Loaded into each child (`--import`): it exits once it is orphaned (its parent's pid is no longer the
 * spawner's), so a test runner killed without running afterAll leaves no service behind. Under Jest the
 * parent cannot do this itself: a test file's `process` is a copy whose 'exit' listeners the real process
 * never calls. The spawner's pid comes in `EXIT_WITH_PARENT_PID`: a parent killed while the child was still
 * starting has already handed it to another process, so the child's first `ppid` proves nothing.
 */
export const EXIT_WITH_PARENT =
  'data:text/javascript,const parent=Number(process.env.EXIT_WITH_PARENT_PID)||process.ppid;' +
  'setInterval(()=>{if(process.ppid!==parent)process.exit(1)},1000).unref()';

export interface ServiceProcessOptions {
  /** Names the process in diagnostics and becomes its OTEL_SERVICE_NAME. */
  name: string;
  /** The compiled entry point, e.g. dist/apps/identity/src/main.js. */
  entry: string;
  /** Required before the entry (`node -r`), e.g. dist/libs/platform/telemetry/src/preload.js. */
  preload?: string;
  /** The HTTP port it is told to listen on (127.0.0.1). */
  port: number;
  /** Its own variables, over the inherited environment and the defaults set here. */
  env?: Record<string, string>;
  /** Repeat an unexpected exit on stderr, with the output's tail, when it happens (default true). */
  reportUnexpectedExit?: boolean;
}

/**
 * A service running as a child process, as in production (`node -r preload.js main.js`). Its output is
 * kept so a failure can show what the service said.
 */
export class ServiceProcess {
  readonly name: string;
  readonly baseUrl: string;
  readonly output: string[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private stopping = false;
  // A plain-node runner (a bench) that exits without stopping it kills it at once; see EXIT_WITH_PARENT.
  private readonly killOnExit = (): void => this.kill();

  constructor(options: ServiceProcessOptions) {
    this.name = options.name;
    this.baseUrl = `http://127.0.0.1:${options.port}`;
    // The test's own trace endpoints (if any) are not the child's: it exports only where it is told to.
    const {
      OTEL_EXPORTER_OTLP_ENDPOINT: _otlpNotInherited,
      OTEL_EXPORTER_ZIPKIN_ENDPOINT: _zipkinNotInherited,
      ...parentEnv
    } = process.env;
    const args = [
      '--import',
      EXIT_WITH_PARENT,
      ...(options.preload ? ['-r', options.preload] : []),
      options.entry,
    ];
    this.child = spawn(process.execPath, args, {
      cwd: repositoryRoot(),
      env: {
        ...parentEnv,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        OTEL_SERVICE_NAME: options.name,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(options.port),
        EXIT_WITH_PARENT_PID: String(process.pid),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.on('data', (chunk: Buffer) => this.output.push(...chunk.toString('utf8').split('\n')));
    }
    this.child.once('error', (error) => this.output.push(`could not run: ${error.message}`));
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.child.once('exit', (code, signal) => {
      process.removeListener('exit', this.killOnExit);
      if (!this.stopping && options.reportUnexpectedExit !== false)
        console.error(`${this.name} exited unexpectedly (${signal ?? code})\n${this.tail()}`);
    });
    process.once('exit', this.killOnExit);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines of its output, headed by its name, for failure messages. */
  tail(lines = 30): string {
    const kept = this.output.filter(Boolean).slice(-lines);
    return `--- ${this.name} (last ${kept.length} lines of output) ---\n${kept.join('\n')}`;
  }

  /**
   * Resolves once GET `path` answers 200 (`/health/ready`: migrations ran, Kafka and MariaDB reachable;
   * `/health/live`: it listens). Fails at once if the process exits, or after `timeoutMs`, with its output.
   */
  async ready(timeoutMs: number, path = '/health/ready'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`${this.name} exited before it was ready\n${this.tail()}`);
      const status = await fetch(`${this.baseUrl}${path}`)
        .then((response) => response.status)
        .catch(() => 0);
      if (status === 200) return;
      if (Date.now() > deadline)
        throw new Error(
          `${this.name} not ready after ${timeoutMs} ms (last status ${status})\n${this.tail()}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Synchronous last resort (SIGKILL), for when there is no time to stop gracefully. */
  kill(): void {
    this.stopping = true;
    if (this.running) this.child.kill('SIGKILL');
  }

  /** SIGTERM (graceful: Nest shutdown hooks flush spans, leave groups, drain the outbox), then SIGKILL. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(killer);
  }
}

export function spawnService(options: ServiceProcessOptions): ServiceProcess {
  return new ServiceProcess(options);
}
