// A list paged, filtered and sorted by the server: the table asks for one page at a time, never the whole
// list, and exports by walking the server's pages (pages of 200, at most 10,000 rows, the progress on the
// button). Client-side on purpose: the rows come through the same API, scoped and audited as the table's, and
// a page the person can see is a page they may export; no service needs an XLSX writer or a download route.
import { Button, Space, Table, Typography, type TableColumnsType, type TableProps } from 'antd';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Page } from '@edubase/contracts/api/common';
import { ApiError } from '@edubase/web-auth';
import { ErrorState } from './states';
import { downloadXlsx, type ExportColumn } from './xlsx-export';

/** One page of a list, as every EduBase list API answers. */
export type { Page } from '@edubase/contracts/api/common';

export interface PageRequest {
  page: number;
  pageSize: number;
  /** `field` ascending, `-field` descending, when a sortable column was clicked. */
  sort?: string;
}

/** Most rows an export walks (pages of 200); beyond that, narrow the filters first. */
const EXPORT_LIMIT = 10_000;
const EXPORT_PAGE = 200;

export interface ServerTableProps<T> {
  /** Loads one page with the caller's filters; called again when `filterKey` changes. */
  fetchPage: (request: PageRequest, signal: AbortSignal) => Promise<Page<T>>;
  columns: TableColumnsType<T>;
  rowKey: keyof T & string;
  /** Changes when the caller's filters change: back to page 1. */
  filterKey?: string;
  /** Changes to reload the current page (after a create or an edit). */
  reloadKey?: number;
  toolbar?: ReactNode;
  /** With columns: an 导出 Excel button writing `<exportName>.xlsx`. */
  exportName?: string;
  exportColumns?: readonly ExportColumn<T>[];
  /** Accessible name of the table. */
  caption: string;
  testId?: string;
  expandable?: TableProps<T>['expandable'];
}

export function ServerTable<T extends object>(props: ServerTableProps<T>) {
  const { fetchPage, filterKey, reloadKey } = props;
  const [request, setRequest] = useState<PageRequest>({ page: 1, pageSize: 20 });
  const [data, setData] = useState<Page<T> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  /** Rows fetched so far of those the export will write, while it runs. */
  const [exportProgress, setExportProgress] = useState<{ done: number; of: number } | null>(null);
  const [exportNote, setExportNote] = useState<string | null>(null);
  const exportAbort = useRef<AbortController | null>(null);
  useEffect(() => () => exportAbort.current?.abort(), []);
  const [attempt, setAttempt] = useState(0);
  const previousFilter = useRef(filterKey);

  useEffect(() => {
    if (previousFilter.current !== filterKey) {
      previousFilter.current = filterKey;
      if (request.page !== 1) {
        setRequest((current) => ({ ...current, page: 1 }));
        return undefined;
      }
    }
    const abort = new AbortController();
    setLoading(true);
    setError(null);
    fetchPage(request, abort.signal)
      .then((page) => setData(page))
      .catch((failure: unknown) => {
        if (abort.signal.aborted) return;
        setError(failure instanceof ApiError || failure instanceof Error ? failure.message : String(failure));
      })
      .finally(() => {
        if (!abort.signal.aborted) setLoading(false);
      });
    return () => abort.abort();
    // fetchPage changes with the caller’s filters, which filterKey names: not a dependency of its own.
  }, [request, filterKey, reloadKey, attempt]);

  const exportAll = useCallback(async () => {
    if (!props.exportColumns || !props.exportName) return;
    const abort = new AbortController();
    exportAbort.current = abort;
    setExportNote(null);
    setExportProgress({ done: 0, of: Math.min(data?.total ?? 0, EXPORT_LIMIT) });
    try {
      const rows: T[] = [];
      let total = 0;
      for (let page = 1; rows.length < EXPORT_LIMIT; page += 1) {
        const next = await fetchPage({ page, pageSize: EXPORT_PAGE, sort: request.sort }, abort.signal);
        rows.push(...next.items);
        total = next.total;
        setExportProgress({ done: Math.min(rows.length, EXPORT_LIMIT), of: Math.min(total, EXPORT_LIMIT) });
        if (next.items.length === 0 || rows.length >= next.total) break;
      }
      await downloadXlsx(props.exportName, props.exportColumns, rows.slice(0, EXPORT_LIMIT));
      if (total > EXPORT_LIMIT)
        setExportNote(`共 ${total} 条，只导出了前 ${EXPORT_LIMIT} 条：请先筛选再导出其余的。`);
    } catch (failure) {
      if (!abort.signal.aborted)
        setError(`导出失败：${failure instanceof Error ? failure.message : String(failure)}`);
    } finally {
      if (!abort.signal.aborted) setExportProgress(null);
    }
  }, [data?.total, fetchPage, props.exportColumns, props.exportName, request.sort]);

  const onChange: TableProps<T>['onChange'] = (pagination, _filters, sorter) => {
    const single = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = single?.order ? String(single.field ?? single.columnKey ?? '') : '';
    setRequest({
      page: pagination.current ?? 1,
      pageSize: pagination.pageSize ?? 20,
      ...(field ? { sort: single?.order === 'descend' ? `-${field}` : field } : {}),
    });
  };

  return (
    <div data-testid={props.testId}>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>{props.toolbar}</Space>
        {props.exportName && props.exportColumns ? (
          <Space wrap>
            {exportNote ? <Typography.Text type="warning">{exportNote}</Typography.Text> : null}
            <Button
              onClick={() => void exportAll()}
              loading={exportProgress !== null}
              disabled={!data || data.total === 0}
              data-testid="export-xlsx"
            >
              {exportProgress ? `导出中 ${exportProgress.done}/${exportProgress.of}` : '导出 Excel'}
            </Button>
          </Space>
        ) : null}
      </Space>
      {error ? (
        <ErrorState message={error} onRetry={() => setAttempt((count) => count + 1)} />
      ) : (
        <Table<T>
          rowKey={props.rowKey}
          columns={props.columns}
          dataSource={data?.items ?? []}
          loading={loading}
          onChange={onChange}
          expandable={props.expandable}
          scroll={{ x: 'max-content' }}
          size="middle"
          aria-label={props.caption}
          pagination={{
            current: request.page,
            pageSize: request.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (total) => `共 ${total} 条`,
          }}
        />
      )}
    </div>
  );
}

/** A Page<T> from an API that answers a small, bounded list at once (e.g. reminders, capped by the server). */
export function pageOf<T>(rows: readonly T[], request: PageRequest): Page<T> {
  const start = (request.page - 1) * request.pageSize;
  return { items: rows.slice(start, start + request.pageSize), total: rows.length, ...request };
}
