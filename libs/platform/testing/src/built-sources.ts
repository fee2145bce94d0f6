import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from './infrastructure';

// What `npm run build` compiles: TypeScript sources, not declarations or tests.
const COMPILED = /(?<!\.d|\.spec|\.int-spec)\.ts$/;

function compiledSourcesUnder(root: string, entry: string): string[] {
  const full = path.join(root, entry);
  if (!statSync(full).isDirectory()) return [entry];
  return readdirSync(full, { withFileTypes: true }).flatMap((child) => {
    if (child.name === 'node_modules') return [];
    const relative = path.join(entry, child.name);
    if (child.isDirectory()) return compiledSourcesUnder(root, relative);
    return COMPILED.test(child.name) ? [relative] : [];
  });
}

/**
 * Fails, saying what to do, when dist/ lacks the build of any of these sources (repository-relative files
 * or folders) or is older than one: a child process would otherwise run yesterday's code.
 */
export function assertBuiltFromSources(sources: readonly string[], root = repositoryRoot()): void {
  const missing: string[] = [];
  const stale: string[] = [];
  for (const source of sources.flatMap((entry) => compiledSourcesUnder(root, entry))) {
    let builtAt: number;
    try {
      builtAt = statSync(path.join(root, 'dist', source.replace(/\.ts$/, '.js'))).mtimeMs;
    } catch {
      missing.push(source);
      continue;
    }
    if (statSync(path.join(root, source)).mtimeMs > builtAt) stale.push(source);
  }
  const list = (files: string[]): string =>
    `${files.slice(0, 5).join(', ')}${files.length > 5 ? ` and ${files.length - 5} more` : ''}`;
  const advice = 'run `npm run build` before this test (npm test builds before the integration tests)';
  if (missing.length > 0) throw new Error(`dist/ has no build of ${list(missing)}: ${advice}`);
  if (stale.length > 0) throw new Error(`dist/ is older than ${list(stale)}: ${advice}`);
}
