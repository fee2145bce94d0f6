// 溯源审计: every trace lookup — who, when, what, why (案由) and how many results. Served by network access's
// GET /trace/audit; where that is not deployed yet the page says so instead of failing.
import { Input, Tag } from 'antd';
import { useCallback, useState } from 'react';
import type { TraceAuditEntry } from '@edubase/contracts/api/netaccess';
import { ApiError } from '@edubase/web-auth';
import { PageHeader, ServerTable, UnavailableState, type Page, type PageRequest } from '@edubase/web-ui';
import { useConsole } from '../console-context';
import { formatDateTime } from '../format';

const kindLabels: Record<string, string> = {
  'by-ip': 'IP + 时间',
  'by-mac': 'MAC 地址',
  'by-person': '人员',
  public: '公网 IP',
};

export default function TraceAuditPage() {
  const { networkAccess } = useConsole();
  const [actor, setActor] = useState('');
  const [missing, setMissing] = useState(false);

  const fetchPage = useCallback(
    async (request: PageRequest, signal: AbortSignal) => {
      try {
        return await networkAccess.get<Page<TraceAuditEntry>>('/trace/audit', { ...request, actor }, signal);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) setMissing(true);
        throw error;
      }
    },
    [networkAccess, actor],
  );

  return (
    <>
      <PageHeader title="溯源审计" description="所有溯源查询的记录：查询人、时间、条件、案由与结果条数。" />
      {missing ? (
        <UnavailableState
          feature="溯源审计"
          detail="上网认证服务尚未提供溯源审计接口（GET /trace/audit）。"
        />
      ) : (
        <ServerTable<TraceAuditEntry>
          caption="溯源审计"
          testId="trace-audit-table"
          rowKey="id"
          fetchPage={fetchPage}
          filterKey={actor}
          toolbar={
            <Input.Search
              aria-label="按查询人筛选"
              placeholder="查询人账号"
              allowClear
              onSearch={(value) => setActor(value.trim())}
              style={{ width: 220 }}
            />
          }
          exportName="溯源审计"
          exportColumns={[
            { title: '时间', value: (row) => formatDateTime(row.at) },
            { title: '查询人', value: (row) => row.actor },
            { title: '方式', value: (row) => kindLabels[row.lookupKind] ?? row.lookupKind },
            { title: '条件', value: (row) => JSON.stringify(row.query) },
            { title: '案由', value: (row) => row.caseReason },
            { title: '结果条数', value: (row) => row.resultCount },
          ]}
          columns={[
            { title: '时间', dataIndex: 'at', render: formatDateTime },
            { title: '查询人', dataIndex: 'actor' },
            {
              title: '方式',
              dataIndex: 'lookupKind',
              render: (kind: string) => <Tag>{kindLabels[kind] ?? kind}</Tag>,
            },
            {
              title: '条件',
              dataIndex: 'query',
              render: (query: Record<string, unknown>) =>
                Object.entries(query)
                  .map(([key, value]) => `${key}=${String(value)}`)
                  .join('  '),
            },
            { title: '案由', dataIndex: 'caseReason' },
            { title: '结果条数', dataIndex: 'resultCount' },
          ]}
        />
      )}
    </>
  );
}
