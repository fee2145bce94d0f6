// Runs the real preload in a child process (`node -r preload.js`, as services start) and checks what the
// unit level cannot: the incoming traceparent is continued, log lines carry the span's ids, and spans
// reach an OTLP/HTTP collector when OTEL_EXPORTER_OTLP_ENDPOINT is set — flushed by shutdownTelemetry().
import { OtlpCollector, repositoryRoot, uniqueRunId } from '@edubase/testing';
import { transformFileSync } from '@swc/core';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = repositoryRoot();
const SOURCES = ['preload.ts', 'query-redaction.ts', 'logger.ts', 'trace-context.ts', 'sdk-handle.ts'];

// A tiny traced service: an instrumented node:http server, called with fetch (undici, not instrumented)
// so the traceparent the test chose arrives unchanged, as from an external caller.
const SERVICE = `
const http = require('node:http');
const { createLogger } = require('./logger.js');
const { shutdownTelemetry } = require('./sdk-handle.js');
const log = createLogger({ serviceName: 'preload-e2e' });
const server = http.createServer((request, response) => {
  log.info({ path: request.url }, 'handled');
  response.end('ok');
});
server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  const response = await fetch('http://127.0.0.1:' + port + '/work?staffNo=T310120000203', {
    headers: { traceparent: process.env.TEST_TRACEPARENT },
  });
  await response.text();
  server.close();
  await shutdownTelemetry();
  log.info('done');
});
`;

interface LogLine {
  msg: string;
  level: string;
  service: string;
  trace_id?: string;
  span_id?: string;
}

function runService(workDir: string, env: Record<string, string>): Promise<LogLine[]> {
  return new Promise((resolve, reject) => {
    const {
      OTEL_EXPORTER_OTLP_ENDPOINT: _otlpInherited,
      OTEL_EXPORTER_ZIPKIN_ENDPOINT: _zipkinInherited,
      ...parentEnv
    } = process.env;
    execFile(
      process.execPath,
      ['-r', './preload.js', 'service.js'],
      { cwd: workDir, env: { ...parentEnv, OTEL_SERVICE_NAME: 'preload-e2e', ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${error.message}\n${stderr}`));
        resolve(
          stdout
            .split('\n')
            .filter((line) => line.startsWith('{'))
            .map((line) => JSON.parse(line) as LogLine),
        );
      },
    );
  });
}

describe('telemetry preload (child process)', () => {
  const workDir = path.join(ROOT, 'tmp', `telemetry-preload-${uniqueRunId()}`);
  const traceId = randomBytes(16).toString('hex');
  const parentSpanId = randomBytes(8).toString('hex');
  const traceparent = `00-${traceId}-${parentSpanId}-01`;
  let collector: OtlpCollector | undefined;

  beforeAll(async () => {
    mkdirSync(workDir, { recursive: true });
    for (const source of SOURCES) {
      const { code } = transformFileSync(path.join(__dirname, '../src', source), {
        swcrc: false,
        module: { type: 'commonjs' },
        jsc: { target: 'es2023', parser: { syntax: 'typescript', decorators: true } },
      });
      writeFileSync(path.join(workDir, source.replace(/\.ts$/, '.js')), code);
    }
    writeFileSync(path.join(workDir, 'service.js'), SERVICE);

    collector = await OtlpCollector.start();
  }, 30_000);

  afterAll(async () => {
    rmSync(workDir, { recursive: true, force: true });
    await collector?.close();
  });

  it('continues the caller trace and stamps its ids on log lines, without any exporter', async () => {
    const lines = await runService(workDir, { TEST_TRACEPARENT: traceparent });
    const handled = lines.find((line) => line.msg === 'handled');
    expect(handled).toMatchObject({ level: 'info', service: 'preload-e2e', trace_id: traceId });
    expect(handled?.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(handled?.span_id).not.toBe(parentSpanId);
    // Outside a request there is no active span, so no ids.
    expect(lines.find((line) => line.msg === 'done')).not.toHaveProperty('trace_id');
    expect(collector!.exports).toEqual([]);
  }, 40_000);

  it('exports the server span as OTLP/HTTP JSON to the configured endpoint, flushed on shutdown', async () => {
    const lines = await runService(workDir, {
      TEST_TRACEPARENT: traceparent,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector!.url,
    });
    expect(lines.find((line) => line.msg === 'done')).toBeDefined();
    // The span whose ids the request's log line carries, exported under the service's name as a child
    // of the caller's span.
    const handled = lines.find((line) => line.msg === 'handled');
    expect(handled?.span_id).toMatch(/^[0-9a-f]{16}$/);
    const serverSpan = collector!.spans.find((span) => span.spanId === handled?.span_id);
    expect(serverSpan).toMatchObject({ service: 'preload-e2e', traceId, parentSpanId });
    // The query's value (a 工号 here) does not leave the process; its name does.
    expect(JSON.stringify(collector!.exports)).not.toContain('T310120000203');
    expect(JSON.stringify(serverSpan?.attributes)).toContain('staffNo=*');
  }, 40_000);
});
