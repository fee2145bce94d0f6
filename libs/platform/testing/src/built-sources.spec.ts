import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertBuiltFromSources } from './built-sources';

describe('assertBuiltFromSources', () => {
  let root: string;
  const write = (file: string, mtimeSeconds: number): void => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), '');
    utimesSync(path.join(root, file), mtimeSeconds, mtimeSeconds);
  };

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'built-sources-'));
    write('apps/demo/src/main.ts', 1_000);
    write('apps/demo/src/main.spec.ts', 5_000);
    write('apps/demo/src/api.int-spec.ts', 5_000);
    write('apps/demo/src/types.d.ts', 5_000);
    write('dist/apps/demo/src/main.js', 2_000);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('passes when every compiled source of a folder has a newer build, tests and declarations aside', () => {
    expect(() => assertBuiltFromSources(['apps/demo'], root)).not.toThrow();
  });

  it('names a source that has no build', () => {
    write('apps/demo/src/health.ts', 1_000);
    expect(() => assertBuiltFromSources(['apps/demo/src'], root)).toThrow(
      'dist/ has no build of apps/demo/src/health.ts: run `npm run build`',
    );
  });

  it('names a source changed since its build, given as a file', () => {
    write('apps/demo/src/main.ts', 3_000);
    expect(() => assertBuiltFromSources(['apps/demo/src/main.ts'], root)).toThrow(
      'dist/ is older than apps/demo/src/main.ts: run `npm run build`',
    );
  });
});
