// 组织机构: the tree as identity shows it to this person (a school's own units for its admins, the whole
// district for district admins) — add a department or a school, rename a unit.
import { Button, Card, Form, Input, Modal, Select, Space, Tree, Typography } from 'antd';
import { useState } from 'react';
import { orgKindLabels, schoolStageLabels, labelOf } from '@edubase/labels';
import { schoolStages } from '@edubase/contracts/vocabulary';
import {
  EmptyState,
  ErrorState,
  LoadingState,
  PageHeader,
  ProblemAlert,
  useProblemSubmit,
} from '@edubase/web-ui';
import { useConsole, usePageReach } from '../console-context';
import { flattenTree, useOrgTree, type OrgTreeNode } from '../schools';

interface UnitForm {
  name: string;
  schoolCode?: string;
  stage?: string;
}

type Editing = { mode: 'add'; parent: OrgTreeNode } | { mode: 'rename'; unit: OrgTreeNode };

function treeData(
  nodes: readonly OrgTreeNode[],
): { key: string; title: string; children: ReturnType<typeof treeData> }[] {
  return nodes.map((node) => ({
    key: node.id,
    title: `${node.name}${node.schoolCode ? `（${node.schoolCode}）` : ''} · ${labelOf(orgKindLabels, node.kind)}`,
    children: treeData(node.children),
  }));
}

export default function OrgUnitsPage() {
  const { identity } = useConsole();
  const reach = usePageReach();
  const { tree, error, reload } = useOrgTree();
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [form] = Form.useForm<UnitForm>();
  const { submit, submitting, alert, clearAlert } = useProblemSubmit(form);

  if (error) return <ErrorState message={error} onRetry={reload} />;
  if (!tree) return <LoadingState />;
  const units = flattenTree(tree);
  const current = units.find((unit) => unit.id === selected) ?? null;
  // District admins add schools under the district; school admins add departments under their school.
  const addsSchool = current?.kind === 'district' && reach.kind === 'district';

  const open = (next: Editing) => {
    clearAlert();
    form.resetFields();
    if (next.mode === 'rename') form.setFieldsValue({ name: next.unit.name });
    setEditing(next);
  };

  const save = async () => {
    if (!editing) return;
    const values = await form.validateFields();
    const saved = await submit(() =>
      editing.mode === 'rename'
        ? identity.request(`/orgs/${editing.unit.id}`, { method: 'PATCH', body: { name: values.name } })
        : identity.request('/orgs', {
            method: 'POST',
            body: addsSchool
              ? {
                  kind: 'school',
                  name: values.name,
                  parentId: editing.parent.id,
                  schoolCode: values.schoolCode,
                  stage: values.stage,
                }
              : { kind: 'department', name: values.name, parentId: editing.parent.id },
          }),
    );
    if (saved !== undefined) {
      setEditing(null);
      reload();
    }
  };

  return (
    <>
      <PageHeader
        title={reach.kind === 'district' ? '学校与组织机构' : '组织机构'}
        extra={
          <Space wrap>
            <Button
              disabled={!current}
              onClick={() => current && open({ mode: 'add', parent: current })}
              data-testid="add-unit"
            >
              {addsSchool ? '新增学校' : '新增部门'}
            </Button>
            <Button disabled={!current} onClick={() => current && open({ mode: 'rename', unit: current })}>
              重命名
            </Button>
          </Space>
        }
        description="选择一个机构后可在其下新增或重命名。"
      />
      <Card>
        {tree.length === 0 ? (
          <EmptyState description="还没有组织机构" />
        ) : (
          <Tree
            defaultExpandAll
            treeData={treeData(tree)}
            selectedKeys={selected ? [selected] : []}
            onSelect={(keys) => setSelected(keys.length ? String(keys[0]) : null)}
          />
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          共 {units.filter((unit) => unit.kind === 'school').length} 所学校，
          {units.filter((unit) => unit.kind === 'department').length} 个部门。
        </Typography.Paragraph>
      </Card>
      <Modal
        open={editing !== null}
        title={
          editing?.mode === 'rename'
            ? `重命名 ${editing.unit.name}`
            : addsSchool
              ? '新增学校'
              : `在 ${current?.name ?? ''} 下新增部门`
        }
        okText="保存"
        cancelText="取消"
        confirmLoading={submitting}
        onOk={() => void save()}
        onCancel={() => setEditing(null)}
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item name="name" label="名称" rules={[{ required: true, message: '请输入名称' }]}>
            <Input maxLength={100} />
          </Form.Item>
          {editing?.mode === 'add' && addsSchool ? (
            <>
              <Form.Item
                name="schoolCode"
                label="学校标识码"
                rules={[{ required: true, message: '请输入 10 位学校标识码' }]}
              >
                <Input maxLength={10} />
              </Form.Item>
              <Form.Item name="stage" label="学段" rules={[{ required: true, message: '请选择学段' }]}>
                <Select
                  aria-label="学段"
                  options={schoolStages.map((stage) => ({ value: stage, label: schoolStageLabels[stage] }))}
                />
              </Form.Item>
            </>
          ) : null}
          <ProblemAlert message={alert} />
        </Form>
      </Modal>
    </>
  );
}
