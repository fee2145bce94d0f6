import { useMemo } from 'react';
import type { Overview, SchoolIndicators } from './api';
import { Chart, ChartOption } from './chart';
import { labelOf, rejectReasonLabels, roleLabels, schoolStageLabels } from '@edubase/labels';
import { formatDay, formatHour, formatNumber, formatShare } from './format';

function Kpi(props: {
  label: string;
  value: number;
  /** Shown instead of the number (a share as a percentage). */
  text?: string;
  unit?: string;
  note?: string;
  testId: string;
  /** Calls for attention (an overdue 等保测评): the number in red, and said in words for screen readers. */
  alert?: boolean;
}) {
  return (
    <div className={props.alert ? 'kpi kpi-alert' : 'kpi'} data-alert={props.alert ? 'true' : undefined}>
      <div className="kpi-label">{props.label}</div>
      <div className="kpi-value" data-testid={props.testId} data-value={props.value}>
        {props.text ?? formatNumber(props.value)}
        {props.unit ? <span className="kpi-unit">{props.unit}</span> : null}
      </div>
      {props.note ? <div className="kpi-note">{props.note}</div> : null}
      {props.alert ? <div className="kpi-note kpi-alert-note">需尽快处理</div> : null}
    </div>
  );
}

const axisLabelColor = (dark: boolean) => (dark ? '#9fb3d1' : '#5b6b82');

export function Dashboard(props: {
  overview: Overview;
  dark: boolean;
  onDrillDown: (schoolCode: string) => void;
}) {
  const { overview, dark } = props;
  const charts = useMemo(() => chartOptions(overview, dark), [overview, dark]);
  const hasSessionsInDay = overview.hourlyAuthentications.some((hour) => hour.accepted + hour.rejected > 0);
  const hasDaily = overview.dailySessions.some((day) => day.value > 0);
  const hasOnline = overview.onlineTrend.some((point) => point.value > 0);

  return (
    <>
      <div className="kpis">
        <Kpi
          label="当前在线用户"
          value={overview.online.users}
          unit="人"
          note={`在线会话 ${formatNumber(overview.online.sessions)} 个`}
          testId="kpi-online-users"
        />
        <Kpi
          label="今日上网认证"
          value={overview.today.authentications}
          unit="次"
          note={`成功 ${formatNumber(overview.today.accepted)} 次`}
          testId="kpi-auth-today"
        />
        <Kpi
          label="今日认证拒绝"
          value={overview.today.rejected}
          unit="次"
          note={
            overview.today.authentications > 0
              ? `拒绝率 ${formatShare(overview.today.rejected / overview.today.authentications)}`
              : '今日暂无认证'
          }
          testId="kpi-rejected-today"
        />
        <Kpi label="今日会话数" value={overview.today.sessions} unit="个" testId="kpi-sessions-today" />
        <Kpi
          label="在岗教职工"
          value={overview.people.activeStaff}
          unit="人"
          note={`在籍学生 ${formatNumber(overview.people.activeStudents)} 人`}
          testId="kpi-active-staff"
        />
        <Kpi
          label="登记终端"
          value={overview.devices.terminals}
          unit="台"
          note={`信创占比 ${formatShare(overview.devices.domesticShare)}`}
          testId="kpi-terminals"
        />
        <Kpi label="NAS 设备" value={overview.devices.nas} unit="台" testId="kpi-nas" />
        {overview.indicators.map((indicator) => (
          <Kpi
            key={indicator.key}
            label={indicator.label}
            value={indicator.value ?? 0}
            unit={indicator.unit}
            testId={`kpi-${indicator.key}`}
            alert={indicator.alert === true}
            {...(indicator.format === 'share' ? { text: formatShare(indicator.value) } : {})}
          />
        ))}
      </div>
      <div className="charts">
        <Chart
          title="近 24 小时上网认证"
          option={charts.hourly}
          dark={dark}
          testId="chart-hourly"
          empty={hasSessionsInDay ? null : '近 24 小时没有上网认证事件。'}
        />
        <Chart
          title="近 60 分钟在线会话"
          option={charts.online}
          dark={dark}
          testId="chart-online"
          empty={hasOnline ? null : '近 60 分钟没有在线会话。'}
        />
        <Chart
          title="近 30 天每日会话"
          option={charts.daily}
          dark={dark}
          testId="chart-daily"
          empty={hasDaily ? null : '近 30 天没有上网会话。'}
        />
        <Chart
          title="教职工角色分布"
          option={charts.roles}
          dark={dark}
          testId="chart-roles"
          empty={overview.staffByRole.length > 0 ? null : '尚未收到统一身份认证的角色数据。'}
        />
        <Chart
          title="今日认证拒绝原因 Top 5"
          option={charts.reasons}
          dark={dark}
          testId="chart-reasons"
          empty={overview.today.topRejectReasons.length > 0 ? null : '今日没有被拒绝的认证。'}
        />
        <Chart
          title="终端信创占比"
          option={charts.domestic}
          dark={dark}
          testId="chart-domestic"
          empty={overview.devices.terminals > 0 ? null : '尚未登记任何终端。'}
        />
      </div>
      {overview.schools ? <SchoolTable schools={overview.schools} onDrillDown={props.onDrillDown} /> : null}
    </>
  );
}

