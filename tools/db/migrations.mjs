// `npm run migration:generate -- <service> <Name>` writes the migration that brings a fresh database,
// migrated with the checked-in migrations, in line with the service's entities.
// `npm run migration:check` does the same for every service and fails if any would be generated:
// entities and migrations must never drift (TypeORM runs with synchronize: false).
import { createRequire } from 'node:module';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function services() {
  return readdirSync(path.join(root, 'apps')).filter((name) =>
    existsSync(path.join(root, 'apps', name, 'src', 'database', 'data-source.ts')),
  );
}

function loadOptionsFactory(service) {
  const compiled = path.join(root, 'dist', 'apps', service, 'src', 'database', 'data-source.js');
  if (!existsSync(compiled)) throw new Error(`${compiled} is missing: run \`npm run build\` first`);
  const exports = require(compiled);
  const factory = Object.entries(exports).find(
    ([name, value]) => name.endsWith('DataSourceOptions') && typeof value === 'function',
  );
  if (!factory)
    throw new Error(
      `apps/${service}/src/database/data-source.ts exports no *DataSourceOptions(config) function`,
    );
  return factory[1];
}

async function pendingFor(service) {
  const { DataSource } = require('typeorm');
  const { ensureDatabaseExists, dropDatabase, pendingSchemaChanges } = require(
    path.join(root, 'dist', 'libs', 'platform', 'persistence', 'src', 'index.js'),
  );
  const connection = {
    host: process.env.DB_HOST ?? '127.0.0.1',
    port: Number(process.env.DB_PORT ?? 3306),
    user: process.env.DB_USER ?? 'root',
    password: process.env.DB_PASSWORD ?? '',
    database: `t_migrations_${service.replace(/[^a-z0-9]/g, '_')}_${randomBytes(4).toString('hex')}`,
  };
  await ensureDatabaseExists(connection);
  const options = loadOptionsFactory(service)({
    DB_HOST: connection.host,
    DB_PORT: connection.port,
    DB_USER: connection.user,
    DB_PASSWORD: connection.password,
    DB_NAME: connection.database,
  });
  const dataSource = new DataSource({ ...options, logging: false });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    return await pendingSchemaChanges(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await dropDatabase(connection);
  }
}

function migrationSource(className, up, down) {
  const lines = (queries) =>
    queries.map((query) => `    await queryRunner.query(${JSON.stringify(query)});`).join('\n');
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines([...down].reverse())}
  }
}
`;
}

async function generate(service, name) {
  if (!service || !name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    throw new Error('usage: npm run migration:generate -- <service> <PascalCaseName>');
  }
  const { up, down } = await pendingFor(service);
  if (up.length === 0) {
    console.log(`${service}: entities and migrations agree; nothing to generate`);
    return;
  }
  const timestamp = Date.now();
  const file = path.join(
    root,
    'apps',
    service,
    'src',
    'database',
    'migrations',
    `${timestamp}-${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}.ts`,
  );
  writeFileSync(file, migrationSource(`${name}${timestamp}`, up, down));
  console.log(
    `${service}: wrote ${path.relative(root, file)} (${up.length} statements); add it to the service's migration list`,
  );
}

async function check() {
  let drifted = 0;
  for (const service of services()) {
    const { up } = await pendingFor(service);
    if (up.length > 0) {
      drifted += 1;
      console.error(
        `✖ ${service}: entities differ from migrations; migration:generate would write:\n  ${up.join('\n  ')}`,
      );
    } else {
      console.log(`✔ ${service}: no drift`);
    }
  }
  if (drifted > 0) process.exit(1);
}

/**
 * `migrations.mjs migrate <service>`: applies the service's pending migrations to the database its
 * environment names (DB_*), then exits: the production migration Job, run before a rollout.
 */
async function migrate(service) {
  if (!services().includes(service))
    throw new Error(`usage: migrations.mjs migrate <${services().join('|')}>`);
  const { DataSource } = require('typeorm');
  const { ensureDatabaseExists } = require(
    path.join(root, 'dist', 'libs', 'platform', 'persistence', 'src', 'index.js'),
  );
  const config = {
    DB_HOST: process.env.DB_HOST ?? '127.0.0.1',
    DB_PORT: Number(process.env.DB_PORT ?? 3306),
    DB_USER: process.env.DB_USER ?? 'root',
    DB_PASSWORD: process.env.DB_PASSWORD ?? '',
    DB_NAME: process.env.DB_NAME,
  };
  if (!config.DB_NAME) throw new Error('DB_NAME is not set');
  await ensureDatabaseExists({
    host: config.DB_HOST,
    port: config.DB_PORT,
    user: config.DB_USER,
    password: config.DB_PASSWORD,
    database: config.DB_NAME,
  });
  const dataSource = new DataSource({ ...loadOptionsFactory(service)(config), logging: false });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    console.log(`${service}: ${applied.length} migration(s) applied to ${config.DB_NAME}`);
  } finally {
    await dataSource.destroy();
  }
}

const [command, ...args] = process.argv.slice(2);
const actions = { generate: () => generate(...args), check, migrate: () => migrate(...args) };
if (!actions[command]) {
  console.error('usage: migrations.mjs generate <service> <Name> | check | migrate <service>');
  process.exit(2);
}
actions[command]().then(
  () => process.exit(0),
  (error) => {
    console.error(`✖ ${error.message}`);
    process.exit(1);
  },
);
