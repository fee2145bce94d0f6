// 数据共享: requests of other district systems (a Keycloak client) for fields of a dataset, for a purpose and a
// period. Approved once the data owner (the owner school's administrator; the district administrator for
// district data) and a security officer both approve; the client's scope then lasts until the end date.
import { Button, Select, Space } from 'antd';
import { useCallback, useState } from 'react';
import type { SharingView } from '@edubase/contracts/api/governance';
import { sharingStatuses } from '@edubase/contracts/vocabulary';
import type { RoleName, SharingStatus } from '@edubase/contracts/vocabulary';
import { sharingStatusLabels } from '@edubase/labels';
import {
  ErrorState,
  PageHeader,
  ServerTable,
  StatusTag,
  useConfirm,
  type Page,
  type PageRequest,
} from '@edubase/web-ui';
import { useConsole } from '../../console-context';
import type { ConsoleSession } from '../../session';
import { ownerText } from './governance-shared';

type ApproveAs = 'owner' | 'security-officer';

const statusTone = {
  pending: 'warning',
  approved: 'success',
  rejected: 'error',
  expired: 'neutral',
} as const;

/** The service's rule (`holdsRole`): the role held for this school, or district-wide. */
function holds(session: ConsoleSession, role: RoleName, schoolCode: string | null): boolean {
  return session.grants.some(
    (grant) => grant.role === role && (grant.schoolCode === null || grant.schoolCode === schoolCode),
  );
}

function mayApproveAs(session: ConsoleSession, row: SharingView, as: ApproveAs): boolean {
  if (as === 'security-officer') return holds(session, 'security-officer', row.schoolCode);
  return holds(session, row.schoolCode === null ? 'district-admin' : 'school-admin', row.schoolCode);
}

const approval = (by: string | null) => by ?? '待审批';

export default function SharingPage() {
  const { governance, session } = useConsole();
  const confirm = useConfirm();
  const [status, setStatus] = useState<SharingStatus | undefined>();
  const [reloadKey, setReloadKey] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const fetchRequests = useCallback(
    (request: PageRequest, signal: AbortSignal) =>
      governance.get<Page<SharingView>>('/sharing-requests', { ...request, status }, signal),
    [governance, status],
  );

  const decide = async (row: SharingView, as: ApproveAs, decision: 'approved' | 'rejected') => {
    const role = as === 'owner' ? '数据所有者' : '网络安全管理员';
    const ok = await confirm({
      title: `${decision === 'approved' ? '批准' : '拒绝'}${row.clientId}的共享申请（${role}）？`,
      content:
        decision === 'approved'
          ? '数据所有者与网络安全管理员均批准后，申请系统在共享期内可读取所列字段。'
          : '拒绝后申请结束，需重新提交。',
      okText: decision === 'approved' ? '批准' : '拒绝',
      danger: decision === 'rejected',
    });
    if (!ok) return;
    setError(null);
    try {
      await governance.request(`/sharing-requests/${row.id}/approval`, {
        method: 'POST',
        body: { as, decision },
      });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
    setReloadKey((key) => key + 1);
  };

  return (
    <>
      <PageHeader
        title="数据共享"
        description="区内其他系统对数据集字段的共享申请：数据所有者与网络安全管理员双重审批，到期自动收回。"
      />
      {error ? <ErrorState message={error} /> : null}
      <ServerTable<SharingView>
        caption="数据共享申请"
        testId="sharing-table"
        rowKey="id"
        fetchPage={fetchRequests}
        filterKey={status ?? ''}
        reloadKey={reloadKey}
        toolbar={
          <Select
            aria-label="申请状态"
            style={{ width: 140 }}
            value={status ?? ''}
            onChange={(value: string) => setStatus(value === '' ? undefined : (value as SharingStatus))}
            options={[
              { value: '', label: '全部状态' },
              ...sharingStatuses.map((value) => ({ value, label: sharingStatusLabels[value] })),
            ]}
          />
        }
        exportName="数据共享申请"
        exportColumns={[
          { title: '数据集', value: (row) => row.datasetName ?? row.datasetId },
          { title: '学校标识码', value: (row) => ownerText(row.schoolCode) },
          { title: '申请系统', value: (row) => row.clientId },
          { title: '用途', value: (row) => row.purpose },
          { title: '字段', value: (row) => row.fields.join('、') },
          { title: '开始日期', value: (row) => row.startsOn },
          { title: '结束日期', value: (row) => row.endsOn },
          { title: '状态', value: (row) => sharingStatusLabels[row.status] },
          { title: '数据所有者审批', value: (row) => approval(row.ownerApprovedBy) },
          { title: '安全员审批', value: (row) => approval(row.officerApprovedBy) },
        ]}
        columns={[
          {
            title: '数据集',
            key: 'dataset',
            render: (_: unknown, row: SharingView) => row.datasetName ?? '—',
          },
          { title: '学校', dataIndex: 'schoolCode', render: ownerText },
          { title: '申请系统', dataIndex: 'clientId' },
          { title: '用途', dataIndex: 'purpose' },
          { title: '字段', dataIndex: 'fields', render: (fields: string[]) => fields.join('、') },
          {
            title: '共享期',
            key: 'period',
            render: (_: unknown, row: SharingView) => `${row.startsOn} 至 ${row.endsOn}`,
          },
          {
            title: '状态',
            dataIndex: 'status',
            render: (value: SharingStatus) => (
              <StatusTag tone={statusTone[value]}>{sharingStatusLabels[value]}</StatusTag>
            ),
          },
          { title: '数据所有者', dataIndex: 'ownerApprovedBy', render: approval },
          { title: '安全员', dataIndex: 'officerApprovedBy', render: approval },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, row: SharingView) => {
              if (row.status !== 'pending') return null;
              const pending: ApproveAs[] = [];
              if (!row.ownerApprovedBy && mayApproveAs(session, row, 'owner')) pending.push('owner');
              if (!row.officerApprovedBy && mayApproveAs(session, row, 'security-officer'))
                pending.push('security-officer');
              return (
                <Space wrap>
                  {pending.map((as) => (
                    <Space key={as}>
                      <Button size="small" type="primary" onClick={() => void decide(row, as, 'approved')}>
                        {as === 'owner' ? '所有者批准' : '安全员批准'}
                      </Button>
                      <Button size="small" onClick={() => void decide(row, as, 'rejected')}>
                        拒绝
                      </Button>
                    </Space>
                  ))}
                </Space>
              );
            },
          },
        ]}
      />
    </>
  );
}
