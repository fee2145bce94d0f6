// `npm run new:service` must write a service that passes lint, typecheck, its unit tests, its integration
// tests and the migration check untouched. The service is generated into a copy of this working tree (its
// tracked and new files, with node_modules linked), so the repository itself never holds a throwaway.
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureInfraUp, repositoryRoot } from '@edubase/testing';

jest.setTimeout(900_000);

const SERVICE = 'kit-check';

function run(
  cwd: string,
  command: string,
  args: string[],
  env: Record<string, string> = {},
): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 << 20,
  });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`.slice(
        -6000,
      ),
    );
  return result;
}

describe('npm run new:service', () => {
  let copy: string;

  beforeAll(async () => {
    await ensureInfraUp(['mariadb', 'kafka', 'keycloak']);
    copy = mkdtempSync(path.join(tmpdir(), 'edubase-kit-'));
    const files = run(repositoryRoot(), 'git', ['ls-files', '-co', '--exclude-standard', '-z']).stdout;
    const list = path.join(copy, '.files');
    writeFileSync(list, files);
    run(repositoryRoot(), 'tar', ['--null', '-T', list, '-cf', path.join(copy, '.tree.tar')]);
    run(copy, 'tar', ['-xf', '.tree.tar']);
    rmSync(path.join(copy, '.tree.tar'));
    rmSync(list);
    symlinkSync(path.join(repositoryRoot(), 'node_modules'), path.join(copy, 'node_modules'));
  });

  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('writes a service that lints, typechecks, migrates and passes its own tests untouched', () => {
    // The copy uses this checkout's infrastructure (Kafka, Keycloak, MariaDB) and its state.
    const env = { EDUBASE_HOME: path.join(repositoryRoot(), '.edubase'), NX_DAEMON: 'false' };
    const node = path.join(repositoryRoot(), 'node_modules', '.bin', 'node');
    run(
      copy,
      node,
      ['tools/generators/new-service.mjs', SERVICE, '--zh', '生成检查', '--resource', 'sample'],
      env,
    );
    run(copy, 'npx', ['nx', 'show', 'projects'], env);
    run(
      copy,
      'npx',
      ['eslint', `apps/${SERVICE}`, 'libs/contracts', 'tools/platform', '--max-warnings=0'],
      env,
    );
    run(
      copy,
      'npx',
      ['prettier', '--check', `apps/${SERVICE}`, 'libs/contracts', 'tools/platform', 'eslint.config.mjs'],
      env,
    );
    run(copy, 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], env);
    run(copy, node, ['tools/db/migrations.mjs', 'check'], env);
    const tests = run(
      copy,
      'npx',
      [
        'jest',
        '--runInBand',
        '--forceExit',
        '--selectProjects',
        'unit',
        'integration',
        '--testPathPatterns',
        `apps/${SERVICE}/`,
      ],
      env,
    );
    // Its unit spec, its own suite and its route access matrix: three suites, all passing.
    expect(`${tests.stdout}${tests.stderr}`).toMatch(/Test Suites:\s+3 passed, 3 total/);
    // The cockpit's own checks that every event has its projector and every table its one definition.
    run(
      copy,
      'npx',
      ['jest', '--selectProjects', 'unit', '--testPathPatterns', 'apps/cockpit/src/projections'],
      env,
    );
    expect(`${tests.stdout}${tests.stderr}`).not.toMatch(/failed/);
    // Its production entry (deploy/apps): generated manifests current, rendered and valid in every overlay.
    const deploy = run(
      copy,
      'npx',
      ['jest', '--selectProjects', 'unit', '--testPathPatterns', 'tools/deploy'],
      env,
    );
    expect(`${deploy.stdout}${deploy.stderr}`).toMatch(/Test Suites:\s+1 passed, 1 total/);
    expect(`${deploy.stdout}${deploy.stderr}`).toContain(`${SERVICE}: Deployment, Service, PDB`);
  });
});
