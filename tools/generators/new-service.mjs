#!/usr/bin/env node
// `npm run new:service -- <name> [--port 3105] [--zh 数据治理] [--resource information-system] [--scope governance]`
// writes a working service in the agreed layout (ADR 0004), registers it where the platform looks
// (contracts registry, lint scopes, `npm start`), builds it and generates its first migration.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appFiles } from './templates/app.mjs';
import { cockpitFiles } from './templates/cockpit.mjs';
import { contractFiles } from './templates/contracts.mjs';
import { deployFiles } from './templates/deploy.mjs';
import { testFiles } from './templates/tests.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const kebab = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const camel = (name) => name.replace(/-([a-z0-9])/g, (_m, c) => c.toUpperCase());
const pascal = (name) => camel(name).replace(/^./, (c) => c.toUpperCase());

function fail(message) {
  console.error(`✖ ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const [service, ...rest] = argv;
  const options = {};
  for (let index = 0; index < rest.length; index += 2) {
    const key = rest[index]?.replace(/^--/, '');
    if (!key || rest[index + 1] === undefined) fail(`option ${rest[index]} needs a value`);
    options[key] = rest[index + 1];
  }
  if (!service || !kebab.test(service))
    fail(
      'usage: npm run new:service -- <kebab-name> [--port N] [--zh 中文名] [--resource kebab-singular] [--scope name]',
    );
  return { service, options };
}

function readServices() {
  const text = readFileSync(path.join(root, 'tools/platform/services.mjs'), 'utf8');
  return [...text.matchAll(/name: '([^']+)',\s*port: (\d+)/g)].map((match) => ({
    name: match[1],
    port: Number(match[2]),
  }));
}

function names(service, options) {
  const resource = options.resource ?? 'item';
  if (!kebab.test(resource)) fail('--resource must be kebab-case and singular, e.g. information-system');
  const scope = options.scope ?? service.replace(/-/g, '');
  const taken = readServices();
  // default: the lowest free port from 3101 (the cockpit keeps 3106, so "the highest plus one" may be taken)
  let port = options.port ? Number(options.port) : 3101;
  while (!options.port && taken.some((entry) => entry.port === port)) port += 1;
  if (taken.some((entry) => entry.port === port)) fail(`port ${port} is taken by another service`);
  return {
    service,
    Service: pascal(service),
    camelService: camel(service),
    port,
    zh: options.zh ?? service,
    scope,
    camelScope: camel(scope),
    resource,
    Resource: pascal(resource),
    camelResource: camel(resource),
    resources: `${resource}s`,
    resourceTable: resource.replace(/-/g, '_'),
    database: `edubase_${service.replace(/-/g, '_')}`,
  };
}

function write(files) {
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(root, file);
    if (existsSync(target)) fail(`${file} exists already`);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

function edit(file, change) {
  const target = path.join(root, file);
  const before = readFileSync(target, 'utf8');
  const after = change(before);
  if (after === before) fail(`could not register the service in ${file}`);
  writeFileSync(target, after);
}

function register(n) {
  edit('libs/contracts/src/registry.ts', (text) =>
    text
      .replace(
        /(import \{ netaccessEvents \} from '\.\/netaccess';\n)/,
        `$1import { ${n.camelScope}Events } from './${n.scope}';\n`,
      )
      .replace(
        /const allEvents = \[([^\]]*)\] as const;/,
        // The list may end in a comma (prettier's multi-line form): appending after it would leave a hole.
        (_m, list) => `const allEvents = [${list.replace(/,\s*$/, '')}, ...${n.camelScope}Events] as const;`,
      ),
  );
  edit('libs/contracts/src/index.ts', (text) => `${text.trimEnd()}\nexport * from './${n.scope}';\n`);
  const lint = readFileSync(path.join(root, 'eslint.config.mjs'), 'utf8');
  if (!new RegExp(`const scopes = \\[[^\\]]*'${n.scope}'`).test(lint))
    edit('eslint.config.mjs', (text) =>
      text.replace(
        /const scopes = \[([^\]]*)\];/,
        (_match, list) => `const scopes = [${list}, '${n.scope}'];`,
      ),
    );
  edit('apps/cockpit/src/projections/projectors.ts', (text) =>
    text
      .replace(
        "import type { ProjectionTable } from './projection-table';",
        `import type { ProjectionTable } from './projection-table';\nimport { ${n.camelResource}sProjector } from './${n.scope}/${n.resources}.projector';`,
      )
      // after the last entry of the list, whichever service added it
      .replace(
        /(export const indicatorProjectors: readonly IndicatorProjector\[\] = \[[^\]]*?),?\n\];/,
        `$1,\n  ${n.camelResource}sProjector,\n];`,
      ),
  );
  // The staff console relays the new service's API under /api/<service>/ (its pages: apps/console/README.md).
  edit('apps/console/src/upstreams.ts', (text) =>
    text.replace(
      /\n\];\s*$/,
      `\n  { name: '${n.service}', env: '${n.service.toUpperCase().replace(/-/g, '_')}_URL', defaultUrl: 'http://127.0.0.1:${n.port}' },\n];\n`,
    ),
  );
  edit('tools/platform/services.mjs', (text) =>
    text.replace(
      /(\n {2}\{ name: 'cockpit')/,
      `\n  { name: '${n.service}', port: ${n.port}, database: '${n.database}', seed: null, env: {} },$1`,
    ),
  );
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) fail(`${command} ${args.join(' ')} failed`);
}

/** The newest migration of a service written by `migration:generate` under `name`, registered in its index. */
function registerMigration(service, exportedList, name, file) {
  const className = `${name}${file.split('-')[0]}`;
  edit(`apps/${service}/src/database/migrations/index.ts`, (text) => {
    const lines = text.split('\n');
    const lastImport = lines.map((line) => line.startsWith('import ')).lastIndexOf(true);
    lines.splice(lastImport + 1, 0, `import { ${className} } from './${file.replace(/\.ts$/, '')}';`);
    return lines
      .join('\n')
      .replace(new RegExp(`(export const ${exportedList} = \\[[^\\]]*?),?(\\s*)\\]`), `$1, ${className}$2]`);
  });
}

function newestMigration(service) {
  const dir = path.join(root, 'apps', service, 'src', 'database', 'migrations');
  return readdirSync(dir)
    .filter((name) => /^\d+-.*\.ts$/.test(name))
    .sort()
    .at(-1);
}

/** The service's first migration and the cockpit's for its projection, each from the entities (one tool). */
function firstMigrations(n) {
  run(process.execPath, ['tools/build.mjs', '--server-only']);
  run(process.execPath, ['tools/db/migrations.mjs', 'generate', n.service, `${n.Service}Schema`]);
  registerMigration(
    n.service,
    `${n.camelService}Migrations`,
    `${n.Service}Schema`,
    newestMigration(n.service),
  );
  run(process.execPath, ['tools/db/migrations.mjs', 'generate', 'cockpit', `${n.Service}Projection`]);
  registerMigration('cockpit', 'cockpitMigrations', `${n.Service}Projection`, newestMigration('cockpit'));
}

const { service, options } = parseArgs(process.argv.slice(2));
if (existsSync(path.join(root, 'apps', service))) fail(`apps/${service} exists already`);
const n = names(service, options);
write({ ...appFiles(n), ...contractFiles(n), ...testFiles(n), ...cockpitFiles(n), ...deployFiles(n) });
register(n);
run(path.join(root, 'node_modules/.bin/prettier'), [
  '--log-level',
  'warn',
  '--write',
  `apps/${service}`,
  `libs/contracts/src/${n.scope}`,
  'libs/contracts/src/registry.ts',
  'eslint.config.mjs',
  'tools/platform/services.mjs',
  'apps/console/src/upstreams.ts',
  `apps/cockpit/src/projections`,
  `deploy/apps/${service}.json`,
]);
if (options.migration !== 'skip') firstMigrations(n);
run(path.join(root, 'node_modules/.bin/prettier'), [
  '--log-level',
  'warn',
  '--write',
  `apps/${service}/src/database`,
  'apps/cockpit/src/database',
]);
// Its Kubernetes manifests, Kafka topics and user, and compose service (tools/deploy), from deploy/apps.
run(process.execPath, ['-r', './tools/testing/swc-require-hook.cjs', 'tools/deploy/cli.ts', 'generate']);
// dist/ then holds the service with its migration, as `npm run migration:check` and `npm start` load it.
if (options.migration !== 'skip') run(process.execPath, ['tools/build.mjs', '--server-only']);
console.log(
  `✔ apps/${service} (${n.zh}) on port ${n.port}, events under libs/contracts/src/${n.scope}, in \`npm start\`.`,
);
console.log(
  `  Its API is relayed by the staff console under /api/${service}/ (apps/console/src/upstreams.ts). Its pages:\n` +
    `    an ApiClient in apps/console-web/src/shell.tsx, pages in apps/console-web/src/pages/${service}/,\n` +
    `    one entry each in apps/console-web/src/navigation.ts, a browser spec in apps/console/test/\n` +
    `    (apps/console/README.md, "Adding a new service's page").`,
);
console.log(`  Next: read apps/${service}/README.md and docs/adr/0004-service-conventions.md.`);
