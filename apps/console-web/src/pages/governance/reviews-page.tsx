// 分类分级复核: what PI detection suggested for a field (label, confidence, grade and flags), waiting for a
// person. Accepted, the suggestion becomes the field's classification; rejected, nothing changes. The data
// owner (the owner school's administrator, the district administrator for district data) or a security
// officer decides — CATALOG_KEEPERS reaching the owner.
import { Button, Form, Modal, Select, Space } from 'antd';
import { useCallback, useState } from 'react';
import type { ReviewView } from '@edubase/contracts/api/governance';
import { classificationReviewStatuses, dataCategories } from '@edubase/contracts/vocabulary';
import type { ClassificationReviewStatus } from '@edubase/contracts/vocabulary';
import {
  classificationReviewStatusLabels,
  dataCategoryLabels,
  dataGradeLabels,
  labelOf,
  piLabelLabels,
} from '@edubase/labels';
import {
  ErrorState,
  PageHeader,
  ProblemAlert,
  ServerTable,
  StatusTag,
  useConfirm,
  useProblemSubmit,
  type Page,
  type PageRequest,
} from '@edubase/web-ui';
import { useConsole } from '../../console-context';
import { formatDateTime } from '../../format';
import { SchoolSelect, useSchoolChoices } from '../../schools';
import { flagText, GradeTag, ownerText, PiFlagTag, reachesOwner } from './governance-shared';

const KEEPERS = ['security-officer', 'district-admin', 'school-admin'] as const;
const statusTone = { pending: 'warning', accepted: 'success', rejected: 'neutral' } as const;

