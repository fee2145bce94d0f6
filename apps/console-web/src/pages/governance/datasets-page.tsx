// 数据目录: the datasets of the systems the person's roles reach, how far their fields are classified, and each
// field's category, grade (一般/重要/核心) and PI flags; a data owner or security officer classifies a field here.
import { Button, Checkbox, Drawer, Form, Modal, Select, Space } from 'antd';
import { useCallback, useState } from 'react';
import type { DatasetDetailView, DatasetView, FieldView } from '@edubase/contracts/api/governance';
import { dataCategories, dataGrades } from '@edubase/contracts/vocabulary';
import type { DataGrade } from '@edubase/contracts/vocabulary';
import { dataCategoryLabels, dataGradeLabels, labelOf, piFlagLabels } from '@edubase/labels';
import {
  PageHeader,
  pageOf,
  ProblemAlert,
  ServerTable,
  useProblemSubmit,
  type Page,
  type PageRequest,
} from '@edubase/web-ui';
import { useConsole } from '../../console-context';
import { formatDateTime } from '../../format';
import { SchoolSelect, useSchoolChoices } from '../../schools';
import { flagText, GradeTag, ownerText, PiFlagTag, reachesOwner } from './governance-shared';

interface ClassifyForm {
  category: string;
  grade: string;
  flags: ('personal' | 'sensitive' | 'minor')[];
}

const originText: Record<DatasetView['origin'], string> = {
  service: '基座服务自动登记',
  api: '接口登记',
  import: '表格导入',
};

/** The data owners and security officers keep the catalog (CATALOG_KEEPERS). */
const KEEPERS = ['security-officer', 'district-admin', 'school-admin'] as const;

