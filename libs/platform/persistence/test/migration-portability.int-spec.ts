// Every service's migrations run under MariaDB's strict SQL mode (as production's my.cnf sets it,
// deploy/k8s/base/database/mariadb.yaml) into a t_* database of its own, and what a move to TiDB (or
// OceanBase's MySQL mode) would meet is listed: in the migrations as they ran and in the SQL the services
// send at run time, each finding with the fallback a port takes. A finding without one fails the test.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions, type Logger } from 'typeorm';
import { repositoryRoot, TemporaryDatabase, type DatabaseConfigSettings } from '@edubase/testing';

jest.setTimeout(120_000);

const STRICT_MODE =
  'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ZERO_DATE,NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION,ONLY_FULL_GROUP_BY';

/** What TiDB (8.x) does not take as MariaDB does; `pattern` is matched against SQL text. */
const TIDB_RULES = [
  { feature: 'INSERT … RETURNING', pattern: /\bRETURNING\b/i, tidb: 'MariaDB-only syntax: a parse error' },
  { feature: 'JSON_TABLE', pattern: /\bJSON_TABLE\s*\(/i, tidb: 'not implemented: a parse error' },
  { feature: 'CREATE TRIGGER', pattern: /\bCREATE\s+TRIGGER\b/i, tidb: 'triggers are not supported' },
  {
    feature: 'stored routines and events',
    pattern: /\bCREATE\s+(PROCEDURE|FUNCTION|EVENT)\b/i,
    tidb: 'not supported',
  },
  { feature: 'FULLTEXT / SPATIAL index', pattern: /\b(FULLTEXT|SPATIAL)\b/i, tidb: 'refused' },
  {
    feature: 'partition maintenance',
    pattern: /\b(PARTITION\s+BY|REORGANIZE\s+PARTITION|DROP\s+PARTITION)\b/i,
    tidb: 'RANGE COLUMNS partitioning and REORGANIZE/DROP PARTITION exist, but every unique key must hold the partitioning column and REORGANIZE rewrites the data',
  },
  {
    feature: 'FOREIGN KEY',
    pattern: /\bFOREIGN\s+KEY\b/i,
    tidb: 'parsed but not enforced before 8.5 (enforced from 8.5)',
  },
  {
    feature: 'GET_LOCK / RELEASE_LOCK',
    pattern: /\b(GET_LOCK|RELEASE_LOCK)\s*\(/i,
    tidb: 'implemented, but a lock is held by a pessimistic transaction of its own; check the version in use',
  },
] as const;
type Feature = (typeof TIDB_RULES)[number]['feature'];

/**
 * Where each finding is and what a port to TiDB does about it. `where` is a service, or `platform` for
 * @edubase/messaging and the other shared libs every service runs.
 */
const FALLBACKS: Record<string, Partial<Record<Feature, string>>> = {
  platform: {
    JSON_TABLE:
      'processed-event ledger: claim a batch with one multi-row INSERT IGNORE … VALUES (?, ?, ?, ?), … instead of selecting from JSON_TABLE',
    'GET_LOCK / RELEASE_LOCK':
      'outbox relay leadership: a lease row (UPDATE … SET holder, expires_at WHERE expires_at < NOW()) instead of a named lock',
  },
  identity: {
    'FOREIGN KEY':
      'org/person/role rows: the services already check parents before writing; below 8.5 the keys are documentation only',
    'GET_LOCK / RELEASE_LOCK': 'reconciliation run-exclusively: the same lease row as the outbox relay',
  },
  'network-access': {
    'INSERT … RETURNING':
      'session ledger: INSERT the batch, then SELECT id, acct_session_id by the unique session key (one round trip more per batch)',
    'partition maintenance':
      'session table: keep RANGE COLUMNS partitions (the unique keys already carry started_at); or drop partitioning and expire rows with TiDB TTL (TTL = started_at + INTERVAL 180 DAY)',
  },
  cockpit: {},
};

interface Finding {
  where: string;
  feature: Feature;
  source: string;
}

function servicesWithDatabase(root: string): string[] {
  return readdirSync(path.join(root, 'apps'))
    .filter((name) => readdirSync(path.join(root, 'apps', name)).includes('src'))
    .filter((name) => {
      try {
        return readdirSync(path.join(root, 'apps', name, 'src', 'database')).includes('data-source.ts');
      } catch {
        return false;
      }
    })
    .sort();
}

function optionsFactoryOf(
  root: string,
  service: string,
): (config: DatabaseConfigSettings) => DataSourceOptions {
  // Required by path: libraries import no app, the test reads every app's data source the way the
  // migration CLI does (tools/db/migrations.mjs).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(path.join(root, 'apps', service, 'src', 'database', 'data-source.ts')) as Record<
    string,
    unknown
  >;
  const factory = Object.entries(exported).find(
    ([name, value]) => name.endsWith('DataSourceOptions') && typeof value === 'function',
  );
  if (!factory) throw new Error(`apps/${service}/src/database/data-source.ts exports no *DataSourceOptions`);
  return factory[1] as (config: DatabaseConfigSettings) => DataSourceOptions;
}

function statementRecorder(statements: string[]): Logger {
  return {
    logQuery: (query) => void statements.push(query),
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
}

function findingsIn(where: string, source: string, sql: string): Finding[] {
  return TIDB_RULES.filter((rule) => rule.pattern.test(sql)).map((rule) => ({
    where,
    feature: rule.feature,
    source,
  }));
}

/** Runtime SQL: the shipped TypeScript of a folder (not tests, not migrations, which run above). */
function sourceFindings(where: string, dir: string, root: string): Finding[] {
  const findings: Finding[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'migrations') walk(full);
      } else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec)\.ts$/.test(entry.name)) {
        // SQL lives in template literals and strings; comments mention features without using them.
        const code = readFileSync(full, 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/^\s*\/\/.*$/gm, '');
        findings.push(...findingsIn(where, path.relative(root, full), code));
      }
    }
  };
  walk(dir);
  return findings;
}

