import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePorts, repositoryRoot } from '@edubase/testing';

export type InfraComponent = 'mariadb' | 'kafka' | 'keycloak';

const ROOT = repositoryRoot();
const SHARED_HOME = path.resolve(process.env.EDUBASE_HOME ?? path.join(ROOT, '.edubase'));
const REALM_FILE = path.join(ROOT, 'deploy/keycloak/edubase-realm.json');

/**
 * Keycloak's first start creates its schema and imports the realm (minutes on a loaded 2-core machine):
 * the database a previous run left after a clean stop is reused while the realm file is unchanged.
 */
function keycloakCacheDir(distribution: string, realmHash: string): string {
  return path.join(os.tmpdir(), 'edubase-fault-suite-cache', `${distribution}-${realmHash.slice(0, 16)}`);
}

/**
 * MariaDB, Kafka and Keycloak of the suite's own, started through the project's infra script
 * (tools/infra) with a private EDUBASE_HOME and free ports: killing them never touches the shared
 * instances other suites and engineers use. Downloads are not repeated: Kafka's jars and Keycloak's built
 * distribution are linked from the shared home; data directories are the suite's.
 */
export class PrivateInfra {
  private constructor(
    readonly home: string,
    readonly ports: {
      db: number;
      kafka: number;
      kafkaController: number;
      keycloak: number;
      keycloakManagement: number;
    },
  ) {}

  static async prepare(home: string): Promise<PrivateInfra> {
    const [db, kafka, kafkaController, keycloak, keycloakManagement] = await freePorts(5);
    const infra = new PrivateInfra(home, {
      db: db!,
      kafka: kafka!,
      kafkaController: kafkaController!,
      keycloak: keycloak!,
      keycloakManagement: keycloakManagement!,
    });
    infra.linkDownloads();
    return infra;
  }

  private get keycloakDist(): string {
    const keycloak = path.join(this.home, 'keycloak');
    const distribution = readdirSync(keycloak).find((name) => name.startsWith('keycloak-'));
    if (!distribution) throw new Error(`no Keycloak distribution in ${keycloak}`);
    return path.join(keycloak, distribution);
  }

  private get realmHash(): string {
    return createHash('sha256').update(readFileSync(REALM_FILE)).digest('hex');
  }

  /**
   * Stops Keycloak cleanly (SIGTERM) and keeps its database for the next run (see keycloakCacheDir).
   * Best effort: a failure only means the next run imports the realm again.
   */
  async saveKeycloakDatabase(): Promise<void> {
    const pid = this.serverPid('keycloak');
    if (!pid) return;
    process.kill(pid, 'SIGTERM');
    for (let waited = 0; this.serverPid('keycloak') && waited < 60_000; waited += 500)
      await new Promise((resolve) => setTimeout(resolve, 500));
    if (this.serverPid('keycloak')) return;
    const cache = keycloakCacheDir(path.basename(this.keycloakDist), this.realmHash);
    const staging = `${cache}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(path.join(this.keycloakDist, 'data', 'h2'), staging, { recursive: true });
    rmSync(cache, { recursive: true, force: true });
    renameSync(staging, cache);
  }

  get kafkaBrokers(): string {
    return `127.0.0.1:${this.ports.kafka}`;
  }

  get keycloakUrl(): string {
    return `http://127.0.0.1:${this.ports.keycloak}`;
  }

  /** The variables that point the infra script, and the services, at these instances. */
  get env(): Record<string, string> {
    return {
      EDUBASE_HOME: this.home,
      EDUBASE_DB_PORT: String(this.ports.db),
      EDUBASE_DB_PRIVATE_PORT: String(this.ports.db),
      EDUBASE_KAFKA_PORT: String(this.ports.kafka),
      EDUBASE_KAFKA_CONTROLLER_PORT: String(this.ports.kafkaController),
      EDUBASE_KEYCLOAK_PORT: String(this.ports.keycloak),
      EDUBASE_KEYCLOAK_MANAGEMENT_PORT: String(this.ports.keycloakManagement),
      // Keycloak's JVM only (kc.sh reads it): the C1 compiler alone starts it sooner on two busy cores.
      JAVA_OPTS_APPEND: '-XX:TieredStopAtLevel=1',
    };
  }

