// Export to XLSX in the browser from the server's own pages (the APIs have no export yet). exceljs is
// loaded on the first export only, so pages do not ship it.

export interface ExportColumn<T> {
  title: string;
  value: (row: T) => string | number | null | undefined;
}

/** Builds and downloads `<name>.xlsx`: one sheet, a bold header row, text cells as the page shows them. */
export async function downloadXlsx<T>(name: string, columns: readonly ExportColumn<T>[], rows: readonly T[]) {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(name.slice(0, 31));
  sheet.addRow(columns.map((column) => column.title)).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((column) => column.value(row) ?? ''));
  columns.forEach((column, index) => {
    sheet.getColumn(index + 1).width = Math.max(10, column.title.length * 2 + 4);
  });
  const buffer = await workbook.xlsx.writeBuffer();
  const url = URL.createObjectURL(
    new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = `${name}.xlsx`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
