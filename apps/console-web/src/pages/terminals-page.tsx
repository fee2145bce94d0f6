// 终端登记: devices that join by MAC (MAB) or as device accounts — register one, import many, 信创 flag.
import { Alert, Button, Checkbox, Form, Input, Modal, Select, Space, Switch } from 'antd';
import { useCallback, useState } from 'react';
import type { TerminalView } from '@edubase/contracts/api/netaccess';
import { terminalTypes } from '@edubase/contracts/vocabulary';
import { labelOf, terminalTypeLabels } from '@edubase/labels';
import { ApiError } from '@edubase/web-auth';
import {
  PageHeader,
  type Page,
  ProblemAlert,
  ServerTable,
  useProblemSubmit,
  type PageRequest,
  StatusTag,
} from '@edubase/web-ui';
import { useConsole } from '../console-context';
import { SchoolSelect, useSchoolChoices } from '../schools';

interface TerminalForm {
  schoolCode: string;
  macAddress: string;
  type: string;
  name?: string;
  operatingSystem?: string;
  isDomestic?: boolean;
}

const typeOptions = terminalTypes.map((type) => ({ value: type, label: terminalTypeLabels[type] }));
const typeByLabel = new Map<string, string>(terminalTypes.map((type) => [terminalTypeLabels[type], type]));

/** One import line: MAC, 类型, 名称, 信创(是/否) — as copied from a spreadsheet (tabs or commas). */
function parseImport(text: string, schoolCode: string): TerminalForm[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const [macAddress = '', type = '', name = '', domestic = ''] = line
        .split(/\t|,|，/)
        .map((cell) => cell.trim());
      return {
        schoolCode,
        macAddress,
        type: typeByLabel.get(type) ?? type,
        ...(name ? { name } : {}),
        isDomestic: domestic === '是' || domestic.toLowerCase() === 'true',
      };
    });
}

/** `terminals[2].macAddress` → 第 3 行 macAddress. */
function importProblem(field: string, reason: string): string {
  const match = /^terminals\[(\d+)\]\.?(.*)$/.exec(field);
  return match ? `第 ${Number(match[1]) + 1} 行 ${match[2]}：${reason}` : `${field}：${reason}`;
}