export default function ReviewsPage() {
  const { governance, session } = useConsole();
  const confirm = useConfirm();
  const schools = useSchoolChoices();
  const [schoolCode, setSchoolCode] = useState<string | undefined>();
  const [status, setStatus] = useState<ClassificationReviewStatus>('pending');
  const [reloadKey, setReloadKey] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [accepting, setAccepting] = useState<ReviewView | null>(null);
  const [form] = Form.useForm<{ category: string }>();
  const { submit, submitting, alert, clearAlert } = useProblemSubmit(form);

  const fetchReviews = useCallback(
    (request: PageRequest, signal: AbortSignal) =>
      governance.get<Page<ReviewView>>('/classification-reviews', { ...request, status, schoolCode }, signal),
    [governance, status, schoolCode],
  );

  const fieldOf = (review: ReviewView) =>
    `${review.datasetName ?? ''} · ${review.fieldName ?? review.fieldId}`;

  /** Accepting records the suggestion with the category the person picks (the detector knows no category). */
  const accept = async () => {
    const values = await form.validateFields();
    const done = await submit(() =>
      governance.request(`/classification-reviews/${accepting!.id}/decision`, {
        method: 'POST',
        body: { decision: 'accepted', category: values.category },
      }),
    );
    if (done) {
      setAccepting(null);
      setReloadKey((key) => key + 1);
    }
  };

  const reject = async (review: ReviewView) => {
    const ok = await confirm({
      title: `驳回对 ${fieldOf(review)} 的建议？`,
      content: '字段的分类分级保持不变。',
      okText: '驳回',
      danger: true,
    });
    if (!ok) return;
    setError(null);
    try {
      await governance.request(`/classification-reviews/${review.id}/decision`, {
        method: 'POST',
        body: { decision: 'rejected' },
      });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
    setReloadKey((key) => key + 1);
  };

  return (
    <>
      <PageHeader
        title="分类分级复核"
        description="个人信息识别（身份证号、手机号码、学籍号、银行卡号、电子邮箱）给出的建议，经人工复核后生效。"
      />
      {error ? <ErrorState message={error} /> : null}
      <ServerTable<ReviewView>
        caption="分类分级复核"
        testId="review-table"
        rowKey="id"
        fetchPage={fetchReviews}
        filterKey={`${status}|${schoolCode ?? ''}`}
        reloadKey={reloadKey}
        toolbar={
          <>
            <Select
              aria-label="复核状态"
              style={{ width: 120 }}
              value={status}
              onChange={setStatus}
              options={classificationReviewStatuses.map((value) => ({
                value,
                label: classificationReviewStatusLabels[value],
              }))}
            />
            <SchoolSelect schools={schools} value={schoolCode} onChange={setSchoolCode} allowAll />
          </>
        }
        exportName="分类分级复核"
        exportColumns={[
          { title: '数据集', value: (row) => row.datasetName ?? row.datasetId },
          { title: '字段', value: (row) => row.fieldName ?? row.fieldId },
          { title: '学校标识码', value: (row) => ownerText(row.schoolCode) },
          { title: '识别结果', value: (row) => labelOf(piLabelLabels, row.detectedLabel) },
          { title: '置信度', value: (row) => `${Math.round(row.confidence * 100)}%` },
          { title: '建议分级', value: (row) => dataGradeLabels[row.suggested.grade] },
          { title: '建议标识', value: (row) => flagText(row.suggested) },
          { title: '状态', value: (row) => classificationReviewStatusLabels[row.status] },
          { title: '复核人', value: (row) => row.decidedBy },
        ]}
        columns={[
          {
            title: '数据集',
            key: 'dataset',
            render: (_: unknown, row: ReviewView) => row.datasetName ?? '—',
          },
          { title: '字段', key: 'field', render: (_: unknown, row: ReviewView) => row.fieldName ?? '—' },
          { title: '学校', dataIndex: 'schoolCode', render: ownerText },
          {
            title: '识别结果',
            dataIndex: 'detectedLabel',
            render: (label: string) => labelOf(piLabelLabels, label),
          },
          {
            title: '置信度',
            dataIndex: 'confidence',
            render: (value: number) => `${Math.round(value * 100)}%`,
          },
          {
            title: '建议',
            key: 'suggested',
            render: (_: unknown, row: ReviewView) => (
              <Space size={4} wrap>
                <GradeTag grade={row.suggested.grade} />
                <PiFlagTag flags={row.suggested} />
              </Space>
            ),
          },
          {
            title: '状态',
            key: 'status',
            render: (_: unknown, row: ReviewView) => (
              <span data-testid="review-status">
                <StatusTag tone={statusTone[row.status]}>
                  {classificationReviewStatusLabels[row.status]}
                </StatusTag>
                {row.decidedBy ? ` ${row.decidedBy} ${formatDateTime(row.decidedAt)}` : null}
              </span>
            ),
          },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, row: ReviewView) =>
              row.status === 'pending' && reachesOwner(session, KEEPERS, row.schoolCode) ? (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => {
                      clearAlert();
                      form.setFieldsValue({ category: row.suggested.minor ? 'student' : undefined });
                      setAccepting(row);
                    }}
                  >
                    采纳
                  </Button>
                  <Button size="small" onClick={() => void reject(row)}>
                    驳回
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      <Modal
        open={accepting !== null}
        title={accepting ? `采纳对 ${fieldOf(accepting)} 的建议` : '采纳建议'}
        okText="采纳"
        cancelText="取消"
        confirmLoading={submitting}
        onOk={() => void accept()}
        onCancel={() => setAccepting(null)}
        forceRender
      >
        {accepting ? (
          <p>
            该字段将定为{dataGradeLabels[accepting.suggested.grade]}，标识为
            {flagText(accepting.suggested) || '非个人信息'}。
          </p>
        ) : null}
        <Form form={form} layout="vertical" data-testid="accept-form">
          <Form.Item name="category" label="数据分类" rules={[{ required: true, message: '请选择数据分类' }]}>
            <Select options={dataCategories.map((value) => ({ value, label: dataCategoryLabels[value] }))} />
          </Form.Item>
          <ProblemAlert message={alert} />
        </Form>
      </Modal>
    </>
  );
}