export default function DatasetsPage() {
  const { governance, session } = useConsole();
  const schools = useSchoolChoices();
  const [schoolCode, setSchoolCode] = useState<string | undefined>();
  const [reloadKey, setReloadKey] = useState(0);
  const [open, setOpen] = useState<DatasetView | null>(null);
  const [fieldsKey, setFieldsKey] = useState(0);
  const [classifying, setClassifying] = useState<FieldView | null>(null);
  const [form] = Form.useForm<ClassifyForm>();
  const { submit, submitting, alert, clearAlert } = useProblemSubmit(form);

  const fetchDatasets = useCallback(
    (request: PageRequest, signal: AbortSignal) =>
      governance.get<Page<DatasetView>>('/datasets', { ...request, schoolCode }, signal),
    [governance, schoolCode],
  );
  // A dataset's fields come with its detail (a table's columns, hundreds at most): paged here.
  const fetchFields = useCallback(
    async (request: PageRequest, signal: AbortSignal) =>
      pageOf(
        open ? (await governance.get<DatasetDetailView>(`/datasets/${open.id}`, {}, signal)).fieldList : [],
        request,
      ),
    [governance, open],
  );

  const classify = async () => {
    const values = await form.validateFields();
    const flags = new Set(values.flags ?? []);
    const done = await submit(() =>
      governance.request(`/datasets/${open!.id}/fields/${classifying!.id}/classification`, {
        method: 'PUT',
        body: {
          category: values.category,
          grade: values.grade,
          personal: flags.has('personal'),
          sensitive: flags.has('sensitive'),
          minor: flags.has('minor'),
        },
      }),
    );
    if (done) {
      setClassifying(null);
      setFieldsKey((key) => key + 1);
      setReloadKey((key) => key + 1);
    }
  };

  const canKeep = open ? reachesOwner(session, KEEPERS, open.schoolCode) : false;

  return (
    <>
      <PageHeader
        title="数据目录"
        description="各系统的数据集与字段：数据分类、分级（一般/重要/核心，GB/T 43697-2024）与个人信息标识；派生数据集就高从严。"
      />
      <ServerTable<DatasetView>
        caption="数据目录"
        testId="dataset-table"
        rowKey="id"
        fetchPage={fetchDatasets}
        filterKey={schoolCode ?? ''}
        reloadKey={reloadKey}
        toolbar={<SchoolSelect schools={schools} value={schoolCode} onChange={setSchoolCode} allowAll />}
        exportName="数据目录"
        exportColumns={[
          { title: '数据集', value: (row) => row.name },
          { title: '名称', value: (row) => row.title },
          { title: '学校标识码', value: (row) => ownerText(row.schoolCode) },
          { title: '来源', value: (row) => originText[row.origin] },
          { title: '分级', value: (row) => (row.grade ? dataGradeLabels[row.grade] : '未分级') },
          { title: '字段数', value: (row) => row.fields },
          { title: '已分类分级字段', value: (row) => row.classifiedFields },
        ]}
        columns={[
          {
            title: '数据集',
            key: 'name',
            render: (_: unknown, row: DatasetView) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => setOpen(row)}>
                {row.title ? `${row.title}（${row.name}）` : row.name}
              </Button>
            ),
          },
          { title: '学校', dataIndex: 'schoolCode', render: ownerText },
          {
            title: '来源',
            dataIndex: 'origin',
            render: (origin: DatasetView['origin']) => originText[origin],
          },
          {
            title: '分级',
            dataIndex: 'grade',
            render: (grade: DataGrade | null) => <GradeTag grade={grade} />,
          },
          {
            title: '已分类分级',
            key: 'classified',
            render: (_: unknown, row: DatasetView) => `${row.classifiedFields} / ${row.fields}`,
          },
        ]}
      />
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        title={open ? `字段：${open.title ?? open.name}` : '字段'}
        size={800}
      >
        {open ? (
          <ServerTable<FieldView>
            caption="字段"
            testId="field-table"
            rowKey="id"
            fetchPage={fetchFields}
            filterKey={open.id}
            reloadKey={fieldsKey}
            exportName={`字段_${open.name}`}
            exportColumns={[
              { title: '字段', value: (field) => field.name },
              { title: '说明', value: (field) => field.description },
              {
                title: '分类',
                value: (field) => (field.category ? dataCategoryLabels[field.category] : ''),
              },
              { title: '分级', value: (field) => (field.grade ? dataGradeLabels[field.grade] : '未分级') },
              { title: '个人信息标识', value: flagText },
              { title: '分类分级人', value: (field) => field.classifiedBy },
            ]}
            columns={[
              { title: '字段', dataIndex: 'name' },
              { title: '说明', dataIndex: 'description', render: (value: string | null) => value ?? '—' },
              {
                title: '分类',
                dataIndex: 'category',
                render: (value: string | null) => (value ? labelOf(dataCategoryLabels, value) : '—'),
              },
              {
                title: '分级',
                dataIndex: 'grade',
                render: (grade: DataGrade | null) => <GradeTag grade={grade} />,
              },
              {
                title: '个人信息',
                key: 'flags',
                render: (_: unknown, field: FieldView) => <PiFlagTag flags={field} />,
              },
              {
                title: '分类分级',
                key: 'classified',
                render: (_: unknown, field: FieldView) =>
                  field.classifiedAt
                    ? `${field.classifiedBy ?? ''} ${formatDateTime(field.classifiedAt)}`
                    : '—',
              },
              ...(canKeep
                ? [
                    {
                      title: '操作',
                      key: 'actions',
                      render: (_: unknown, field: FieldView) => (
                        <Button
                          size="small"
                          onClick={() => {
                            clearAlert();
                            form.setFieldsValue({
                              category: field.category ?? undefined,
                              grade: field.grade ?? undefined,
                              flags: (['personal', 'sensitive', 'minor'] as const).filter(
                                (flag) => field[flag],
                              ),
                            });
                            setClassifying(field);
                          }}
                        >
                          分类分级
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        ) : null}
      </Drawer>
      <Modal
        open={classifying !== null}
        title={`分类分级：${classifying?.name ?? ''}`}
        okText="保存"
        cancelText="取消"
        confirmLoading={submitting}
        onOk={() => void classify()}
        onCancel={() => setClassifying(null)}
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item name="category" label="数据分类" rules={[{ required: true, message: '请选择分类' }]}>
            <Select options={dataCategories.map((value) => ({ value, label: dataCategoryLabels[value] }))} />
          </Form.Item>
          <Form.Item name="grade" label="数据分级" rules={[{ required: true, message: '请选择分级' }]}>
            <Select options={dataGrades.map((value) => ({ value, label: dataGradeLabels[value] }))} />
          </Form.Item>
          <Form.Item
            name="flags"
            label="个人信息标识"
            extra="未成年人个人信息属于敏感个人信息（个人信息保护法第二十八条）。"
          >
            <Checkbox.Group>
              <Space orientation="vertical">
                {(['personal', 'sensitive', 'minor'] as const).map((flag) => (
                  <Checkbox key={flag} value={flag}>
                    {piFlagLabels[flag]}
                  </Checkbox>
                ))}
              </Space>
            </Checkbox.Group>
          </Form.Item>
          <ProblemAlert message={alert} />
        </Form>
      </Modal>
    </>
  );
}
