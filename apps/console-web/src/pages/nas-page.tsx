// NAS 设备: the school switches, APs and BRAS that send RADIUS, with their shared secrets.
import { Button, Form, Input, InputNumber, Modal } from 'antd';
import { useCallback, useState } from 'react';
import type { NasView } from '@edubase/contracts/api/netaccess';
import {
  PageHeader,
  type Page,
  ProblemAlert,
  ServerTable,
  useConfirm,
  useProblemSubmit,
  type PageRequest,
  StatusTag,
} from '@edubase/web-ui';
import { useConsole } from '../console-context';
import { SchoolSelect, useSchoolChoices } from '../schools';

interface NasForm {
  schoolCode: string;
  name: string;
  ip: string;
  sharedSecret: string;
  vendor: string;
  model?: string;
  location?: string;
  coaPort?: number;
}

export default function NasPage() {
  const { networkAccess } = useConsole();
  const confirm = useConfirm();
  const schools = useSchoolChoices();
  const [schoolCode, setSchoolCode] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [reloadKey, setReloadKey] = useState(0);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<NasForm>();
  const { submit, submitting, alert, clearAlert } = useProblemSubmit(form);

  // Paged, filtered and sorted by network access (GET /nas answers a page when asked for one).
  const fetchPage = useCallback(
    (request: PageRequest, signal: AbortSignal) =>
      networkAccess.get<Page<NasView>>('/nas', { ...request, schoolCode, q: q || undefined }, signal),
    [networkAccess, schoolCode, q],
  );

  const save = async () => {
    const values = await form.validateFields();
    const created = await submit(() =>
      networkAccess.request<NasView>('/nas', { method: 'POST', body: values }),
    );
    if (created) {
      setOpen(false);
      form.resetFields();
      setReloadKey((key) => key + 1);
    }
  };

  const toggle = async (nas: NasView) => {
    const ok = await confirm({
      title: nas.enabled ? `停用 ${nas.name}？` : `启用 ${nas.name}？`,
      content: nas.enabled ? '停用后该设备发来的认证请求将被忽略。' : undefined,
      danger: nas.enabled,
    });
    if (!ok) return;
    await networkAccess.request(`/nas/${nas.id}`, { method: 'PATCH', body: { enabled: !nas.enabled } });
    setReloadKey((key) => key + 1);
  };

  return (
    <>
      <PageHeader
        title="NAS 设备"
        extra={
          <Button
            type="primary"
            onClick={() => {
              clearAlert();
              setOpen(true);
            }}
            data-testid="add-nas"
          >
            登记 NAS
          </Button>
        }
      />
      <ServerTable<NasView>
        caption="NAS 设备"
        testId="nas-table"
        rowKey="id"
        fetchPage={fetchPage}
        filterKey={`${schoolCode ?? ''}|${q}`}
        reloadKey={reloadKey}
        toolbar={
          <>
            <Input.Search
              aria-label="按名称或 IP 地址搜索"
              placeholder="名称 / IP 地址"
              allowClear
              onSearch={(value) => setQ(value.trim())}
              style={{ width: 200 }}
              data-testid="nas-search"
            />
            <SchoolSelect schools={schools} value={schoolCode} onChange={setSchoolCode} allowAll />
          </>
        }
        exportName="NAS设备"
        exportColumns={[
          { title: '学校标识码', value: (nas) => nas.schoolCode },
          { title: '名称', value: (nas) => nas.name },
          { title: 'IP 地址', value: (nas) => nas.ip },
          { title: '厂商', value: (nas) => nas.vendor },
          { title: '型号', value: (nas) => nas.model },
          { title: '位置', value: (nas) => nas.location },
          { title: '状态', value: (nas) => (nas.enabled ? '启用' : '停用') },
        ]}
        columns={[
          { title: '名称', dataIndex: 'name', sorter: true },
          { title: 'IP 地址', dataIndex: 'ip', sorter: true },
          { title: '学校', dataIndex: 'schoolCode', sorter: true },
          { title: '厂商', dataIndex: 'vendor', sorter: true },
          { title: '位置', dataIndex: 'location', render: (value: string | null) => value ?? '—' },
          {
            title: '状态',
            dataIndex: 'enabled',
            render: (enabled: boolean) =>
              enabled ? (
                <StatusTag tone="success">启用</StatusTag>
              ) : (
                <StatusTag tone="neutral">停用</StatusTag>
              ),
          },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, nas: NasView) => (
              <Button size="small" danger={nas.enabled} onClick={() => void toggle(nas)}>
                {nas.enabled ? '停用' : '启用'}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={open}
        title="登记 NAS"
        okText="保存"
        cancelText="取消"
        confirmLoading={submitting}
        onOk={() => void save()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            schoolCode: schools.length === 1 ? schools[0]!.code : undefined,
            vendor: 'huawei',
          }}
        >
          <Form.Item name="schoolCode" label="学校" rules={[{ required: true, message: '请选择学校' }]}>
            <SchoolSelect schools={schools} />
          </Form.Item>
          <Form.Item name="name" label="名称" rules={[{ required: true, message: '请输入名称' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="ip" label="IP 地址" rules={[{ required: true, message: '请输入 IP 地址' }]}>
            <Input placeholder="10.31.0.1" />
          </Form.Item>
          <Form.Item
            name="sharedSecret"
            label="共享密钥"
            rules={[{ required: true, message: '请输入共享密钥' }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="vendor" label="厂商" rules={[{ required: true, message: '请输入厂商' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="model" label="型号">
            <Input />
          </Form.Item>
          <Form.Item name="location" label="位置">
            <Input />
          </Form.Item>
          <Form.Item name="coaPort" label="CoA 端口">
            <InputNumber min={1} max={65535} placeholder="3799" style={{ width: '100%' }} />
          </Form.Item>
          <ProblemAlert message={alert} />
        </Form>
      </Modal>
    </>
  );
}
