import type { Table } from '@edubase/uploads';
import { parseCatalogSheet } from './catalog-sheet';

const table = (...rows: string[][]): Table => ({
  format: 'xlsx',
  rows: rows.map((cells, index) => ({ number: index + 1, cells })),
});

describe('catalog sheet', () => {
  it('groups field rows into datasets by name, headers in any order', () => {
    const parsed = parseCatalogSheet(
      table(
        ['字段', '数据集', '字段类型', '数据集名称'],
        ['xm', 'xs_jbxx', 'varchar(50)', '学生基本信息'],
        ['sfzh', 'xs_jbxx', 'char(18)', ''],
        ['cj', 'xs_cj', '', ''],
      ),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.datasets).toEqual([
      {
        name: 'xs_jbxx',
        title: '学生基本信息',
        fields: [
          { name: 'xm', dataType: 'varchar(50)', description: null },
          { name: 'sfzh', dataType: 'char(18)', description: null },
        ],
      },
      { name: 'xs_cj', title: null, fields: [{ name: 'cj', dataType: null, description: null }] },
    ]);
  });

  it('names every problem by row and column', () => {
    const parsed = parseCatalogSheet(
      table(
        ['数据集', '字段', '字段类型', '数据集名称'],
        ['xs_jbxx', '', '', ''],
        ['xs_jbxx', 'xm', 'x'.repeat(65), '学生'],
        ['xs_jbxx', 'xm', '', ''],
        ['xs_jbxx', 'nl', '', '学生基本信息'],
      ),
    );
    expect(parsed.errors).toEqual([
      { row: 2, column: '字段', reason: 'required' },
      { row: 3, column: '字段类型', reason: 'at most 64 characters' },
      { row: 4, column: '字段', reason: 'xm is already in row 3' },
      { row: 5, column: '数据集名称', reason: 'xs_jbxx is titled 学生 above' },
    ]);
  });

  it('refuses a header without the required columns, and a file without rows', () => {
    expect(parseCatalogSheet(table(['表名', '字段'])).errors).toEqual([
      { row: 1, column: '数据集', reason: 'the header row has no column 数据集' },
    ]);
    expect(parseCatalogSheet(table(['数据集', '字段'])).errors).toEqual([
      { row: 2, column: '字段', reason: 'no field rows' },
    ]);
  });
});
