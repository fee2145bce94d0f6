import { MARIADB } from './infrastructure';
import { TemporaryDatabase } from './temporary-database';

describe('TemporaryDatabase (naming only; creating and dropping is exercised by the integration suites)', () => {
  it('names the database t_<prefix>_<run id> and describes it for mysql2, a config and an environment', () => {
    const database = new TemporaryDatabase('cockpit_proj', '0a1b2c3d');
    expect(database.name).toBe('t_cockpit_proj_0a1b2c3d');
    expect(database.connection).toEqual({ ...MARIADB, database: 't_cockpit_proj_0a1b2c3d' });
    expect(database.settings).toEqual({
      DB_HOST: MARIADB.host,
      DB_PORT: MARIADB.port,
      DB_USER: MARIADB.user,
      DB_PASSWORD: MARIADB.password,
      DB_NAME: 't_cockpit_proj_0a1b2c3d',
    });
    expect(database.env).toEqual({ ...database.settings, DB_PORT: String(MARIADB.port) });
  });

  it('gives every instance its own run id unless one is passed', () => {
    const names = new Set(Array.from({ length: 20 }, () => new TemporaryDatabase('identity_api').name));
    expect(names.size).toBe(20);
    for (const name of names) expect(name).toMatch(/^t_identity_api_[0-9a-f]{8}$/);
  });

  it('refuses a prefix that would make an invalid (or SQL-breaking) database name', () => {
    expect(() => new TemporaryDatabase('messaging-batch')).toThrow('no valid database name');
    expect(() => new TemporaryDatabase('x`; DROP DATABASE mysql; --')).toThrow('no valid database name');
    expect(() => new TemporaryDatabase('a'.repeat(60))).toThrow('no valid database name');
  });
});
