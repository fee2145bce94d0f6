// 未成年人个人信息合规审计 (未成年人网络保护条例 Art. 37): each information system's annual audit, pre-filled
// by governance from the catalog and the audit chains; opened here, answered and reported in the drawer.
import { Button, Form, InputNumber, Modal, Select } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { MinorsAuditDetailView, MinorsAuditView, SystemView } from '@edubase/contracts/api/governance';
import { labelOf, minorsAuditStatusLabels } from '@edubase/labels';
import {
  PageHeader,
  ProblemAlert,
  ServerTable,
  StatusTag,
  useProblemSubmit,
  type Page,
  type PageRequest,
} from '@edubase/web-ui';
import { useConsole } from '../../console-context';
import { formatDateTime } from '../../format';
import { MinorsPiAuditDetail } from './minors-pi-audit-detail';

interface OpenForm {
  systemId: string;
  year: number;
}

const lastYear = new Date().getFullYear() - 1;

export default function MinorsPiAuditPage() {
  const { governance } = useConsole();
  const [reloadKey, setReloadKey] = useState(0);
  const [opening, setOpening] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [systems, setSystems] = useState<SystemView[]>([]);
  const [form] = Form.useForm<OpenForm>();
  const { submit, submitting, alert, clearAlert } = useProblemSubmit(form);

  useEffect(() => {
    if (!opening) return;
    void governance
      .get<Page<SystemView>>('/information-systems', { pageSize: 200 })
      .then((page) => setSystems(page.items))
      .catch(() => setSystems([]));
  }, [governance, opening]);

  const fetchPage = useCallback(
    (request: PageRequest, signal: AbortSignal) =>
      governance.get<Page<MinorsAuditView>>('/compliance/minors-audits', { ...request }, signal),
    [governance],
  );

  const open = async () => {
    const values = await form.validateFields();
    const created = await submit(() =>
      governance.request<MinorsAuditDetailView>('/compliance/minors-audits', {
        method: 'POST',
        body: values,
      }),
    );
    if (created) {
      setOpening(false);
      form.resetFields();
      setReloadKey((key) => key + 1);
      setSelected(created.id);
    }
  };

  return (
    <>
      <PageHeader
        title="未成年人个人信息合规审计"
        description="依据《未成年人网络保护条例》第三十七条，每年对处理未成年人个人信息的信息系统开展合规审计：清单来自数据目录，访问情况来自审计链。"
        extra={
          <Button type="primary" onClick={() => setOpening(true)} data-testid="open-audit">
            新建年度审计
          </Button>
        }
      />
      <ServerTable<MinorsAuditView>
        caption="合规审计"
        testId="minors-audit-table"
        rowKey="id"
        fetchPage={fetchPage}
        reloadKey={reloadKey}
        exportName="未成年人个人信息合规审计"
        exportColumns={[
          { title: '信息系统', value: (row) => row.systemName },
          { title: '学校', value: (row) => row.schoolCode ?? '区级' },
          { title: '年度', value: (row) => row.year },
          { title: '状态', value: (row) => labelOf(minorsAuditStatusLabels, row.status) },
          { title: '未成年人个人信息字段', value: (row) => row.minorPiFields },
          { title: '待整改', value: (row) => row.openFindings },
        ]}
        columns={[
          {
            title: '信息系统',
            dataIndex: 'systemName',
            render: (name: string, row) => (
              <Button type="link" onClick={() => setSelected(row.id)} style={{ padding: 0 }}>
                {name}
              </Button>
            ),
          },
          { title: '学校', dataIndex: 'schoolCode', render: (code: string | null) => code ?? '区级' },
          { title: '年度', dataIndex: 'year' },
          {
            title: '状态',
            dataIndex: 'status',
            render: (status: MinorsAuditView['status']) => (
              <StatusTag tone={status === 'completed' ? 'success' : 'warning'}>
                {labelOf(minorsAuditStatusLabels, status)}
              </StatusTag>
            ),
          },
          { title: '未成年人个人信息字段', dataIndex: 'minorPiFields' },
          {
            title: '问题 / 待整改',
            dataIndex: 'openFindings',
            render: (open: number, row) => (
              <StatusTag tone={open > 0 ? 'error' : 'neutral'}>{`${row.findings} / ${open}`}</StatusTag>
            ),
          },
          { title: '准备于', dataIndex: 'preparedAt', render: formatDateTime },
        ]}
      />
      <Modal
        title="新建年度审计"
        open={opening}
        onOk={() => void open()}
        okText="新建并预填"
        confirmLoading={submitting}
        onCancel={() => {
          setOpening(false);
          clearAlert();
        }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ year: lastYear }}>
          <Form.Item name="systemId" label="信息系统" rules={[{ required: true, message: '请选择信息系统' }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={systems.map((system) => ({
                value: system.id,
                label: `${system.name}（${system.schoolCode ?? '区级'}）`,
              }))}
            />
          </Form.Item>
          <Form.Item name="year" label="审计年度" rules={[{ required: true, message: '请填写年度' }]}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
          <ProblemAlert message={alert} />
        </Form>
      </Modal>
      <MinorsPiAuditDetail
        auditId={selected}
        onClose={() => setSelected(null)}
        onChanged={() => setReloadKey((key) => key + 1)}
      />
    </>
  );
}
