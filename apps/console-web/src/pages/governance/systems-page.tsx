// 信息系统台账 (等保 2.0): the systems the person's roles reach — a security officer district-wide, a school's
// administrator their school's — with 等级, 备案, last 测评 and the next due date (overdue red, due soon orange);
// 测评提醒 beside it; registering a system; the detail with assessments and 整改项 in a drawer.
import { Button, Form, Input, Modal, Select, Tabs } from 'antd';
import { useCallback, useState } from 'react';
import type { SystemView } from '@edubase/contracts/api/governance';
import { assessmentDueStatuses } from '@edubase/contracts/vocabulary';
import { assessmentDueStatusLabels, assessmentResultLabels } from '@edubase/labels';
import {
  PageHeader,
  pageOf,
  ProblemAlert,
  ServerTable,
  useProblemSubmit,
  type Page,
  type PageRequest,
} from '@edubase/web-ui';
import type { TableColumnsType } from 'antd';
import type { ExportColumn } from '@edubase/web-ui';
import { useConsole } from '../../console-context';
import { SchoolSelect, useSchoolChoices } from '../../schools';
import { reach } from '../../session';
import { DueCell, levelOptions, levelText, ownerText } from './governance-shared';
import { OwnerUnitSelect } from './owner-unit-select';
import { SystemDetailDrawer } from './system-detail';

interface RegisterForm {
  schoolCode?: string;
  name: string;
  ownerUnit: string;
  contractor?: string;
  protectionLevel?: number;
  filingNumber?: string;
  filingDate?: string;
}

/** The district's own systems are registered with `schoolCode: null` (a district-wide grant). */
const DISTRICT = '__district__';

const exportColumns: readonly ExportColumn<SystemView>[] = [
  { title: '系统名称', value: (row) => row.name },
  { title: '学校标识码', value: (row) => ownerText(row.schoolCode) },
  { title: '责任单位', value: (row) => row.ownerUnit },
  { title: '承建单位', value: (row) => row.contractor },
  { title: '等级', value: (row) => levelText(row.protectionLevel) },
  { title: '备案编号', value: (row) => row.filingNumber },
  { title: '备案日期', value: (row) => row.filingDate },
  { title: '上次测评', value: (row) => row.lastAssessedOn },
  { title: '测评机构', value: (row) => row.assessmentBody },
  {
    title: '测评结论',
    value: (row) => (row.assessmentResult ? assessmentResultLabels[row.assessmentResult] : ''),
  },
  { title: '下次测评', value: (row) => row.nextAssessmentDue },
  { title: '测评状态', value: (row) => assessmentDueStatusLabels[row.due.status] },
  { title: '待整改项', value: (row) => row.openRectifications },
];

