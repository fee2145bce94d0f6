// 我的账号: who I am (as identity records me), my password (changed on Keycloak's own page, under the realm's
// password rules), the devices registered to me and where I am online now.
import { Button, Card, Col, Descriptions, Row, Table, Tag } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import type { AccountMe } from '@edubase/contracts/api/identity';
import type { OnlineSessionView, TerminalView } from '@edubase/contracts/api/netaccess';
import { labelOf, terminalTypeLabels } from '@edubase/labels';
import { ApiError } from '@edubase/web-auth';
import { EmptyState, ErrorState, LoadingState, PageHeader, UnavailableState } from '@edubase/web-ui';
import { useConsole } from '../console-context';
import { formatDateTime } from '../format';

type Loaded<T> =
  { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; error: ApiError | Error };

function useLoad<T>(load: () => Promise<T>): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    load()
      .then((value) => live && setLoaded({ state: 'ready', value }))
      .catch((error: Error) => live && setLoaded({ state: 'error', error }));
    return () => {
      live = false;
    };
    // Loaded once per visit.
  }, []);
  return loaded;
}

function Section<T>(props: {
  loaded: Loaded<T>;
  feature: string;
  /** What a 404 means here, when it is not a missing API. */
  notFound?: ReactNode;
  children: (value: T) => ReactNode;
}) {
  const { loaded } = props;
  if (loaded.state === 'loading') return <LoadingState />;
  const content =
    loaded.state === 'ready' ? (
      props.children(loaded.value)
    ) : loaded.error instanceof ApiError && loaded.error.status === 404 ? (
      (props.notFound ?? <UnavailableState feature={props.feature} />)
    ) : (
      <ErrorState message={loaded.error.message} />
    );
  return <div data-testid={`${props.feature}-ready`}>{content}</div>;
}

export default function AccountPage() {
  const { identity, networkAccess, auth } = useConsole();
  const me = useLoad(() => identity.get<AccountMe>('/account/me'));
  const terminals = useLoad(() => networkAccess.get<TerminalView[]>('/me/terminals'));
  const sessions = useLoad(() => networkAccess.get<OnlineSessionView[]>('/me/sessions'));
  return (
    <>
      <PageHeader
        title="我的账号"
        extra={
          <Button type="primary" onClick={() => auth.changePassword()} data-testid="change-password">
            修改密码
          </Button>
        }
        description="密码在统一身份认证页面修改，遵循全区密码规则；修改后其他设备需重新登录。"
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title="个人信息" data-testid="profile">
            <Section
              loaded={me}
              feature="个人信息"
              notFound={<EmptyState description="统一身份认证中还没有您的人员档案，请联系学校管理员。" />}
            >
              {(value) => (
                <Descriptions column={1} size="small">
                  <Descriptions.Item label="姓名">{value.name}</Descriptions.Item>
                  <Descriptions.Item label="工号">{value.staffNo ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label="学校">{value.school?.name ?? '区级'}</Descriptions.Item>
                  <Descriptions.Item label="部门">{value.unit?.name ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label="角色">
                    {value.roles.length === 0
                      ? '无'
                      : value.roles.map((grant) => (
                          <Tag key={`${grant.role}@${grant.schoolCode ?? ''}`}>
                            {grant.label}
                            {grant.schoolName
                              ? `（${grant.schoolName}）`
                              : grant.schoolCode
                                ? ''
                                : '（全区）'}
                          </Tag>
                        ))}
                  </Descriptions.Item>
                </Descriptions>
              )}
            </Section>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="我的设备" data-testid="my-devices">
            <Section loaded={terminals} feature="我的设备">
              {(rows) => (
                <Table<TerminalView>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={rows}
                  aria-label="我的设备"
                  locale={{ emptyText: '没有登记在您名下的终端' }}
                  columns={[
                    { title: '名称', dataIndex: 'name', render: (name: string | null) => name ?? '—' },
                    { title: 'MAC 地址', dataIndex: 'macAddress' },
                    {
                      title: '类型',
                      dataIndex: 'type',
                      render: (type: string) => labelOf(terminalTypeLabels, type),
                    },
                    {
                      title: '信创',
                      dataIndex: 'isDomestic',
                      render: (domestic: boolean) => (domestic ? '是' : '否'),
                    },
                  ]}
                />
              )}
            </Section>
          </Card>
        </Col>
        <Col span={24}>
          <Card title="我的在线会话" data-testid="my-sessions">
            <Section loaded={sessions} feature="在线会话">
              {(rows) => (
                <Table<OnlineSessionView>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={rows}
                  aria-label="我的在线会话"
                  scroll={{ x: 'max-content' }}
                  locale={{ emptyText: '您当前没有在线的上网会话' }}
                  columns={[
                    { title: '上线时间', dataIndex: 'startedAt', render: formatDateTime },
                    { title: 'IP 地址', dataIndex: 'framedIp', render: (ip: string | null) => ip ?? '—' },
                    {
                      title: 'MAC 地址',
                      dataIndex: 'macAddress',
                      render: (mac: string | null) => mac ?? '—',
                    },
                    { title: '接入设备', dataIndex: 'nasName', render: (nas: string | null) => nas ?? '—' },
                    { title: '最近更新', dataIndex: 'lastUpdateAt', render: formatDateTime },
                  ]}
                />
              )}
            </Section>
          </Card>
        </Col>
      </Row>
    </>
  );
}
