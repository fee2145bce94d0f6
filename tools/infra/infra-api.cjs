// CommonJS facade for Jest (ts-jest/CommonJS cannot `import()` ESM without
// --experimental-vm-modules). Runs the CLI in a child process and parses its JSON.
'use strict';
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const CLI = path.join(__dirname, 'infra.mjs');
const ROOT = path.resolve(__dirname, '..', '..');

function run(args) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI, ...args, '--json'],
      { cwd: ROOT, maxBuffer: 16 << 20, timeout: 20 * 60 * 1000 },
      (err, stdout, stderr) => {
        let parsed = null;
        try {
          parsed = JSON.parse(stdout);
        } catch {
          /* not JSON */
        }
        if (err && !(args[0] === 'status' && parsed)) {
          const line =
            (stderr || '')
              .trim()
              .split('\n')
              .filter((l) => l.startsWith('error:'))
              .at(-1) || err.message;
          return reject(new Error(line.replace(/^error:\s*/, '')));
        }
        resolve(parsed);
      },
    );
  });
}

module.exports = {
  up: (names = []) => run(['up', ...[].concat(names)]),
  down: (names = []) => run(['down', ...[].concat(names)]),
  killKafka: () => run(['kill', 'kafka']),
  status: () => run(['status']),
  readState: () => {
    try {
      return JSON.parse(
        fs.readFileSync(
          path.join(process.env.EDUBASE_HOME || path.join(ROOT, '.edubase'), 'state.json'),
          'utf8',
        ),
      );
    } catch {
      return {};
    }
  },
};