export default function SystemsPage() {
  const { governance, session } = useConsole();
  const schools = useSchoolChoices();
  const [schoolCode, setSchoolCode] = useState<string | undefined>();
  const [level, setLevel] = useState<number | undefined>();
  const [dueStatus, setDueStatus] = useState<string | undefined>();
  const [reloadKey, setReloadKey] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const [registering, setRegistering] = useState(false);
  const [form] = Form.useForm<RegisterForm>();
  const { submit, submitting, alert, clearAlert } = useProblemSubmit(form);
  const chosenSchool = Form.useWatch('schoolCode', form);
  // Registering: a security officer, or the owner school's administrator (REGISTRARS).
  const registrars = reach(session, ['security-officer', 'school-admin']);
  const canRegister = registrars.kind === 'district' || registrars.schoolCodes.length > 0;

  const fetchSystems = useCallback(
    (request: PageRequest, signal: AbortSignal) =>
      governance.get<Page<SystemView>>(
        '/information-systems',
        { ...request, schoolCode, protectionLevel: level, dueStatus },
        signal,
      ),
    [governance, schoolCode, level, dueStatus],
  );
  // 测评提醒 are the overdue and due-soon systems, a short list the service answers whole.
  const fetchReminders = useCallback(
    async (request: PageRequest, signal: AbortSignal) =>
      pageOf(
        (await governance.get<{ items: SystemView[] }>('/information-systems/reminders', {}, signal)).items,
        request,
      ),
    [governance],
  );

  const register = async () => {
    const values = await form.validateFields();
    const body = {
      ...values,
      schoolCode: values.schoolCode === DISTRICT ? null : values.schoolCode,
      filingDate: values.filingDate || null,
    };
    const created = await submit(() =>
      governance.request<SystemView>('/information-systems', { method: 'POST', body }),
    );
    if (created) {
      setRegistering(false);
      form.resetFields();
      setReloadKey((key) => key + 1);
    }
  };

  const schoolName = new Map(schools.map((school) => [school.code, school.name]));
  // The due date comes early: at 1280 px it is on screen without scrolling, overdue in red.
  const columns: TableColumnsType<SystemView> = [
    {
      title: '系统名称',
      key: 'name',
      render: (_: unknown, row: SystemView) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => setOpenId(row.id)}>
          {row.name}
        </Button>
      ),
    },
    {
      title: '学校',
      dataIndex: 'schoolCode',
      render: (code: string | null) => (code ? (schoolName.get(code) ?? code) : ownerText(code)),
    },
    { title: '等级', dataIndex: 'protectionLevel', render: levelText },
    { title: '下次测评', key: 'due', render: (_: unknown, row: SystemView) => <DueCell system={row} /> },
    {
      title: '上次测评',
      key: 'assessed',
      render: (_: unknown, row: SystemView) =>
        row.lastAssessedOn
          ? `${row.lastAssessedOn} ${row.assessmentResult ? assessmentResultLabels[row.assessmentResult] : ''}`
          : '未测评',
    },
    { title: '待整改', dataIndex: 'openRectifications' },
    {
      title: '备案',
      key: 'filing',
      render: (_: unknown, row: SystemView) =>
        row.filingNumber ? `${row.filingNumber}（${row.filingDate ?? '—'}）` : '未备案',
    },
    { title: '责任单位', dataIndex: 'ownerUnit' },
  ];

  const schoolOptions = [
    ...(registrars.kind === 'district' ? [{ value: DISTRICT, label: '区级（教育局、教育学院）' }] : []),
    ...schools.map((school) => ({ value: school.code, label: `${school.name}（${school.code}）` })),
  ];

  return (
    <>
      <PageHeader
        title="信息系统台账"
        description="等级保护 2.0：定级、备案、等级测评与整改；第三级每年、第四级及以上每半年测评一次。"
        extra={
          canRegister ? (
            <Button
              type="primary"
              data-testid="register-system"
              onClick={() => {
                clearAlert();
                setRegistering(true);
              }}
            >
              登记系统
            </Button>
          ) : null
        }
      />
      <Tabs
        items={[
          {
            key: 'register',
            label: '台账',
            children: (
              <ServerTable<SystemView>
                caption="信息系统台账"
                testId="system-table"
                rowKey="id"
                fetchPage={fetchSystems}
                filterKey={`${schoolCode ?? ''}|${level ?? ''}|${dueStatus ?? ''}`}
                reloadKey={reloadKey}
                toolbar={
                  <>
                    <SchoolSelect schools={schools} value={schoolCode} onChange={setSchoolCode} allowAll />
                    <Select
                      aria-label="等级"
                      style={{ width: 140 }}
                      value={level ?? 0}
                      onChange={(value: number) => setLevel(value === 0 ? undefined : value)}
                      options={[{ value: 0, label: '全部等级' }, ...levelOptions]}
                    />
                    <Select
                      aria-label="测评状态"
                      data-testid="due-filter"
                      style={{ width: 160 }}
                      value={dueStatus ?? ''}
                      onChange={(value: string) => setDueStatus(value === '' ? undefined : value)}
                      options={[
                        { value: '', label: '全部测评状态' },
                        ...assessmentDueStatuses.map((status) => ({
                          value: status,
                          label: assessmentDueStatusLabels[status],
                        })),
                      ]}
                    />
                  </>
                }
                exportName="信息系统台账"
                exportColumns={exportColumns}
                columns={columns}
              />
            ),
          },
          {
            key: 'reminders',
            label: '测评提醒',
            children: (
              <ServerTable<SystemView>
                caption="测评提醒"
                testId="reminder-table"
                rowKey="id"
                fetchPage={fetchReminders}
                reloadKey={reloadKey}
                exportName="等保测评提醒"
                exportColumns={exportColumns}
                columns={columns}
              />
            ),
          },
        ]}
      />
      <SystemDetailDrawer
        systemId={openId}
        onClose={() => setOpenId(null)}
        onChanged={() => setReloadKey((key) => key + 1)}
      />
      <Modal
        open={registering}
        title="登记信息系统"
        okText="保存"
        cancelText="取消"
        confirmLoading={submitting}
        onOk={() => void register()}
        onCancel={() => setRegistering(false)}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onValuesChange={(changed: Partial<RegisterForm>) => {
            if ('schoolCode' in changed) form.setFieldValue('ownerUnit', undefined);
          }}
          initialValues={{ schoolCode: schoolOptions.length === 1 ? schoolOptions[0]!.value : undefined }}
        >
          <Form.Item
            name="schoolCode"
            label="所属单位"
            rules={[{ required: true, message: '请选择所属单位' }]}
          >
            <Select options={schoolOptions} placeholder="选择学校或区级" />
          </Form.Item>
          <Form.Item name="name" label="系统名称" rules={[{ required: true, message: '请输入系统名称' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="ownerUnit"
            label="责任单位"
            rules={[{ required: true, message: '请选择责任单位' }]}
          >
            <OwnerUnitSelect schoolCode={chosenSchool === DISTRICT ? null : chosenSchool} />
          </Form.Item>
          <Form.Item name="contractor" label="承建单位">
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="protectionLevel" label="等级（定级）">
            <Select allowClear options={levelOptions} placeholder="尚未定级" />
          </Form.Item>
          <Form.Item name="filingNumber" label="备案编号">
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="filingDate" label="备案日期">
            <Input type="date" />
          </Form.Item>
          <ProblemAlert message={alert} />
        </Form>
      </Modal>
    </>
  );
}
