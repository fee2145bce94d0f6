// Keycloak 同步: identity's reconciliation runs (what drift each found and repaired) and running one now.
import { Button, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { ReconciliationChange, ReconciliationRunView } from '@edubase/contracts/api/identity';
import { ErrorState, PageHeader, useConfirm, StatusTag } from '@edubase/web-ui';
import { useConsole } from '../console-context';
import { formatDateTime } from '../format';

const repairLabels: Record<ReconciliationChange['repair'], string> = {
  'user-created': '补建账号',
  'user-recreated': '重建账号',
  'user-enabled': '启用账号',
  'user-disabled': '停用账号',
  'roles-added': '补授角色',
  'roles-removed': '收回角色',
  'attributes-fixed': '修正属性',
  'group-fixed': '修正分组',
  failed: '修复失败',
};

export default function KeycloakSyncPage() {
  const { identity } = useConsole();
  const confirm = useConfirm();
  const [runs, setRuns] = useState<ReconciliationRunView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  const load = useCallback(() => {
    setError(null);
    identity
      .get<ReconciliationRunView[]>('/keycloak/reconciliation/runs')
      .then(setRuns)
      .catch((failure: Error) => setError(failure.message));
  }, [identity]);
  useEffect(load, [load]);

  const runNow = async () => {
    if (
      !(await confirm({
        title: '立即核对并修复 Keycloak 账号？',
        content: '将逐人核对账号、角色与属性，修复发现的偏差。',
      }))
    )
      return;
    setRunning(true);
    try {
      await identity.request('/keycloak/reconciliation', { method: 'POST' });
      load();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setRunning(false);
    }
  };

  return (
    <>
      <PageHeader
        title="Keycloak 同步"
        description="统一身份认证定期核对人员与 Keycloak 账号；这里是最近的核对记录与修复的偏差。"
        extra={
          <Button type="primary" onClick={() => void runNow()} loading={running}>
            立即核对修复
          </Button>
        }
      />
      {error ? (
        <ErrorState message={error} onRetry={load} />
      ) : (
        <Table<ReconciliationRunView>
          rowKey="id"
          loading={runs === null}
          dataSource={runs ?? []}
          aria-label="核对记录"
          scroll={{ x: 'max-content' }}
          pagination={false}
          locale={{ emptyText: '还没有核对记录' }}
          expandable={{
            rowExpandable: (run) => run.changes.length > 0,
            expandedRowRender: (run) => (
              <ul style={{ margin: 0 }}>
                {run.changes.map((change) => (
                  <li key={`${change.personId}-${change.repair}`}>
                    {change.staffNo}：{repairLabels[change.repair] ?? change.repair}（{change.detail}）
                  </li>
                ))}
              </ul>
            ),
          }}
          columns={[
            { title: '开始', dataIndex: 'startedAt', render: formatDateTime },
            {
              title: '结束',
              dataIndex: 'finishedAt',
              render: (value: string | null) => (value ? formatDateTime(value) : '进行中'),
            },
            {
              title: '触发',
              dataIndex: 'trigger',
              render: (trigger: string) => (trigger === 'api' ? '手动' : '定时'),
            },
            { title: '核对人数', dataIndex: 'peopleChecked' },
            {
              title: '修复',
              key: 'changes',
              render: (_: unknown, run: ReconciliationRunView) =>
                run.changes.length === 0 ? (
                  <StatusTag tone="success">无偏差</StatusTag>
                ) : (
                  <StatusTag tone="warning">{run.changes.length} 项</StatusTag>
                ),
            },
          ]}
        />
      )}
    </>
  );
}