function SchoolTable(props: { schools: SchoolIndicators[]; onDrillDown: (schoolCode: string) => void }) {
  const schools = [...props.schools].sort(
    (a, b) => b.onlineSessions - a.onlineSessions || a.schoolCode.localeCompare(b.schoolCode),
  );
  return (
    <section className="panel schools" data-testid="school-table">
      <h2>各校指标（点击学校查看详情）</h2>
      {schools.length === 0 ? (
        <p className="empty">尚未收到任何学校的数据：组织机构和上网认证事件到达后，这里按学校列出。</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>学校</th>
              <th>学段</th>
              <th>在线会话</th>
              <th>今日会话</th>
              <th>今日拒绝</th>
              <th>在岗教职工</th>
              <th>终端</th>
              <th>信创占比</th>
              <th>NAS</th>
            </tr>
          </thead>
          <tbody>
            {schools.map((school) => (
              <tr
                key={school.schoolCode}
                onClick={() => props.onDrillDown(school.schoolCode)}
                data-testid={`school-${school.schoolCode}`}
              >
                <td>
                  <button type="button" className="link">
                    {school.name ?? `学校 ${school.schoolCode}`}
                  </button>
                  <span className="code">{school.schoolCode}</span>
                </td>
                <td>{school.stage ? labelOf(schoolStageLabels, school.stage) : '—'}</td>
                <td data-testid={`school-${school.schoolCode}-online`}>
                  {formatNumber(school.onlineSessions)}
                </td>
                <td>{formatNumber(school.sessionsToday)}</td>
                <td>{formatNumber(school.rejectedToday)}</td>
                <td>{formatNumber(school.activeStaff)}</td>
                <td>{formatNumber(school.terminals)}</td>
                <td>{formatShare(school.domesticShare)}</td>
                <td>{formatNumber(school.nas)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function chartOptions(
  overview: Overview,
  dark: boolean,
): Record<'hourly' | 'online' | 'daily' | 'roles' | 'reasons' | 'domestic', ChartOption> {
  const labelColor = axisLabelColor(dark);
  const grid = { left: 48, right: 16, top: 36, bottom: 28 };
  // Short animations: live updates arrive every few hundred milliseconds.
  const motion = { animationDuration: 300, animationDurationUpdate: 300 };
  const valueAxis = { type: 'value', minInterval: 1, axisLabel: { color: labelColor } };
  const tooltip = { trigger: 'axis', valueFormatter: (value: unknown) => formatNumber(Number(value)) };
  return {
    hourly: {
      ...motion,
      grid,
      tooltip,
      legend: { top: 0, right: 0, data: ['认证成功', '认证拒绝'], textStyle: { color: labelColor } },
      xAxis: {
        type: 'category',
        data: overview.hourlyAuthentications.map((hour) => formatHour(hour.at)),
        axisLabel: { color: labelColor },
      },
      yAxis: valueAxis,
      series: [
        {
          name: '认证成功',
          type: 'bar',
          stack: 'auth',
          data: overview.hourlyAuthentications.map((hour) => hour.accepted),
          itemStyle: { color: '#2f7ed8' },
        },
        {
          name: '认证拒绝',
          type: 'bar',
          stack: 'auth',
          data: overview.hourlyAuthentications.map((hour) => hour.rejected),
          itemStyle: { color: '#e8684a' },
        },
      ],
    },
    online: {
      ...motion,
      grid,
      tooltip,
      xAxis: {
        type: 'category',
        data: overview.onlineTrend.map((point) => formatHour(point.at)),
        axisLabel: { color: labelColor },
      },
      yAxis: valueAxis,
      series: [
        {
          name: '在线会话',
          type: 'line',
          step: 'end',
          showSymbol: false,
          areaStyle: { opacity: 0.2 },
          data: overview.onlineTrend.map((point) => point.value),
          itemStyle: { color: '#13a89e' },
        },
      ],
    },
    daily: {
      ...motion,
      grid,
      tooltip,
      xAxis: {
        type: 'category',
        data: overview.dailySessions.map((day) => formatDay(day.at)),
        axisLabel: { color: labelColor },
      },
      yAxis: valueAxis,
      series: [
        {
          name: '会话数',
          type: 'bar',
          data: overview.dailySessions.map((day) => day.value),
          itemStyle: { color: '#5b8ff9' },
        },
      ],
    },
    roles: {
      ...motion,
      grid: { ...grid, left: 110 },
      tooltip,
      xAxis: valueAxis,
      yAxis: {
        type: 'category',
        data: overview.staffByRole.map((role) => labelOf(roleLabels, role.key)).reverse(),
        axisLabel: { color: labelColor },
      },
      series: [
        {
          name: '人数',
          type: 'bar',
          data: overview.staffByRole.map((role) => role.count).reverse(),
          itemStyle: { color: '#7262fd' },
        },
      ],
    },
    reasons: {
      ...motion,
      tooltip: { trigger: 'item', valueFormatter: (value: unknown) => `${formatNumber(Number(value))} 次` },
      legend: { bottom: 0, textStyle: { color: labelColor } },
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          center: ['50%', '45%'],
          label: { color: labelColor },
          data: overview.today.topRejectReasons.map((reason) => ({
            name: labelOf(rejectReasonLabels, reason.key),
            value: reason.count,
          })),
        },
      ],
    },
    domestic: {
      ...motion,
      tooltip: { trigger: 'item', valueFormatter: (value: unknown) => `${formatNumber(Number(value))} 台` },
      legend: { bottom: 0, textStyle: { color: labelColor } },
      series: [
        {
          type: 'pie',
          radius: ['45%', '65%'],
          center: ['50%', '45%'],
          label: {
            show: true,
            position: 'center',
            formatter: formatShare(overview.devices.domesticShare),
            fontSize: 22,
            color: labelColor,
          },
          data: [
            { name: '信创终端', value: overview.devices.domesticTerminals, itemStyle: { color: '#d4380d' } },
            {
              name: '其他终端',
              value: overview.devices.terminals - overview.devices.domesticTerminals,
              itemStyle: { color: '#91a7c4' },
            },
          ],
        },
      ],
    },
  };
}
