#!/usr/bin/env node
// EduBase local infrastructure: Kafka 3.9 (KRaft), Keycloak 26, MariaDB, Zipkin 3.5 (traces), a demo mail sink.
//   node tools/infra/infra.mjs up [kafka|keycloak|mariadb|zipkin|mail ...] start (default: all), idempotent
//   node tools/infra/infra.mjs down [...]                          stop what this script started
//   node tools/infra/infra.mjs status                              one line each; exit 0 iff all up
//   node tools/infra/infra.mjs kill kafka                          SIGKILL the broker (failure tests)
//   node tools/infra/infra.mjs logs <name> [lines]                 log path + tail
// Add --json for machine-readable output on stdout. Everything lives under .edubase/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EDU, ROOT, InfraError, tail } from './common.mjs';
import * as api from './infra-api.mjs';

const fmtMs = (ms) => `${(ms / 1000).toFixed(1)}s`;

async function main(argv) {
  const json = argv.includes('--json');
  const args = argv.filter((a) => a !== '--json');
  const [cmd, ...rest] = args;
  const emit = (obj, text) => {
    if (json) process.stdout.write(`${JSON.stringify(obj, null, 2)}\n`);
    else if (text) process.stdout.write(`${text}\n`);
  };
  switch (cmd) {
    case 'up': {
      const t0 = Date.now();
      const res = await api.up(rest);
      const lines = res.map(
        (r) =>
          `${r.name}: up${r.already ? ' (already running)' : ''}${r.pid ? ` pid ${r.pid}` : ''}${r.version ? ` v${r.version}` : ''}${r.private !== undefined ? ` port ${r.port}${r.private ? ' private' : ' system'}` : ''} in ${fmtMs(r.ms)}`,
      );
      lines.push(
        `infra up in ${fmtMs(Date.now() - t0)}; endpoints in ${path.relative(process.cwd(), path.join(EDU, 'state.json')) || 'state.json'}`,
      );
      emit({ results: res, state: api.readState(), ms: Date.now() - t0 }, lines.join('\n'));
      return 0;
    }
    case 'down': {
      const res = await api.down(rest);
      emit(
        { results: res },
        res.map((r) => `${r.name}: ${r.stopped ? 'stopped' : (r.note ?? 'not running')}`).join('\n'),
      );
      return 0;
    }
    case 'status': {
      const res = await api.status(rest);
      emit(
        { results: res, state: api.readState() },
        res
          .map(
            (r) =>
              `${r.name.padEnd(9)} ${r.up ? 'up  ' : 'down'}  pid ${String(r.pid ?? '-').padEnd(8)} ${r.url}${r.note ? `  (${r.note})` : ''}`,
          )
          .join('\n'),
      );
      return res.every((r) => r.up) ? 0 : 1;
    }
    case 'kill': {
      if (rest[0] !== 'kafka') throw new InfraError('only "kill kafka" is supported');
      const r = await api.killKafka();
      emit(r, r.killed ? `kafka: killed pid ${r.pid} (SIGKILL)` : 'kafka: not running');
      return 0;
    }
    case 'logs': {
      const c = api.COMPONENTS[rest[0]];
      if (!c) throw new InfraError(`usage: logs <${api.ALL.join('|')}> [lines]`);
      const file = c.LOG_FILE;
      const n = Number(rest[1]) || 40;
      emit({ file, tail: tail(file, n) }, `${file}\n${tail(file, n) || '(empty or missing)'}`);
      return 0;
    }
    default:
      process.stdout.write(
        `usage: node ${path.relative(process.cwd(), fileURLToPath(import.meta.url)) || 'infra.mjs'} up|down [kafka|keycloak|mariadb|zipkin|mail ...] | status | kill kafka | logs <name> [--json]\n`,
      );
      return cmd && cmd !== 'help' && cmd !== '--help' ? 2 : 0;
  }
}

// Only act when run as a script, so importing this file has no side effects.
if (process.argv[1] && fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url))) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`error: ${e instanceof InfraError ? e.message : (e?.stack ?? e)}\n`);
      process.exitCode = 1;
    },
  );
}
export { main, ROOT };
