// One system of the register: its 定级/备案, the 等级测评 history and the 整改项 with their status. The security
// officer grades, records an assessment and closes findings here (the service's rule: `security-officer`
// reaching the owner); every form shows the server's field errors next to the field.
import { Button, Descriptions, Drawer, Form, Input, Modal, Select, Space, Table } from 'antd';
import { useEffect, useState } from 'react';
import type { SystemDetailView } from '@edubase/contracts/api/governance';
import { assessmentResults } from '@edubase/contracts/vocabulary';
import { assessmentResultLabels, rectificationStatusLabels } from '@edubase/labels';
import { ErrorState, LoadingState, ProblemAlert, StatusTag, useProblemSubmit } from '@edubase/web-ui';
import { useConsole } from '../../console-context';
import { DueCell, levelOptions, levelText, ownerText, reachesOwner } from './governance-shared';

interface GradeForm {
  protectionLevel: number;
  filingNumber?: string;
  filingDate?: string;
}

interface AssessmentForm {
  assessedOn: string;
  body: string;
  result: string;
  rectifications?: { description: string; dueOn?: string }[];
}

export function SystemDetailDrawer(props: {
  systemId: string | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { governance, session } = useConsole();
  const [detail, setDetail] = useState<SystemDetailView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [dialog, setDialog] = useState<'grade' | 'assess' | null>(null);
  const [gradeForm] = Form.useForm<GradeForm>();
  const [assessForm] = Form.useForm<AssessmentForm>();
  const grading = useProblemSubmit(gradeForm);
  const assessing = useProblemSubmit(assessForm);

  useEffect(() => {
    if (!props.systemId) return undefined;
    const abort = new AbortController();
    setError(null);
    governance
      .get<SystemDetailView>(`/information-systems/${props.systemId}`, {}, abort.signal)
      .then(setDetail)
      .catch((failure: Error) => !abort.signal.aborted && setError(failure.message));
    return () => abort.abort();
  }, [governance, props.systemId, attempt]);

  const shown = detail && detail.id === props.systemId ? detail : null;
  // 定级, 测评 and 整改 are the security officer's, for systems their grant reaches.
  const canKeep = shown ? reachesOwner(session, ['security-officer'], shown.schoolCode) : false;
  const changed = () => {
    setAttempt((count) => count + 1);
    props.onChanged();
  };

  const grade = async () => {
    const values = await gradeForm.validateFields();
    const done = await grading.submit(() =>
      governance.request(`/information-systems/${shown!.id}/grading`, {
        method: 'PUT',
        body: { ...values, filingDate: values.filingDate || null },
      }),
    );
    if (done) {
      setDialog(null);
      changed();
    }
  };

  const assess = async () => {
    const values = await assessForm.validateFields();
    const body = {
      ...values,
      rectifications: (values.rectifications ?? []).map((item) => ({
        description: item.description,
        dueOn: item.dueOn || null,
      })),
    };
    const done = await assessing.submit(() =>
      governance.request(`/information-systems/${shown!.id}/assessments`, { method: 'POST', body }),
    );
    if (done) {
      setDialog(null);
      assessForm.resetFields();
      changed();
    }
  };

  const setRectification = async (itemId: string, status: 'open' | 'done') => {
    try {
      await governance.request(`/information-systems/${shown!.id}/rectifications/${itemId}`, {
        method: 'PATCH',
        body: { status },
      });
      changed();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };

  return (
    <Drawer
      open={props.systemId !== null}
      onClose={props.onClose}
      title={shown?.name ?? '信息系统'}
      size={720}
      extra={
        canKeep && shown ? (
          <Space>
            <Button
              onClick={() => {
                grading.clearAlert();
                gradeForm.setFieldsValue({
                  protectionLevel: shown.protectionLevel ?? undefined,
                  filingNumber: shown.filingNumber ?? undefined,
                  filingDate: shown.filingDate ?? undefined,
                });
                setDialog('grade');
              }}
            >
              定级备案
            </Button>
            <Button
              type="primary"
              data-testid="record-assessment"
              onClick={() => {
                assessing.clearAlert();
                setDialog('assess');
              }}
            >
              录入测评
            </Button>
          </Space>
        ) : null
      }
    >
      {error ? (
        <ErrorState message={error} onRetry={() => setAttempt((count) => count + 1)} />
      ) : !shown ? (
        <LoadingState />
      ) : (
        <div data-testid="system-detail">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="学校">{ownerText(shown.schoolCode)}</Descriptions.Item>
            <Descriptions.Item label="责任单位">{shown.ownerUnit}</Descriptions.Item>
            <Descriptions.Item label="承建单位">{shown.contractor ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="等级">{levelText(shown.protectionLevel)}</Descriptions.Item>
            <Descriptions.Item label="备案">
              {shown.filingNumber ? `${shown.filingNumber}（${shown.filingDate ?? '—'}）` : '未备案'}
            </Descriptions.Item>
            <Descriptions.Item label="下次测评">
              <DueCell system={shown} />
            </Descriptions.Item>
          </Descriptions>
          <h2 style={{ fontSize: 16, marginTop: 24 }}>等级测评</h2>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            aria-label="等级测评"
            dataSource={shown.assessments}
            columns={[
              { title: '测评日期', dataIndex: 'assessedOn' },
              { title: '测评机构', dataIndex: 'body' },
              {
                title: '结论',
                dataIndex: 'result',
                render: (result: keyof typeof assessmentResultLabels) => assessmentResultLabels[result],
              },
              { title: '等级', dataIndex: 'protectionLevel', render: levelText },
            ]}
          />
          <h2 style={{ fontSize: 16, marginTop: 24 }}>整改项</h2>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            aria-label="整改项"
            data-testid="rectifications"
            dataSource={shown.rectifications}
            columns={[
              { title: '问题', dataIndex: 'description' },
              { title: '整改期限', dataIndex: 'dueOn', render: (value: string | null) => value ?? '—' },
              {
                title: '状态',
                dataIndex: 'status',
                render: (status: 'open' | 'done') => (
                  <StatusTag tone={status === 'done' ? 'success' : 'warning'}>
                    {rectificationStatusLabels[status]}
                  </StatusTag>
                ),
              },
              ...(canKeep
                ? [
                    {
                      title: '操作',
                      key: 'actions',
                      render: (_: unknown, item: SystemDetailView['rectifications'][number]) => (
                        <Button
                          size="small"
                          onClick={() =>
                            void setRectification(item.id, item.status === 'open' ? 'done' : 'open')
                          }
                        >
                          {item.status === 'open' ? '标记已整改' : '重新打开'}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </div>
      )}
      <Modal
        open={dialog === 'grade'}
        title="定级与备案"
        okText="保存"
        cancelText="取消"
        confirmLoading={grading.submitting}
        onOk={() => void grade()}
        onCancel={() => setDialog(null)}
        forceRender
      >
        <Form form={gradeForm} layout="vertical">
          <Form.Item name="protectionLevel" label="等级" rules={[{ required: true, message: '请选择等级' }]}>
            <Select options={levelOptions} />
          </Form.Item>
          <Form.Item name="filingNumber" label="备案编号">
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="filingDate" label="备案日期">
            <Input type="date" />
          </Form.Item>
          <ProblemAlert message={grading.alert} />
        </Form>
      </Modal>
      <Modal
        open={dialog === 'assess'}
        title="录入等级测评"
        okText="保存"
        cancelText="取消"
        confirmLoading={assessing.submitting}
        onOk={() => void assess()}
        onCancel={() => setDialog(null)}
        forceRender
        width={640}
      >
        <Form form={assessForm} layout="vertical" data-testid="assessment-form">
          <Form.Item
            name="assessedOn"
            label="测评日期"
            rules={[{ required: true, message: '请填写测评日期' }]}
          >
            <Input type="date" />
          </Form.Item>
          <Form.Item name="body" label="测评机构" rules={[{ required: true, message: '请填写测评机构' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="result" label="测评结论" rules={[{ required: true, message: '请选择结论' }]}>
            <Select
              options={assessmentResults.map((result) => ({
                value: result,
                label: assessmentResultLabels[result],
              }))}
            />
          </Form.Item>
          <Form.List name="rectifications">
            {(items, { add, remove }) => (
              <>
                {items.map((item) => (
                  <Space key={item.key} align="start" wrap>
                    <Form.Item
                      name={[item.name, 'description']}
                      label="整改项"
                      rules={[{ required: true, message: '请描述问题' }]}
                    >
                      <Input maxLength={500} style={{ width: 300 }} />
                    </Form.Item>
                    <Form.Item name={[item.name, 'dueOn']} label="整改期限">
                      <Input type="date" />
                    </Form.Item>
                    <Button onClick={() => remove(item.name)} style={{ marginTop: 30 }}>
                      删除
                    </Button>
                  </Space>
                ))}
                <Form.Item>
                  <Button onClick={() => add({})}>添加整改项</Button>
                </Form.Item>
              </>
            )}
          </Form.List>
          <ProblemAlert message={assessing.alert} />
        </Form>
      </Modal>
    </Drawer>
  );
}
