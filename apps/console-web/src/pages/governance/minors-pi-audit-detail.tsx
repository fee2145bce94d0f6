// One audit: what the catalog and the audit chain gave, the checklist and retention to answer, the findings
// and their 整改, completion, and the report (XLSX, printable page).
import {
  Alert,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import {
  checklistAnswerLabels,
  dataCategoryText,
  dataGradeText,
  labelOf,
  minorsAuditStatusLabels,
  rectificationStatusLabels,
} from '@edubase/labels';
import type { FindingView, MinorsAuditDetailView } from '@edubase/contracts/api/governance';
import { ApiError } from '@edubase/web-auth';
import { ErrorState, LoadingState, ProblemAlert, StatusTag, useProblemSubmit } from '@edubase/web-ui';
import { useConsole } from '../../console-context';
import { formatDateTime } from '../../format';

interface FindingForm {
  checklistKey?: string;
  description: string;
  rectification: string;
  owner: string;
  dueOn: Dayjs;
}

const answers = Object.entries(checklistAnswerLabels).map(([value, label]) => ({ value, label }));

export function MinorsPiAuditDetail(props: {
  auditId: string | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { governance } = useConsole();
  const [audit, setAudit] = useState<MinorsAuditDetailView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<FindingForm>();
  const { submit, submitting, alert } = useProblemSubmit(form);
  const [actionError, setActionError] = useState<string | null>(null);
  const path = `/compliance/minors-audits/${props.auditId ?? ''}`;

  const load = useCallback(async () => {
    if (!props.auditId) return;
    setError(null);
    try {
      setAudit(await governance.get<MinorsAuditDetailView>(path));
    } catch (problem) {
      setError(problem instanceof Error ? problem.message : String(problem));
    }
  }, [governance, path, props.auditId]);

  useEffect(() => {
    setAudit(null);
    void load();
  }, [load]);

  /** A change that answers the whole audit: shown at once, the list reloaded. */
  const change = async (send: () => Promise<unknown>) => {
    setActionError(null);
    try {
      const answer = await send();
      if (answer && typeof answer === 'object' && 'checklist' in answer)
        setAudit(answer as MinorsAuditDetailView);
      else await load();
      props.onChanged();
    } catch (problem) {
      const fields =
        problem instanceof ApiError ? problem.fieldErrors.map((f) => `${f.field}：${f.reason}`) : [];
      setActionError([problem instanceof Error ? problem.message : String(problem), ...fields].join('；'));
    }
  };
  const put = (body: object) =>
    change(() => governance.request(`${path}/checklist`, { method: 'PUT', body }));

  const addFinding = async () => {
    const values = await form.validateFields();
    const added = await submit(() =>
      governance.request<FindingView>(`${path}/findings`, {
        method: 'POST',
        body: { ...values, dueOn: values.dueOn.format('YYYY-MM-DD') },
      }),
    );
    if (added) {
      form.resetFields();
      await load();
      props.onChanged();
    }
  };

  const printable = async () => {
    const html = await governance.request<string>(`${path}/report.html`);
    window.open(URL.createObjectURL(new Blob([html], { type: 'text/html' })), '_blank');
  };

  const draft = audit?.status === 'draft';
  return (
    <Drawer
      title={audit ? `${audit.systemName} ${audit.year}年度合规审计` : '合规审计'}
      open={props.auditId !== null}
      onClose={props.onClose}
      size="large"
      extra={
        audit ? (
          <Space>
            <Button
              onClick={() =>
                void governance.download(
                  `${path}/report.xlsx`,
                  `${audit.systemName}${audit.year}年度未成年人个人信息合规审计.xlsx`,
                )
              }
            >
              导出报告 (Excel)
            </Button>
            <Button onClick={() => void printable()}>打印版报告</Button>
            {draft ? (
              <Button
                onClick={() => void change(() => governance.request(`${path}/refresh`, { method: 'POST' }))}
              >
                重新预填
              </Button>
            ) : null}
            {draft ? (
              <Button
                type="primary"
                onClick={() =>
                  void change(() => governance.request(`${path}/completion`, { method: 'POST' }))
                }
              >
                完成审计
              </Button>
            ) : null}
          </Space>
        ) : null
      }
    >
      {error ? <ErrorState message={error} onRetry={() => void load()} /> : null}
      {!audit && !error ? <LoadingState /> : null}
      {audit ? (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          {actionError ? (
            <Alert type="error" showIcon role="alert" title={actionError} data-testid="audit-error" />
          ) : null}
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="状态">
              <StatusTag tone={draft ? 'warning' : 'success'}>
                {labelOf(minorsAuditStatusLabels, audit.status)}
              </StatusTag>
            </Descriptions.Item>
            <Descriptions.Item label="学校">{audit.schoolCode ?? '区级'}</Descriptions.Item>
            <Descriptions.Item label="审计人">{audit.openedBy}</Descriptions.Item>
            <Descriptions.Item label="预填于">{formatDateTime(audit.preparedAt)}</Descriptions.Item>
          </Descriptions>

          <section aria-label="未成年人个人信息清单">
            <Typography.Title level={2} style={{ fontSize: 16 }}>
              未成年人个人信息清单
            </Typography.Title>
            <Table
              size="small"
              rowKey="datasetId"
              pagination={false}
              dataSource={audit.datasets}
              locale={{ emptyText: '数据目录中本系统没有标记为未成年人个人信息的字段' }}
              columns={[
                {
                  title: '数据集',
                  dataIndex: 'name',
                  render: (name: string, row) => `${name}${row.title ? `（${row.title}）` : ''}`,
                },
                { title: '级别', dataIndex: 'grade', render: dataGradeText },
                {
                  title: '字段',
                  dataIndex: 'fields',
                  render: (fields: MinorsAuditDetailView['datasets'][number]['fields']) =>
                    fields
                      .map((f) => `${f.name}（${dataCategoryText(f.category)}·${dataGradeText(f.grade)}）`)
                      .join('、'),
                },
                {
                  title: '存储期限',
                  dataIndex: 'retention',
                  render: (retention: string | null, row) =>
                    draft ? (
                      <Input
                        aria-label={`${row.name} 存储期限`}
                        defaultValue={retention ?? ''}
                        placeholder="如：学生毕业后3年删除"
                        onBlur={(event) => {
                          const value = event.target.value.trim();
                          if (value && value !== retention)
                            void put({ retention: [{ datasetId: row.datasetId, retention: value }] });
                        }}
                      />
                    ) : (
                      retention
                    ),
                },
              ]}
            />
          </section>

          <section aria-label="个人信息访问情况">
            <Typography.Title level={2} style={{ fontSize: 16 }}>
              个人信息访问情况
            </Typography.Title>
            {audit.readers.note ? (
              <Typography.Paragraph type="secondary">{audit.readers.note}</Typography.Paragraph>
            ) : null}
            <Table
              size="small"
              rowKey={(row) => `${row.actorId}:${row.action}`}
              pagination={false}
              dataSource={audit.readers.items}
              locale={{ emptyText: '本年度无访问记录' }}
              columns={[
                {
                  title: '访问者',
                  dataIndex: 'actorName',
                  render: (name: string | null, row) => name ?? row.actorId,
                },
                { title: '操作', dataIndex: 'action' },
                { title: '次数', dataIndex: 'reads' },
                { title: '最近', dataIndex: 'lastAt', render: formatDateTime },
              ]}
            />
          </section>

          <section aria-label="合规检查项">
            <Typography.Title level={2} style={{ fontSize: 16 }}>
              合规检查项
            </Typography.Title>
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={audit.checklist}
              columns={[
                {
                  title: '检查项',
                  dataIndex: 'question',
                  render: (q: string, row) => <span title={row.basis}>{q}</span>,
                },
                {
                  title: '结论',
                  dataIndex: 'answer',
                  width: 130,
                  render: (answer: string | null, row) =>
                    draft ? (
                      <Select
                        aria-label={`${row.question} 结论`}
                        value={answer ?? undefined}
                        placeholder="未填写"
                        options={answers}
                        style={{ width: 110 }}
                        onChange={(value: string) =>
                          void put({ checklist: [{ key: row.key, answer: value, note: row.note }] })
                        }
                      />
                    ) : answer ? (
                      labelOf(checklistAnswerLabels, answer)
                    ) : (
                      '未填写'
                    ),
                },
              ]}
            />
          </section>

          <section aria-label="发现问题与整改">
            <Typography.Title level={2} style={{ fontSize: 16 }}>
              发现问题与整改
            </Typography.Title>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={audit.findingList}
              locale={{ emptyText: '未发现问题' }}
              columns={[
                { title: '问题', dataIndex: 'description' },
                { title: '整改措施', dataIndex: 'rectification' },
                { title: '责任人', dataIndex: 'owner' },
                { title: '期限', dataIndex: 'dueOn' },
                {
                  title: '状态',
                  dataIndex: 'status',
                  render: (status: FindingView['status'], row) => (
                    <Space>
                      <StatusTag tone={status === 'done' ? 'success' : 'error'}>
                        {labelOf(rectificationStatusLabels, status)}
                      </StatusTag>
                      <Button
                        size="small"
                        onClick={() =>
                          void change(() =>
                            governance.request(`${path}/findings/${row.id}`, {
                              method: 'PATCH',
                              body: { status: status === 'done' ? 'open' : 'done' },
                            }),
                          )
                        }
                      >
                        {status === 'done' ? '重新打开' : '标记已整改'}
                      </Button>
                    </Space>
                  ),
                },
              ]}
            />
            {draft ? (
              <Form form={form} layout="vertical" style={{ marginTop: 16 }} aria-label="登记问题">
                <Form.Item name="checklistKey" label="相关检查项">
                  <Select
                    allowClear
                    options={audit.checklist.map((item) => ({ value: item.key, label: item.question }))}
                  />
                </Form.Item>
                <Form.Item
                  name="description"
                  label="问题"
                  rules={[{ required: true, message: '请描述问题' }]}
                >
                  <Input.TextArea rows={2} maxLength={1000} />
                </Form.Item>
                <Form.Item
                  name="rectification"
                  label="整改措施"
                  rules={[{ required: true, message: '请填写整改措施' }]}
                >
                  <Input.TextArea rows={2} maxLength={1000} />
                </Form.Item>
                <Space>
                  <Form.Item
                    name="owner"
                    label="整改责任人"
                    rules={[{ required: true, message: '请填写责任人' }]}
                  >
                    <Input maxLength={100} />
                  </Form.Item>
                  <Form.Item
                    name="dueOn"
                    label="整改期限"
                    rules={[{ required: true, message: '请选择期限' }]}
                  >
                    <DatePicker />
                  </Form.Item>
                </Space>
                <ProblemAlert message={alert} />
                <Button onClick={() => void addFinding()} loading={submitting}>
                  登记问题
                </Button>
              </Form>
            ) : null}
          </section>
        </Space>
      ) : null}
    </Drawer>
  );
}
