// 在线会话: who is online now, by school, and 强制下线 with what the NAS answered; the recent results below.
import { Button, Form, Input, Modal, Space, Tabs } from 'antd';
import { useCallback, useState } from 'react';
import type { DisconnectAttemptView, OnlineSessionView } from '@edubase/contracts/api/netaccess';
import {
  PageHeader,
  ProblemAlert,
  ServerTable,
  useProblemSubmit,
  type Page,
  type PageRequest,
  StatusTag,
  type StatusTone,
} from '@edubase/web-ui';
import { useConsole } from '../console-context';
import { formatDateTime } from '../format';
import { SchoolSelect, useSchoolChoices } from '../schools';
import { reach } from '../session';

const resultLabels: Record<string, { text: string; tone: StatusTone }> = {
  ack: { text: '已下线', tone: 'success' },
  nak: { text: 'NAS 拒绝', tone: 'error' },
  timeout: { text: 'NAS 无应答', tone: 'warning' },
  'unknown-nas': { text: '未知 NAS', tone: 'neutral' },
};

export default function SessionsPage() {
  const { networkAccess, session } = useConsole();
  const schools = useSchoolChoices();
  const [schoolCode, setSchoolCode] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [reloadKey, setReloadKey] = useState(0);
  const [target, setTarget] = useState<OnlineSessionView | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const { submit, submitting, alert } = useProblemSubmit(form);
  // 强制下线 is for network admins and district admins (the API's rule); security officers watch.
  const disconnectReach = reach(session, ['district-admin', 'network-admin']);
  const canDisconnect = (row: OnlineSessionView) =>
    disconnectReach.kind === 'district' || disconnectReach.schoolCodes.includes(row.schoolCode);
  const anyDisconnect = disconnectReach.kind === 'district' || disconnectReach.schoolCodes.length > 0;

  const fetchSessions = useCallback(
    (request: PageRequest, signal: AbortSignal) =>
      networkAccess.get<Page<OnlineSessionView>>('/sessions', { ...request, schoolCode, q }, signal),
    [networkAccess, schoolCode, q],
  );
  const fetchDisconnects = useCallback(
    (request: PageRequest, signal: AbortSignal) =>
      networkAccess.get<Page<DisconnectAttemptView>>('/disconnects', { ...request, schoolCode }, signal),
    [networkAccess, schoolCode],
  );

  const disconnect = async () => {
    if (!target) return;
    const values = await form.validateFields();
    const attempt = await submit(() =>
      networkAccess.request<DisconnectAttemptView>(`/sessions/${target.id}/disconnect`, {
        method: 'POST',
        body: values,
      }),
    );
    if (attempt) {
      Modal.info({
        title: '强制下线结果',
        content: `${target.username}：${resultLabels[attempt.result]?.text ?? attempt.result}`,
        okText: '知道了',
      });
      setTarget(null);
      form.resetFields();
      setReloadKey((key) => key + 1);
    }
  };

  const schoolFilter = (
    <SchoolSelect schools={schools} value={schoolCode} onChange={setSchoolCode} allowAll />
  );
  return (
    <>
      <PageHeader title="在线会话" />
      <Tabs
        items={[
          {
            key: 'online',
            label: '在线会话',
            children: (
              <ServerTable<OnlineSessionView>
                caption="在线会话"
                testId="session-table"
                rowKey="id"
                fetchPage={fetchSessions}
                filterKey={`${schoolCode ?? ''}|${q}`}
                reloadKey={reloadKey}
                toolbar={
                  <>
                    {schoolFilter}
                    <Input.Search
                      aria-label="按账号、IP 或 MAC 搜索"
                      placeholder="账号 / IP / MAC 开头"
                      allowClear
                      onSearch={(value) => setQ(value.trim())}
                      style={{ width: 220 }}
                    />
                    <Button onClick={() => setReloadKey((key) => key + 1)}>刷新</Button>
                  </>
                }
                exportName="在线会话"
                exportColumns={[
                  { title: '账号', value: (row) => row.username },
                  { title: 'IP 地址', value: (row) => row.framedIp },
                  { title: 'MAC 地址', value: (row) => row.macAddress },
                  { title: '学校标识码', value: (row) => row.schoolCode },
                  { title: '接入设备', value: (row) => row.nasName ?? row.nasIp },
                  { title: '上线时间', value: (row) => formatDateTime(row.startedAt) },
                ]}
                columns={[
                  { title: '账号', dataIndex: 'username' },
                  { title: 'IP 地址', dataIndex: 'framedIp', render: (value: string | null) => value ?? '—' },
                  {
                    title: 'MAC 地址',
                    dataIndex: 'macAddress',
                    render: (value: string | null) => value ?? '—',
                  },
                  { title: '学校', dataIndex: 'schoolCode' },
                  {
                    title: '接入设备',
                    key: 'nas',
                    render: (_: unknown, row: OnlineSessionView) => row.nasName ?? row.nasIp,
                  },
                  { title: '上线时间', dataIndex: 'startedAt', render: formatDateTime },
                  ...(anyDisconnect
                    ? [
                        {
                          title: '操作',
                          key: 'actions',
                          render: (_: unknown, row: OnlineSessionView) =>
                            canDisconnect(row) ? (
                              <Button size="small" danger onClick={() => setTarget(row)}>
                                强制下线
                              </Button>
                            ) : null,
                        },
                      ]
                    : []),
                ]}
              />
            ),
          },
          {
            key: 'disconnects',
            label: '下线结果',
            children: (
              <ServerTable<DisconnectAttemptView>
                caption="强制下线结果"
                rowKey="id"
                fetchPage={fetchDisconnects}
                filterKey={schoolCode ?? ''}
                reloadKey={reloadKey}
                toolbar={schoolFilter}
                columns={[
                  { title: '时间', dataIndex: 'requestedAt', render: formatDateTime },
                  { title: '会话', dataIndex: 'acctSessionId' },
                  { title: '学校', dataIndex: 'schoolCode' },
                  { title: '原因', dataIndex: 'reason' },
                  {
                    title: '结果',
                    dataIndex: 'result',
                    render: (result: string) => (
                      <StatusTag tone={resultLabels[result]?.tone ?? 'neutral'}>
                        {resultLabels[result]?.text ?? result}
                      </StatusTag>
                    ),
                  },
                ]}
              />
            ),
          },
        ]}
      />
      <Modal
        open={target !== null}
        title={`强制下线 ${target?.username ?? ''}`}
        okText="强制下线"
        okButtonProps={{ danger: true }}
        cancelText="取消"
        confirmLoading={submitting}
        onOk={() => void disconnect()}
        onCancel={() => setTarget(null)}
        destroyOnHidden
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <span>
            将向 {target?.nasName ?? target?.nasIp} 发送下线请求（RFC 5176），结果会记录在“下线结果”中。
          </span>
          <Form form={form} layout="vertical">
            <Form.Item name="reason" label="原因" rules={[{ required: true, message: '请填写下线原因' }]}>
              <Input maxLength={200} />
            </Form.Item>
            <ProblemAlert message={alert} />
          </Form>
        </Space>
      </Modal>
    </>
  );
}
