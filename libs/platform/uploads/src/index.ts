export * from './upload-limits';
export * from './table';
export { readTable, tableFormatOf, XLSX_CONTENT_TYPE } from './read-table';
export { readUploadedTable } from './read-uploaded-table';
export { acceptRawUploads, uploadProblem } from './upload-body';
export { NOT_UTF8_MESSAGE } from './csv-table';
