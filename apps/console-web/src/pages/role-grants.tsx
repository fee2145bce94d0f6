// 角色授权 of one person: the grants they hold (role and scope) and granting or revoking one.
import { Button, Form, List, Select, Space, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { RoleGrantView } from '@edubase/contracts/api/identity';
import { roleNames, type RoleName } from '@edubase/contracts/vocabulary';
import { labelOf, roleLabels } from '@edubase/labels';
import { ErrorState, ProblemAlert, useConfirm, useProblemSubmit } from '@edubase/web-ui';
import { useConsole, usePageReach } from '../console-context';
import { SchoolSelect, type SchoolChoice } from '../schools';

/**
 * Roles a school can hold (identity's roleScopes: researcher, district-admin and auditor are the district's):
 * a person whose roles reach only schools is offered only these, and only their own schools.
 */
const SCHOOL_ROLES: readonly RoleName[] = [
  'teacher',
  'school-admin',
  'network-admin',
  'security-officer',
  'leader',
  'contractor-ops',
];

export function RoleGrants(props: {
  person: { id: string; schoolCode: string | null };
  schools: SchoolChoice[];
}) {
  const { identity } = useConsole();
  const reach = usePageReach();
  const confirm = useConfirm();
  const [grants, setGrants] = useState<RoleGrantView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ role: string; schoolCode?: string }>();
  const { submit, submitting, alert } = useProblemSubmit(form);
  const offeredRoles = reach.kind === 'district' ? roleNames : SCHOOL_ROLES;
  // A school admin grants within their school: the person's own school when it is one of theirs.
  const ownSchool = props.schools.some((school) => school.code === props.person.schoolCode)
    ? (props.person.schoolCode ?? undefined)
    : undefined;

  const load = useCallback(() => {
    identity
      .get<RoleGrantView[]>(`/people/${props.person.id}/roles`)
      .then((rows) => setGrants(rows.filter((grant) => !grant.revokedAt)))
      .catch((failure: Error) => setError(failure.message));
  }, [identity, props.person.id]);
  useEffect(load, [load]);

  const grant = async () => {
    const values = await form.validateFields();
    const district = reach.kind === 'district' && !values.schoolCode;
    const done = await submit(() =>
      identity.request(`/people/${props.person.id}/roles`, {
        method: 'POST',
        body: district
          ? { role: values.role, scope: 'district' }
          : { role: values.role, scope: 'school', schoolCode: values.schoolCode ?? props.person.schoolCode },
      }),
    );
    if (done !== undefined) {
      form.resetFields();
      load();
    }
  };

  const revoke = async (row: RoleGrantView) => {
    if (!(await confirm({ title: `收回 ${labelOf(roleLabels, row.role)}？`, danger: true, okText: '收回' })))
      return;
    await identity.request(`/people/${props.person.id}/roles/${row.id}`, { method: 'DELETE' });
    load();
  };

  if (error) return <ErrorState message={error} onRetry={load} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <List
        loading={grants === null}
        dataSource={grants ?? []}
        locale={{ emptyText: '未授予角色' }}
        renderItem={(row) => (
          <List.Item
            actions={[
              <Button key="revoke" size="small" danger onClick={() => void revoke(row)}>
                收回
              </Button>,
            ]}
          >
            <Tag>{labelOf(roleLabels, row.role)}</Tag>
            {row.schoolCode ?? '全区'}
          </List.Item>
        )}
      />
      <Form
        form={form}
        layout="vertical"
        initialValues={reach.kind === 'district' ? {} : { schoolCode: ownSchool }}
        data-testid="grant-form"
      >
        <Form.Item name="role" label="授予角色" rules={[{ required: true, message: '请选择角色' }]}>
          <Select
            aria-label="授予角色"
            options={offeredRoles.map((role) => ({ value: role, label: roleLabels[role] }))}
          />
        </Form.Item>
        <Form.Item
          name="schoolCode"
          label={reach.kind === 'district' ? '学校（不选为全区）' : '学校'}
          rules={reach.kind === 'district' ? [] : [{ required: true, message: '请选择学校' }]}
        >
          <SchoolSelect schools={props.schools} />
        </Form.Item>
        <ProblemAlert message={alert} />
        <Button type="primary" onClick={() => void grant()} loading={submitting} data-testid="grant-role">
          授予
        </Button>
      </Form>
    </Space>
  );
}
