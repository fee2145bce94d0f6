import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXIT_WITH_PARENT, freePort, freePorts, spawnService } from './service-process';
import { waitFor } from './wait-for';

// A stand-in service: ready on GET /health/ready after a short start-up, or exiting at once when told to.
const SERVICE = `
const http = require('node:http');
if (process.env.CRASH) { console.error('cannot reach MariaDB'); process.exit(3); }
console.log('starting ' + process.env.OTEL_SERVICE_NAME + ' in ' + process.env.NODE_ENV + ' with ' + process.execArgv.join(' '));
setTimeout(() => {
  http.createServer((request, response) => response.writeHead(request.url === '/health/ready' ? 200 : 404).end())
    .listen(Number(process.env.HTTP_PORT), process.env.HTTP_HOST);
}, 300);
process.on('SIGTERM', () => { console.log('stopping gracefully'); process.exit(0); });
`;

describe('freePorts', () => {
  it('hands out distinct ports that can be bound right away', async () => {
    const ports = await freePorts(3);
    expect(new Set(ports).size).toBe(3);
    for (const port of ports) {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await freePort('udp')).toBeGreaterThan(0);
  });
});

describe('spawnService', () => {
  let directory: string;
  let entry: string;

  beforeAll(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'service-process-'));
    entry = path.join(directory, 'service.js');
    writeFileSync(entry, SERVICE);
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('waits for readiness, keeps the output, and stops the service gracefully', async () => {
    const service = spawnService({ name: 'demo-service', entry, port: await freePort() });
    try {
      await service.ready(10_000);
      expect(service.running).toBe(true);
      expect(service.output).toContain(`starting demo-service in test with --import ${EXIT_WITH_PARENT}`);
    } finally {
      await service.stop();
    }
    expect(service.running).toBe(false);
    expect(service.tail()).toMatch(
      /^--- demo-service \(last 2 lines of output\) ---\n.*\nstopping gracefully$/,
    );
  });

  it('fails readiness at once when the service exits, with what it said', async () => {
    const service = spawnService({
      name: 'crashing-service',
      entry,
      port: await freePort(),
      env: { CRASH: '1' },
      reportUnexpectedExit: false,
    });
    await expect(service.ready(30_000)).rejects.toThrow(
      /crashing-service exited before it was ready\n.*\ncannot reach MariaDB/,
    );
  });
});

describe('EXIT_WITH_PARENT', () => {
  // A stand-in test runner: starts a child the way ServiceProcess does, says its pid, then lives on. It is
  // killed as soon as it has said so, usually before the child has even loaded EXIT_WITH_PARENT.
  const RUNNER = `
const { spawn } = require('node:child_process');
const child = spawn(process.execPath, ['--import', process.env.EXIT_WITH_PARENT, '-e', 'setInterval(() => {}, 1000)'], {
  stdio: 'ignore',
  env: { ...process.env, EXIT_WITH_PARENT_PID: String(process.pid) },
});
console.log(child.pid);
setInterval(() => {}, 1000);
`;
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('ends a child once its parent is killed without stopping it', async () => {
    const runner = spawn(process.execPath, ['-e', RUNNER], {
      env: { ...process.env, EXIT_WITH_PARENT },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    runner.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const child = await waitFor('the runner to start its child', 10_000, () =>
      /^\d+\n/.test(output) ? Number(output.trim()) : undefined,
    );
    try {
      expect(alive(child)).toBe(true);
      runner.kill('SIGKILL');
      await waitFor('the orphaned child to exit', 5_000, () => !alive(child));
    } finally {
      runner.kill('SIGKILL');
      if (alive(child)) process.kill(child, 'SIGKILL');
    }
    // Two Node processes start before the clock of the waits above begins; on a loaded machine that alone
    // took more than jest's default 5 s.
  }, 20_000);
});
