// 人员管理: search a school's people (paged by identity), create, edit, 离岗/离校, and each person's 角色授权.
import { Button, DatePicker, Drawer, Form, Input, Modal, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import type { PersonView } from '@edubase/contracts/api/identity';
import { departureKinds, personKinds, personStatuses } from '@edubase/contracts/vocabulary';
import {
  departureKindLabels,
  labelOf,
  minorCategoryLabels,
  personKindLabels,
  personStatusLabels,
} from '@edubase/labels';
import {
  PageHeader,
  ProblemAlert,
  ServerTable,
  useProblemSubmit,
  type Page,
  type PageRequest,
  StatusTag,
} from '@edubase/web-ui';
import { useConsole } from '../console-context';
import { formatDateTime } from '../format';
import { flattenTree, SchoolSelect, useOrgTree, useSchoolChoices } from '../schools';
import { RoleGrants } from './role-grants';

interface PersonForm {
  kind: 'staff' | 'student';
  name: string;
  orgId: string;
  staffNo?: string;
  studentNo?: string;
  mobile?: string;
  email?: string;
}

interface DepartForm {
  departureKind: string;
  reason: string;
  effectiveDate: Dayjs;
}

export default function PeoplePage() {
  const { identity } = useConsole();
  const schools = useSchoolChoices();
  const { tree } = useOrgTree();
  const [filters, setFilters] = useState<{ q: string; schoolCode?: string; status?: string }>({ q: '' });
  const [reloadKey, setReloadKey] = useState(0);
  const [editing, setEditing] = useState<PersonView | 'new' | null>(null);
  const [departing, setDeparting] = useState<PersonView | null>(null);
  const [granting, setGranting] = useState<PersonView | null>(null);
  const [form] = Form.useForm<PersonForm>();
  const [departForm] = Form.useForm<DepartForm>();
  const personSubmit = useProblemSubmit(form);
  const departSubmit = useProblemSubmit(departForm);
  const reload = () => setReloadKey((key) => key + 1);

  const units = flattenTree(tree ?? []).filter(
    (node) => node.kind === 'school' || node.kind === 'department',
  );
  const unitName = new Map(units.map((unit) => [unit.id, unit.name]));

  const fetchPage = useCallback(
    (request: PageRequest, signal: AbortSignal) =>
      identity.get<Page<PersonView>>('/people', { ...request, ...filters }, signal),
    [identity, filters],
  );

  const openEditor = (person: PersonView | 'new') => {
    personSubmit.clearAlert();
    form.resetFields();
    if (person !== 'new')
      form.setFieldsValue({
        name: person.name,
        mobile: person.mobile ?? undefined,
        email: person.email ?? undefined,
      });
    setEditing(person);
  };

  const savePerson = async () => {
    const values = await form.validateFields();
    const saved = await personSubmit.submit(() =>
      editing === 'new'
        ? identity.request<PersonView>('/people', { method: 'POST', body: values })
        : identity.request<PersonView>(`/people/${(editing as PersonView).id}`, {
            method: 'PATCH',
            body: { name: values.name, mobile: values.mobile || undefined, email: values.email || undefined },
          }),
    );
    if (saved) {
      setEditing(null);
      reload();
    }
  };

  const depart = async () => {
    if (!departing) return;
    const values = await departForm.validateFields();
    const done = await departSubmit.submit(() =>
      identity.request<PersonView>(`/people/${departing.id}/depart`, {
        method: 'POST',
        body: { ...values, effectiveDate: values.effectiveDate.format('YYYY-MM-DD') },
      }),
    );
    if (done) {
      setDeparting(null);
      reload();
    }
  };

  return (
    <>
      <PageHeader
        title="人员管理"
        extra={
          <Button type="primary" onClick={() => openEditor('new')} data-testid="add-person">
            新增人员
          </Button>
        }
      />
      <ServerTable<PersonView>
        caption="人员"
        testId="people-table"
        rowKey="id"
        fetchPage={fetchPage}
        filterKey={JSON.stringify(filters)}
        reloadKey={reloadKey}
        toolbar={
          <>
            <Input.Search
              aria-label="按姓名、工号或学籍号搜索"
              placeholder="姓名 / 工号 / 学籍号"
              allowClear
              onSearch={(value) => setFilters((current) => ({ ...current, q: value.trim() }))}
              style={{ width: 220 }}
              data-testid="people-search"
            />
            {schools.length > 1 ? (
              <SchoolSelect
                schools={schools}
                value={filters.schoolCode}
                onChange={(schoolCode) => setFilters((current) => ({ ...current, schoolCode }))}
                allowAll
              />
            ) : null}
            <Select
              aria-label="状态"
              style={{ width: 120 }}
              value={filters.status ?? ''}
              onChange={(status: string) =>
                setFilters((current) => ({ ...current, status: status || undefined }))
              }
              options={[
                { value: '', label: '全部状态' },
                ...personStatuses.map((status) => ({
                  value: status,
                  label: personStatusLabels.staff[status],
                })),
              ]}
            />
          </>
        }
        exportName="人员"
        exportColumns={[
          { title: '姓名', value: (row) => row.name },
          { title: '类别', value: (row) => labelOf(personKindLabels, row.kind) },
          { title: '未成年人', value: (row) => (row.minor ? minorCategoryLabels[row.minor] : '') },
          { title: '工号/学籍号', value: (row) => row.staffNo ?? row.studentNo },
          { title: '学校标识码', value: (row) => row.schoolCode },
          { title: '部门', value: (row) => unitName.get(row.orgId) ?? row.orgId },
          { title: '手机', value: (row) => row.mobile },
          { title: '状态', value: (row) => personStatusLabels[row.kind][row.status] },
        ]}
        columns={[
          { title: '姓名', dataIndex: 'name' },
          {
            title: '工号/学籍号',
            key: 'number',
            render: (_: unknown, row: PersonView) => row.staffNo ?? row.studentNo ?? '—',
          },
          {
            title: '类别',
            key: 'kind',
            render: (_: unknown, row: PersonView) => (
              <Space size={4}>
                {labelOf(personKindLabels, row.kind)}
                {row.minor && <StatusTag tone="warning">{minorCategoryLabels[row.minor]}</StatusTag>}
              </Space>
            ),
          },
          { title: '部门', dataIndex: 'orgId', render: (orgId: string) => unitName.get(orgId) ?? '—' },
          {
            title: '状态',
            key: 'status',
            render: (_: unknown, row: PersonView) => (
              <StatusTag tone={row.status === 'active' ? 'success' : 'neutral'}>
                {personStatusLabels[row.kind][row.status]}
              </StatusTag>
            ),
          },
          {
            title: '最近登录',
            key: 'login',
            render: (_: unknown, row: PersonView) => formatDateTime(row.keycloak.lastLoginAt),
          },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, row: PersonView) => (
              <Space size={4} wrap>
                <Button size="small" onClick={() => openEditor(row)}>
                  编辑
                </Button>
                <Button size="small" onClick={() => setGranting(row)}>
                  角色
                </Button>
                {row.status !== 'departed' ? (
                  <Button
                    size="small"
                    danger
                    onClick={() => {
                      departSubmit.clearAlert();
                      departForm.resetFields();
                      setDeparting(row);
                    }}
                  >
                    {row.kind === 'student' ? '离校' : '离岗'}
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? '新增人员' : `编辑 ${editing?.name ?? ''}`}
        okText="保存"
        cancelText="取消"
        confirmLoading={personSubmit.submitting}
        onOk={() => void savePerson()}
        onCancel={() => setEditing(null)}
        forceRender
      >
        <Form form={form} layout="vertical" initialValues={{ kind: 'staff' }}>
          {editing === 'new' ? (
            <>
              <Form.Item name="kind" label="类别" rules={[{ required: true }]}>
                <Select
                  aria-label="类别"
                  options={personKinds.map((kind) => ({ value: kind, label: personKindLabels[kind] }))}
                />
              </Form.Item>
              <Form.Item name="orgId" label="部门" rules={[{ required: true, message: '请选择部门' }]}>
                <Select
                  aria-label="部门"
                  showSearch
                  optionFilterProp="label"
                  options={units.map((unit) => ({ value: unit.id, label: unit.name }))}
                />
              </Form.Item>
              <Form.Item name="staffNo" label="工号">
                <Input />
              </Form.Item>
              <Form.Item name="studentNo" label="学籍号">
                <Input />
              </Form.Item>
            </>
          ) : null}
          <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请输入姓名' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="mobile" label="手机">
            <Input />
          </Form.Item>
          <Form.Item name="email" label="邮箱">
            <Input type="email" />
          </Form.Item>
          <ProblemAlert message={personSubmit.alert} />
        </Form>
      </Modal>
      <Modal
        open={departing !== null}
        title={`${departing?.kind === 'student' ? '离校' : '离岗'}：${departing?.name ?? ''}`}
        okText="确认"
        okButtonProps={{ danger: true }}
        cancelText="取消"
        confirmLoading={departSubmit.submitting}
        onOk={() => void depart()}
        onCancel={() => setDeparting(null)}
        forceRender
      >
        <Form form={departForm} layout="vertical">
          <Form.Item name="departureKind" label="方式" rules={[{ required: true, message: '请选择方式' }]}>
            <Select
              aria-label="方式"
              options={departureKinds.map((kind) => ({ value: kind, label: departureKindLabels[kind] }))}
            />
          </Form.Item>
          <Form.Item
            name="effectiveDate"
            label="生效日期"
            rules={[{ required: true, message: '请选择日期' }]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="reason" label="原因" rules={[{ required: true, message: '请填写原因' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <ProblemAlert message={departSubmit.alert} />
        </Form>
      </Modal>
      <Drawer
        open={granting !== null}
        onClose={() => setGranting(null)}
        title={`角色授权：${granting?.name ?? ''}`}
        size={480}
      >
        {granting ? <RoleGrants person={granting} schools={schools} /> : null}
      </Drawer>
    </>
  );
}
