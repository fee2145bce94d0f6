// The 公网地址+端口 answer of 溯源查询, hop by hop: the firewall's NAT log line that put an inside address behind
// the public ip:port, the RADIUS session(s) that had that inside address then, and the person of each.
import { Card, Descriptions, Empty, Space, Table, Typography } from 'antd';
import type { NatTranslationEvidence, PublicTrace, TraceAnswer } from '@edubase/contracts/api/netaccess';
import { formatDateTime } from '../format';

const publicSide = (nat: NatTranslationEvidence) =>
  nat.kind === 'port-block'
    ? `${nat.publicIp} 端口段 ${nat.portStart ?? '?'}–${nat.portEnd ?? '?'}`
    : `${nat.publicIp}:${nat.publicPort ?? '?'}`;

export function PublicTraceResult({ trace }: { trace: PublicTrace }) {
  const { translation: nat, sessions, query } = trace;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="public-trace-results">
      <Card
        title={`① NAT 日志：${query.ip}:${query.port} 于 ${formatDateTime(query.at)}`}
        data-testid="nat-evidence"
      >
        {nat ? (
          <>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
              <Descriptions.Item label="内网地址">
                {nat.insidePort === null ? nat.insideIp : `${nat.insideIp}:${nat.insidePort}`}
              </Descriptions.Item>
              <Descriptions.Item label="公网地址">{publicSide(nat)}</Descriptions.Item>
              <Descriptions.Item label="记录类型">
                {nat.kind === 'port-block' ? '端口块分配' : '会话转换'}
              </Descriptions.Item>
              <Descriptions.Item label="设备">{`${nat.device}（${nat.vendor}）`}</Descriptions.Item>
              <Descriptions.Item label="记录时间">{formatDateTime(nat.loggedAt)}</Descriptions.Item>
              <Descriptions.Item label="结束时间">
                {nat.endedAt ? formatDateTime(nat.endedAt) : '—'}
              </Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
              <Typography.Text strong>原始日志</Typography.Text>
              <pre
                data-testid="nat-line"
                style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: '4px 0 0' }}
              >
                {nat.line}
              </pre>
            </Typography.Paragraph>
          </>
        ) : (
          <Empty description="该时间没有这个公网地址和端口的 NAT 记录" />
        )}
      </Card>
      {nat ? (
        <Card
          title={`② 上网会话与 ③ 人员：${nat.insideIp} 当时的会话（${sessions.length} 条）`}
          data-testid="public-trace-sessions"
        >
          <Table<TraceAnswer>
            rowKey="sessionId"
            size="small"
            dataSource={sessions}
            aria-label="内网地址当时的上网会话"
            scroll={{ x: 'max-content' }}
            pagination={false}
            locale={{ emptyText: '该内网地址当时没有上网会话' }}
            columns={[
              { title: '人员', dataIndex: 'personName', render: (value: string | null) => value ?? '—' },
              { title: '账号', dataIndex: 'username' },
              { title: 'MAC 地址', dataIndex: 'macAddress', render: (value: string | null) => value ?? '—' },
              { title: '学校', dataIndex: 'schoolCode' },
              { title: 'NAS', dataIndex: 'nasIp' },
              { title: '上线', dataIndex: 'startedAt', render: formatDateTime },
              {
                title: '下线',
                dataIndex: 'stoppedAt',
                render: (value: string | null) => (value ? formatDateTime(value) : '在线'),
              },
            ]}
          />
        </Card>
      ) : null}
    </Space>
  );
}