  /** Starts (or restarts after a kill) these components; resolves when each answers. */
  up(components: readonly InfraComponent[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'tools/infra/infra.mjs'), 'up', ...components], {
        cwd: ROOT,
        env: { ...process.env, ...this.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.on('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`infra up ${components.join(' ')} failed:\n${output}`)),
      );
    });
  }

  /** SIGKILL of the component's server process (the JVM for Keycloak, not its kc.sh wrapper). */
  kill(component: InfraComponent): number {
    const pid = this.serverPid(component);
    if (!pid) throw new Error(`no running private ${component} to kill`);
    process.kill(pid, 'SIGKILL');
    return pid;
  }

  /** Stops everything this suite started (SIGKILL: the data directories are thrown away). */
  stopAll(): void {
    for (const component of ['keycloak', 'kafka', 'mariadb'] as const) {
      const pid = this.serverPid(component);
      if (pid) process.kill(pid, 'SIGKILL');
    }
  }

  /**
   * The pid of the component's server among this machine's processes, found by this suite's home in its
   * command line: only ever one of the suite's own.
   */
  serverPid(component: InfraComponent): number | null {
    const marker = {
      mariadb: `--datadir=${path.join(this.home, 'mariadb')}`,
      kafka: path.join(this.home, 'kafka'),
      keycloak: `-Dkc.home.dir=${path.join(this.home, 'keycloak')}`,
    }[component];
    const program = { mariadb: 'mariadbd', kafka: 'java', keycloak: 'java' }[component];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let argv: string[];
      try {
        argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      } catch {
        continue; // gone meanwhile
      }
      if (path.basename(argv[0] ?? '') !== program) continue;
      if (argv.some((arg) => arg.startsWith(marker))) return Number(entry);
    }
    return null;
  }

  /** Kafka's jars and Keycloak's distribution, from the shared home; everything written stays here. */
  private linkDownloads(): void {
    const kafka = path.join(this.home, 'kafka');
    mkdirSync(kafka, { recursive: true });
    const sharedKafka = path.join(SHARED_HOME, 'kafka');
    if (!existsSync(path.join(kafka, 'lib')))
      symlinkSync(path.join(sharedKafka, 'lib'), path.join(kafka, 'lib'));
    copyFileSync(path.join(sharedKafka, 'resolved.json'), path.join(kafka, 'resolved.json'));

    const keycloak = path.join(this.home, 'keycloak');
    const sharedKeycloak = path.join(SHARED_HOME, 'keycloak');
    const distribution = readdirSync(sharedKeycloak).find((name) => name.startsWith('keycloak-'));
    if (!distribution) throw new Error(`no Keycloak distribution in ${sharedKeycloak}: run npm run infra:up`);
    const sharedDist = path.join(sharedKeycloak, distribution);
    const ownDist = path.join(keycloak, distribution);
    mkdirSync(path.join(ownDist, 'data'), { recursive: true });
    copyFileSync(path.join(sharedKeycloak, 'build.json'), path.join(keycloak, 'build.json'));
    // kc.sh finds its home from its own (resolved) path, so bin/ is a copy; the built server is linked.
    for (const entry of readdirSync(sharedDist)) {
      if (entry === 'data' || existsSync(path.join(ownDist, entry))) continue;
      if (entry === 'bin' || entry === 'conf' || !entry.match(/^[a-z]/) || entry.endsWith('.txt'))
        cpSync(path.join(sharedDist, entry), path.join(ownDist, entry), { recursive: true });
      else symlinkSync(path.join(sharedDist, entry), path.join(ownDist, entry));
    }
    const cache = keycloakCacheDir(distribution, this.realmHash);
    if (existsSync(cache)) {
      cpSync(cache, path.join(ownDist, 'data', 'h2'), { recursive: true });
      // What tools/infra/keycloak.mjs records after an import: the realm is there, no fresh database.
      writeFileSync(path.join(keycloak, 'imported-realm.sha256'), `${this.realmHash}\n`);
    }
  }
}
