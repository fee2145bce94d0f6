import { createConnection } from 'mysql2/promise';
import { MARIADB } from './infrastructure';
import { uniqueRunId } from './run-id';

/** What mysql2 (and `@edubase/persistence`'s DatabaseConnection) needs to reach one database. */
export interface DatabaseConnectionSettings {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** The same settings as a service configuration holds them (BaseServiceConfig's DB_* fields). */
export interface DatabaseConfigSettings {
  DB_HOST: string;
  DB_PORT: number;
  DB_USER: string;
  DB_PASSWORD: string;
  DB_NAME: string;
}

// A service's config accepts only such names (BaseServiceConfig.DB_NAME), and the name is spliced into SQL.
const DATABASE_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * A throwaway MariaDB database `t_<prefix>_<run id>` on the test server. Constructing it only names it
 * (for a service that creates its own database); `create()` makes it, `drop()` removes it whether or not
 * it was ever made.
 */
export class TemporaryDatabase {
  readonly name: string;
  readonly connection: DatabaseConnectionSettings;
  readonly settings: DatabaseConfigSettings;

  constructor(prefix: string, runId = uniqueRunId()) {
    this.name = `t_${prefix}_${runId}`;
    if (!DATABASE_NAME.test(this.name))
      throw new Error(`"${this.name}" is no valid database name: use lower-case letters, digits and _`);
    this.connection = { ...MARIADB, database: this.name };
    this.settings = {
      DB_HOST: MARIADB.host,
      DB_PORT: MARIADB.port,
      DB_USER: MARIADB.user,
      DB_PASSWORD: MARIADB.password,
      DB_NAME: this.name,
    };
  }

  /** The DB_* environment variables of a service (or child process) that should use this database. */
  get env(): Record<keyof DatabaseConfigSettings, string> {
    return { ...this.settings, DB_PORT: String(this.settings.DB_PORT) };
  }

  async create(): Promise<this> {
    await this.onServer(
      `CREATE DATABASE IF NOT EXISTS \`${this.name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    return this;
  }

  async drop(): Promise<void> {
    await this.onServer(`DROP DATABASE IF EXISTS \`${this.name}\``);
  }

  private async onServer(sql: string): Promise<void> {
    const { database: _notYetThere, ...server } = this.connection;
    const admin = await createConnection(server);
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  }
}

/** Creates an empty database `t_<prefix>_<run id>`; drop it at the end of the suite. */
export function temporaryDatabase(prefix: string, runId?: string): Promise<TemporaryDatabase> {
  return new TemporaryDatabase(prefix, runId).create();
}
