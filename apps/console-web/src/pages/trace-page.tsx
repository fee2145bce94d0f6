// 溯源查询: who had this IP at that moment, who was behind a public ip:port (NAT logs), a MAC's sessions, a
// person's sessions. 案由 is required and every lookup is audited by network access.
import { Button, Card, DatePicker, Form, Input, InputNumber, Radio, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { PublicTrace, TraceAnswer } from '@edubase/contracts/api/netaccess';
import { PageHeader, ProblemAlert, useProblemSubmit } from '@edubase/web-ui';
import { useConsole } from '../console-context';
import { formatDateTime } from '../format';
import { PublicTraceResult } from './trace-public-result';

type Mode = 'ip' | 'public' | 'mac' | 'person';

interface TraceForm {
  ip?: string;
  port?: number;
  at?: Dayjs;
  mac?: string;
  personId?: string;
  range?: [Dayjs, Dayjs];
  caseReason: string;
}

export default function TracePage() {
  const { networkAccess } = useConsole();
  const [mode, setMode] = useState<Mode>('ip');
  const [form] = Form.useForm<TraceForm>();
  const { submit, submitting, alert, clearAlert } = useProblemSubmit(form);
  const [results, setResults] = useState<TraceAnswer[] | null>(null);
  const [publicTrace, setPublicTrace] = useState<PublicTrace | null>(null);

  const run = async () => {
    const values = await form.validateFields();
    const range = values.range
      ? { from: values.range[0].toISOString(), to: values.range[1].toISOString() }
      : {};
    if (mode === 'public') {
      const traced = await submit(() =>
        networkAccess.get<PublicTrace>('/trace/public', {
          ip: values.ip,
          port: values.port,
          at: values.at?.toISOString(),
          caseReason: values.caseReason,
        }),
      );
      if (traced) setPublicTrace(traced);
      return;
    }
    const found = await submit(() => {
      if (mode === 'ip')
        return networkAccess.get<TraceAnswer[]>('/trace/ip', {
          ip: values.ip,
          at: values.at?.toISOString(),
          caseReason: values.caseReason,
        });
      if (mode === 'mac')
        return networkAccess.get<TraceAnswer[]>('/trace/mac', {
          mac: values.mac,
          caseReason: values.caseReason,
          ...range,
        });
      return networkAccess.get<TraceAnswer[]>(`/trace/people/${encodeURIComponent(values.personId ?? '')}`, {
        caseReason: values.caseReason,
        ...range,
      });
    });
    if (found) setResults(found);
  };

  return (
    <>
      <PageHeader title="溯源查询" description="每次查询都会连同案由记入审计日志。" />
      <Card style={{ marginBottom: 16 }}>
        <Radio.Group
          value={mode}
          onChange={(event) => {
            setMode(event.target.value as Mode);
            setResults(null);
            setPublicTrace(null);
            clearAlert();
          }}
          optionType="button"
          style={{ marginBottom: 16 }}
          options={[
            { value: 'ip', label: 'IP + 时间' },
            { value: 'public', label: '公网地址+端口' },
            { value: 'mac', label: 'MAC 地址' },
            { value: 'person', label: '人员' },
          ]}
        />
        <Form form={form} layout="vertical" onFinish={() => void run()} style={{ maxWidth: 560 }}>
          {mode === 'ip' || mode === 'public' ? (
            <>
              <Form.Item
                name="ip"
                label={mode === 'public' ? '公网 IP 地址' : 'IP 地址'}
                rules={[{ required: true, message: '请输入 IP 地址' }]}
              >
                <Input placeholder={mode === 'public' ? '202.121.1.10' : '10.31.12.45'} />
              </Form.Item>
              {mode === 'public' ? (
                <Form.Item name="port" label="公网端口" rules={[{ required: true, message: '请输入端口' }]}>
                  <InputNumber
                    min={1}
                    max={65535}
                    precision={0}
                    placeholder="20345"
                    style={{ width: '100%' }}
                  />
                </Form.Item>
              ) : null}
              <Form.Item name="at" label="时间" rules={[{ required: true, message: '请选择时间' }]}>
                <DatePicker showTime style={{ width: '100%' }} />
              </Form.Item>
            </>
          ) : mode === 'mac' ? (
            <Form.Item name="mac" label="MAC 地址" rules={[{ required: true, message: '请输入 MAC 地址' }]}>
              <Input placeholder="AA-BB-CC-DD-EE-FF" />
            </Form.Item>
          ) : (
            <Form.Item name="personId" label="人员 ID" rules={[{ required: true, message: '请输入人员 ID' }]}>
              <Input />
            </Form.Item>
          )}
          {mode === 'mac' || mode === 'person' ? (
            <Form.Item name="range" label="时间范围（默认最近 30 天）">
              <DatePicker.RangePicker showTime style={{ width: '100%' }} />
            </Form.Item>
          ) : null}
          <Form.Item
            name="caseReason"
            label="案由"
            rules={[
              { required: true, message: '请填写案由' },
              { min: 4, message: '案由至少 4 个字' },
            ]}
          >
            <Input.TextArea rows={2} maxLength={500} placeholder="如：公安网安协查函 2026-017" />
          </Form.Item>
          <ProblemAlert message={alert} />
          <Button type="primary" htmlType="submit" loading={submitting} data-testid="run-trace">
            查询
          </Button>
        </Form>
      </Card>
      {publicTrace ? <PublicTraceResult trace={publicTrace} /> : null}
      {results ? (
        <Card title={`查询结果（${results.length} 条）`} data-testid="trace-results">
          <Table<TraceAnswer>
            rowKey="sessionId"
            size="small"
            dataSource={results}
            aria-label="溯源结果"
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 20, showTotal: (total) => `共 ${total} 条` }}
            locale={{ emptyText: '该条件下没有上网会话' }}
            columns={[
              { title: '账号', dataIndex: 'username' },
              { title: '姓名', dataIndex: 'personName', render: (value: string | null) => value ?? '—' },
              { title: 'IP 地址', dataIndex: 'framedIp', render: (value: string | null) => value ?? '—' },
              { title: 'MAC 地址', dataIndex: 'macAddress', render: (value: string | null) => value ?? '—' },
              { title: '学校', dataIndex: 'schoolCode' },
              { title: 'NAS', dataIndex: 'nasIp' },
              { title: '上线', dataIndex: 'startedAt', render: formatDateTime },
              {
                title: '下线',
                dataIndex: 'stoppedAt',
                render: (value: string | null) => (value ? formatDateTime(value) : '在线'),
              },
            ]}
          />
        </Card>
      ) : null}
    </>
  );
}