describe('migrations under strict SQL mode, and what TiDB would reject', () => {
  const root = repositoryRoot();
  const services = servicesWithDatabase(root);
  const findings: Finding[] = [];

  it.each(services)('%s: every migration applies under strict mode', async (service) => {
    const database = await new TemporaryDatabase(`portability_${service.replace(/-/g, '_')}`).create();
    const statements: string[] = [];
    const dataSource = new DataSource({
      ...optionsFactoryOf(root, service)(database.settings),
      // One connection, so the session's sql_mode is the one every migration runs under.
      poolSize: 1,
      logging: ['query'],
      logger: statementRecorder(statements),
    } as DataSourceOptions);
    try {
      await dataSource.initialize();
      await dataSource.query(`SET SESSION sql_mode = '${STRICT_MODE}'`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      const [{ mode }] = (await dataSource.query('SELECT @@SESSION.sql_mode AS mode')) as Array<{
        mode: string;
      }>;
      expect(mode).toContain('STRICT_ALL_TABLES');
      expect(applied.length).toBeGreaterThan(0);
      expect(await dataSource.showMigrations()).toBe(false);
      const migrationSql = statements.filter(
        (sql) => !/^(SELECT|START TRANSACTION|COMMIT|SET SESSION)/i.test(sql),
      );
      findings.push(...findingsIn(service, `apps/${service} migrations`, migrationSql.join('\n')));
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.drop();
    }
  });

  it('lists every TiDB finding with its fallback', () => {
    for (const service of services)
      findings.push(...sourceFindings(service, path.join(root, 'apps', service, 'src'), root));
    for (const lib of readdirSync(path.join(root, 'libs', 'platform')))
      if (lib !== 'testing')
        findings.push(...sourceFindings('platform', path.join(root, 'libs', 'platform', lib, 'src'), root));
    const unique = [
      ...new Map(findings.map((finding) => [`${finding.where}|${finding.feature}`, finding])).values(),
    ];
    const report = unique.map((finding) => {
      const rule = TIDB_RULES.find((entry) => entry.feature === finding.feature)!;
      const fallback = FALLBACKS[finding.where]?.[finding.feature];
      return { ...finding, tidb: rule.tidb, fallback };
    });
    console.log(
      `What TiDB would reject or treat differently, and each fallback:\n${report
        .map(
          (entry) =>
            `- ${entry.where}: ${entry.feature} (${entry.source}) — TiDB: ${entry.tidb}\n    fallback: ${entry.fallback}`,
        )
        .join('\n')}`,
    );
    expect(
      report.filter((entry) => !entry.fallback).map((entry) => `${entry.where}: ${entry.feature}`),
    ).toEqual([]);
    // And no fallback is kept for a feature no longer used.
    const found = new Set(unique.map((finding) => `${finding.where}|${finding.feature}`));
    const documented = Object.entries(FALLBACKS).flatMap(([where, features]) =>
      Object.keys(features).map((feature) => `${where}|${feature}`),
    );
    expect(documented.filter((key) => !found.has(key))).toEqual([]);
  });
});
