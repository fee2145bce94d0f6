// Integration suites run one file at a time: they share one broker and one MariaDB on a 2-core machine,
// and the backbone suite kills and restarts the broker.
import { spawnSync } from 'node:child_process';

const result = spawnSync(
  'npx',
  ['jest', '--selectProjects', 'integration', '--runInBand', '--forceExit', ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
