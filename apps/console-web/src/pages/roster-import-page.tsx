// 花名册导入: choose a file, 预检 (the server checks every row and writes nothing), read each row's errors,
// fix the file and check again, then 导入 — and follow the job until the accounts are provisioned.
import { Alert, Button, Card, Descriptions, Progress, Space, Steps, Table, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import type {
  RosterDryRunReport,
  RosterImportJobView,
  RosterRowError,
} from '@edubase/contracts/api/identity';
import { ApiError } from '@edubase/web-auth';
import { PageHeader, useConfirm } from '@edubase/web-ui';
import { useConsole } from '../console-context';
import { SchoolSelect, useSchoolChoices } from '../schools';

/** What 预检 shows: the server's report, or the row errors a refused commit answered with. */
type CheckedRows = Pick<RosterDryRunReport, 'totalRows' | 'validRows' | 'errors'>;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function contentTypeOf(file: File): string {
  return file.name.toLowerCase().endsWith('.xlsx') ? XLSX_TYPE : 'text/csv';
}

export default function RosterImportPage() {
  const { identity } = useConsole();
  const confirm = useConfirm();
  const schools = useSchoolChoices();
  const [schoolCode, setSchoolCode] = useState<string | undefined>();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<CheckedRows | null>(null);
  const [job, setJob] = useState<RosterImportJobView | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const school = schoolCode ?? (schools.length === 1 ? schools[0]!.code : undefined);

  useEffect(() => {
    if (!job || job.status === 'completed' || job.status === 'failed') return undefined;
    const timer = setTimeout(() => {
      identity
        .get<RosterImportJobView>(`/roster-imports/${job.id}`)
        .then(setJob)
        .catch((error: Error) => setFailure(error.message));
    }, 1_000);
    return () => clearTimeout(timer);
  }, [identity, job]);

  const choose = (chosen: File) => {
    setFile(chosen);
    setReport(null);
    setJob(null);
    setFailure(null);
    return false; // kept in the page, sent by 预检 and 导入
  };

  const upload = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setFailure(null);
    try {
      const answer = await identity.request<RosterDryRunReport | RosterImportJobView>('/roster-imports', {
        method: 'POST',
        query: { dryRun, schoolCode: school },
        body: file,
        contentType: contentTypeOf(file),
      });
      if (dryRun) setReport(answer as RosterDryRunReport);
      else setJob(answer as RosterImportJobView);
    } catch (error) {
      // A commit that finds errors answers 400 with every row's error: shown as a dry run would.
      const body =
        error instanceof ApiError ? (error.body as { errors?: RosterRowError[] } | undefined) : undefined;
      if (!dryRun && body?.errors?.some((entry) => typeof entry.row === 'number'))
        setReport({ totalRows: 0, validRows: 0, errors: body.errors });
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const commit = async () => {
    if (
      await confirm({
        title: '确认导入',
        content: `将导入 ${report?.validRows ?? 0} 行人员并为其开通统一身份认证账号。`,
        okText: '导入',
      })
    )
      await upload(false);
  };

  const checkedClean = report !== null && report.errors.length === 0 && report.totalRows > 0;
  const step = job ? 2 : checkedClean ? 1 : 0;
  return (
    <>
      <PageHeader
        title="花名册导入"
        description="先预检：服务端逐行检查，不写入任何数据；修正文件中标出的错误后重新选择文件预检，全部通过后再导入。"
        extra={
          <Space wrap>
            <Button
              onClick={() => void identity.download('/roster-imports/template.xlsx', '花名册模板.xlsx')}
            >
              下载模板（Excel）
            </Button>
            <Button onClick={() => void identity.download('/roster-imports/template.csv', '花名册模板.csv')}>
              下载模板（CSV）
            </Button>
          </Space>
        }
      />
      <Steps
        current={step}
        style={{ marginBottom: 16 }}
        items={[{ title: '选择文件并预检' }, { title: '确认导入' }, { title: '导入进度' }]}
      />
      <Card>
        <Space wrap align="center" style={{ marginBottom: 16 }}>
          <label htmlFor="roster-school">导入到</label>
          <SchoolSelect id="roster-school" schools={schools} value={school} onChange={setSchoolCode} />
          <Upload accept=".csv,.xlsx" maxCount={1} showUploadList={false} beforeUpload={choose}>
            <Button data-testid="choose-file">选择文件</Button>
          </Upload>
          <Typography.Text data-testid="chosen-file">{file ? file.name : '未选择文件'}</Typography.Text>
          <Button
            onClick={() => void upload(true)}
            disabled={!file || !school}
            loading={busy && !job}
            data-testid="dry-run"
          >
            预检
          </Button>
          <Button
            type="primary"
            onClick={() => void commit()}
            disabled={!checkedClean || busy || job !== null}
            data-testid="commit"
          >
            导入
          </Button>
        </Space>
        {failure ? (
          <Alert type="error" showIcon title={failure} role="alert" style={{ marginBottom: 16 }} />
        ) : null}
        {report ? (
          <div data-testid="dry-run-report">
            <Descriptions size="small" column={{ xs: 1, sm: 3 }} style={{ marginBottom: 12 }}>
              <Descriptions.Item label="总行数">{report.totalRows}</Descriptions.Item>
              <Descriptions.Item label="通过">{report.validRows}</Descriptions.Item>
              <Descriptions.Item label="错误">{report.errors.length}</Descriptions.Item>
            </Descriptions>
            {report.errors.length === 0 ? (
              <Alert type="success" showIcon title="预检通过，可以导入。" data-testid="dry-run-ok" />
            ) : (
              <Table<RosterRowError>
                data-testid="row-errors"
                rowKey={(error) => `${error.row}-${error.column}-${error.reason}`}
                size="small"
                pagination={false}
                aria-label="逐行错误"
                dataSource={report.errors}
                columns={[
                  { title: '行号', dataIndex: 'row', width: 80 },
                  { title: '列', dataIndex: 'column', width: 120 },
                  { title: '问题', dataIndex: 'reason' },
                ]}
              />
            )}
          </div>
        ) : null}
        {job ? (
          <div data-testid="import-job" data-status={job.status} style={{ marginTop: 16 }}>
            <Progress
              percent={Math.round(job.progress * 100)}
              status={job.status === 'failed' ? 'exception' : undefined}
            />
            <Typography.Paragraph>
              {job.status === 'completed'
                ? `导入完成：写入 ${job.writtenRows} 行，开通账号 ${job.accounts.synced} 个${job.accounts.failed ? `，失败 ${job.accounts.failed} 个` : ''}。`
                : job.status === 'failed'
                  ? `导入失败：${job.error ?? '未知原因'}`
                  : `正在导入：已写入 ${job.writtenRows}/${job.totalRows} 行，账号 ${job.accounts.synced}/${job.accounts.total}…`}
            </Typography.Paragraph>
          </div>
        ) : null}
      </Card>
    </>
  );
}
