// `npm test`: everything CI checks, in the order that fails fastest. Integration tests need the real
// MariaDB, Kafka and Keycloak, brought up through the project's own infra script when not running.
import { spawnSync } from 'node:child_process';

const steps = [
  ['lint', ['run', 'lint']],
  ['format', ['run', 'format:check']],
  ['typecheck', ['run', 'typecheck']],
  ['unit tests', ['run', 'test:unit']],
  ['build', ['run', 'build']],
  ['infrastructure', ['run', 'infra:up']],
  ['migrations', ['run', 'migration:check']],
  ['integration tests', ['run', 'test:integration']],
];

const only = process.argv.slice(2);
for (const [name, args] of steps) {
  if (only.length > 0 && !only.includes(name.split(' ')[0])) continue;
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync('npm', args, { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✖ ${name} failed after ${seconds} s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${name} (${seconds} s)`);
}
