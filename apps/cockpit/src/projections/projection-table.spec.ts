import { defineProjectionTable } from './projection-table';
import { projectionTables } from './projectors';

describe('defineProjectionTable', () => {
  it('refuses a column that no key, group or increment writes', () => {
    expect(() =>
      defineProjectionTable({
        name: 'forgotten_state',
        columns: {
          id: { type: 'varchar', length: 64 },
          kind: { type: 'varchar', length: 16 },
          note: { type: 'varchar', length: 16, nullable: true },
          version: { type: 'varchar', length: 64 },
        },
        key: ['id'],
        groups: { main: { version: 'version', columns: ['kind'] } },
      }),
    ).toThrow('forgotten_state: note in no key, group or increment');
  });

  it('gives the entity the key as primary columns and the indexes their names', () => {
    const table = defineProjectionTable({
      name: 'example_state',
      columns: {
        id: { type: 'varchar', length: 64 },
        school_code: { type: 'char', length: 10, nullable: true },
        at: { type: 'datetime', precision: 3, nullable: true },
        version: { type: 'varchar', length: 64 },
      },
      key: ['id'],
      groups: { main: { version: 'version', columns: ['school_code', 'at'] } },
      indexes: { idx_example_school: ['school_code'] },
    });
    expect(table.sql).toBe('`example_state`');
    expect(table.column.school_code).toBe('`school_code`');
    const { columns, indices, tableName } = table.entity.options;
    expect(tableName).toBe('example_state');
    expect(columns.id).toMatchObject({ type: 'varchar', length: 64, primary: true, nullable: false });
    expect(columns.at).toMatchObject({ type: 'datetime', precision: 3, primary: false, nullable: true });
    expect(indices).toEqual([{ name: 'idx_example_school', columns: ['school_code'] }]);
  });

  it('lists every projection table once', () => {
    const names = projectionTables.map((table) => table.name);
    expect(new Set(names).size).toBe(names.length);
    // Later domains add theirs (the service generator does); these are the platform's own.
    expect(names).toEqual(
      expect.arrayContaining([
        'indicator_bucket',
        'nas_state',
        'org_state',
        'person_state',
        'role_state',
        'session_state',
        'terminal_state',
      ]),
    );
  });
});