export default function TerminalsPage() {
  const { networkAccess } = useConsole();
  const schools = useSchoolChoices();
  const [schoolCode, setSchoolCode] = useState<string | undefined>();
  const [filters, setFilters] = useState<{ q?: string; type?: string; isDomestic?: boolean }>({});
  const [reloadKey, setReloadKey] = useState(0);
  const [open, setOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [importText, setImportText] = useState('');
  const [importSchool, setImportSchool] = useState<string | undefined>();
  const [importProblems, setImportProblems] = useState<string[]>([]);
  const [importing, setImporting] = useState(false);
  const [form] = Form.useForm<TerminalForm>();
  const { submit, submitting, alert, clearAlert } = useProblemSubmit(form);
  const defaultSchool = schools.length === 1 ? schools[0]!.code : undefined;

  // Paged, filtered and sorted by network access (GET /terminals answers a page when asked for one).
  const fetchPage = useCallback(
    (request: PageRequest, signal: AbortSignal) =>
      networkAccess.get<Page<TerminalView>>('/terminals', { ...request, schoolCode, ...filters }, signal),
    [networkAccess, schoolCode, filters],
  );

  const save = async () => {
    const values = await form.validateFields();
    const created = await submit(() =>
      networkAccess.request<TerminalView>('/terminals', { method: 'POST', body: values }),
    );
    if (created) {
      setOpen(false);
      form.resetFields();
      setReloadKey((key) => key + 1);
    }
  };

  const runImport = async () => {
    const school = importSchool ?? defaultSchool;
    if (!school) {
      setImportProblems(['请选择学校']);
      return;
    }
    setImporting(true);
    setImportProblems([]);
    try {
      await networkAccess.request('/terminals/import', {
        method: 'POST',
        body: { terminals: parseImport(importText, school) },
      });
      setImportOpen(false);
      setImportText('');
      setReloadKey((key) => key + 1);
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors.length > 0)
        setImportProblems(error.fieldErrors.map((problem) => importProblem(problem.field, problem.reason)));
      else setImportProblems([error instanceof Error ? error.message : String(error)]);
    } finally {
      setImporting(false);
    }
  };

  const setEnabled = async (terminal: TerminalView, enabled: boolean) => {
    await networkAccess.request(`/terminals/${terminal.id}`, { method: 'PATCH', body: { enabled } });
    setReloadKey((key) => key + 1);
  };

  return (
    <>
      <PageHeader
        title="终端登记"
        extra={
          <Space wrap>
            <Button
              onClick={() => {
                setImportProblems([]);
                setImportOpen(true);
              }}
            >
              批量导入
            </Button>
            <Button
              type="primary"
              onClick={() => {
                clearAlert();
                setOpen(true);
              }}
              data-testid="add-terminal"
            >
              登记终端
            </Button>
          </Space>
        }
      />
      <ServerTable<TerminalView>
        caption="终端"
        testId="terminal-table"
        rowKey="id"
        fetchPage={fetchPage}
        filterKey={JSON.stringify([schoolCode, filters])}
        reloadKey={reloadKey}
        toolbar={
          <>
            <Input.Search
              aria-label="按 MAC 地址或名称搜索"
              placeholder="MAC 地址 / 名称"
              allowClear
              onSearch={(value) => setFilters((current) => ({ ...current, q: value.trim() || undefined }))}
              style={{ width: 200 }}
              data-testid="terminal-search"
            />
            <Select
              aria-label="类型"
              placeholder="全部类型"
              allowClear
              options={typeOptions}
              style={{ width: 140 }}
              onChange={(type?: string) => setFilters((current) => ({ ...current, type }))}
            />
            <Select
              aria-label="信创"
              placeholder="信创与否"
              allowClear
              options={[
                { value: 'true', label: '信创终端' },
                { value: 'false', label: '非信创' },
              ]}
              style={{ width: 120 }}
              onChange={(domestic?: string) =>
                setFilters((current) => ({
                  ...current,
                  isDomestic: domestic === undefined ? undefined : domestic === 'true',
                }))
              }
            />
            <SchoolSelect schools={schools} value={schoolCode} onChange={setSchoolCode} allowAll />
          </>
        }
        exportName="终端登记"
        exportColumns={[
          { title: '学校标识码', value: (row) => row.schoolCode },
          { title: 'MAC 地址', value: (row) => row.macAddress },
          { title: '类型', value: (row) => labelOf(terminalTypeLabels, row.type) },
          { title: '名称', value: (row) => row.name },
          { title: '信创', value: (row) => (row.isDomestic ? '是' : '否') },
          { title: '状态', value: (row) => (row.enabled ? '启用' : '停用') },
        ]}
        columns={[
          { title: 'MAC 地址', dataIndex: 'macAddress', sorter: true },
          { title: '名称', dataIndex: 'name', sorter: true, render: (value: string | null) => value ?? '—' },
          {
            title: '类型',
            dataIndex: 'type',
            sorter: true,
            render: (type: string) => labelOf(terminalTypeLabels, type),
          },
          { title: '学校', dataIndex: 'schoolCode', sorter: true },
          {
            title: '信创',
            dataIndex: 'isDomestic',
            render: (domestic: boolean) => (domestic ? <StatusTag tone="error">信创</StatusTag> : '—'),
          },
          {
            title: '启用',
            dataIndex: 'enabled',
            render: (enabled: boolean, terminal: TerminalView) => (
              <Switch
                size="small"
                checked={enabled}
                aria-label={`启用 ${terminal.macAddress}`}
                onChange={(checked) => void setEnabled(terminal, checked)}
              />
            ),
          },
        ]}
      />
      <Modal
        open={open}
        title="登记终端"
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
          initialValues={{ schoolCode: defaultSchool, type: 'pc', isDomestic: false }}
        >
          <Form.Item name="schoolCode" label="学校" rules={[{ required: true, message: '请选择学校' }]}>
            <SchoolSelect schools={schools} />
          </Form.Item>
          <Form.Item
            name="macAddress"
            label="MAC 地址"
            rules={[{ required: true, message: '请输入 MAC 地址' }]}
          >
            <Input placeholder="AA-BB-CC-DD-EE-FF" />
          </Form.Item>
          <Form.Item name="type" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
            <Select options={typeOptions} aria-label="类型" />
          </Form.Item>
          <Form.Item name="name" label="名称">
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="operatingSystem" label="操作系统">
            <Input placeholder="统信 UOS / 麒麟 / Windows" />
          </Form.Item>
          <Form.Item name="isDomestic" valuePropName="checked">
            <Checkbox>信创终端</Checkbox>
          </Form.Item>
          <ProblemAlert message={alert} />
        </Form>
      </Modal>
      <Modal
        open={importOpen}
        title="批量导入终端"
        okText="导入"
        cancelText="取消"
        confirmLoading={importing}
        onOk={() => void runImport()}
        onCancel={() => setImportOpen(false)}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <SchoolSelect schools={schools} value={importSchool ?? defaultSchool} onChange={setImportSchool} />
          <Input.TextArea
            aria-label="终端清单"
            rows={8}
            value={importText}
            onChange={(event) => setImportText(event.target.value)}
            placeholder={
              '每行一台：MAC 地址, 类型, 名称, 信创（是/否）\nAA-BB-CC-00-00-01, 打印机, 三楼打印机, 否'
            }
          />
          {importProblems.length > 0 ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              title="未导入任何终端，请修正后重试"
              description={
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {importProblems.map((text) => (
                    <li key={text}>{text}</li>
                  ))}
                </ul>
              }
            />
          ) : null}
        </Space>
      </Modal>
    </>
  );
}
