import { useEffect, useState } from 'react';
import { ApiError, LiveState, Me, Overview, watchOverview } from './api';
import type { AuthSession } from '@edubase/web-auth';
import { Dashboard } from './dashboard';
import { labelOf, roleLabels } from '@edubase/labels';
import { formatDateTime } from './format';

type Layout = 'desktop' | 'screen';

function readLocation(): { school: string | null; layout: Layout } {
  const params = new URLSearchParams(window.location.search);
  return { school: params.get('school'), layout: params.get('layout') === 'screen' ? 'screen' : 'desktop' };
}

function writeLocation(school: string | null, layout: Layout): void {
  const params = new URLSearchParams();
  if (school) params.set('school', school);
  if (layout === 'screen') params.set('layout', 'screen');
  const query = params.toString();
  window.history.pushState(null, '', query ? `/?${query}` : '/');
}

const liveLabels: Record<LiveState, string> = {
  connecting: '正在连接实时数据…',
  live: '实时',
  reconnecting: '实时连接已断开，正在重连…',
};

export function App(props: { auth: AuthSession; me: Me }) {
  const { auth, me } = props;
  const initial = readLocation();
  const [requestedSchool, setRequestedSchool] = useState<string | null>(initial.school);
  const [layout, setLayout] = useState<Layout>(initial.layout);
  const [overview, setOverview] = useState<Overview | null>(null);
  const [live, setLive] = useState<LiveState>('connecting');
  const [error, setError] = useState<ApiError | null>(null);
  const [now, setNow] = useState(() => new Date());
  // District staff land on the district; school staff always see their own school.
  const school = requestedSchool ?? (me.district ? null : me.schoolCode);

  useEffect(() => {
    const onPop = () => {
      const location = readLocation();
      setRequestedSchool(location.school);
      setLayout(location.layout);
    };
    window.addEventListener('popstate', onPop);
    const clock = setInterval(() => setNow(new Date()), 1_000);
    return () => {
      window.removeEventListener('popstate', onPop);
      clearInterval(clock);
    };
  }, []);

  useEffect(() => {
    document.body.dataset.layout = layout;
  }, [layout]);

  useEffect(() => {
    if (!me.district && !me.schoolCode) return undefined;
    setOverview(null);
    setError(null);
    setLive('connecting');
    return watchOverview(auth, school, { onOverview: setOverview, onState: setLive, onFatal: setError });
  }, [auth, me, school]);

  const drillDown = (code: string | null) => {
    setRequestedSchool(code);
    writeLocation(code, layout);
  };
  const switchLayout = (next: Layout) => {
    setLayout(next);
    writeLocation(requestedSchool, next);
  };

  const scopeName = school ? (overview?.schoolName ?? `学校 ${school}`) : '全区';
  const userName = me.name ?? me.username;
  const roleText = me.roles.map((role) => labelOf(roleLabels, role)).join('、');

  return (
    <div className={`app layout-${layout}`}>
      <header>
        <div className="title">
          <h1>奉贤区教育数字基座 · 数字驾驶舱</h1>
          <nav className="breadcrumb" data-testid="scope">
            {me.district && school ? (
              <>
                <button
                  type="button"
                  className="link"
                  onClick={() => drillDown(null)}
                  data-testid="back-to-district"
                >
                  全区
                </button>
                <span> › </span>
              </>
            ) : null}
            <strong>{scopeName}</strong>
          </nav>
        </div>
        <div className="status">
          <span className={`live live-${live}`} data-testid="live-state">
            {liveLabels[live]}
          </span>
          <span className="clock">{formatDateTime(now.toISOString())}</span>
          <span className="layout-switch">
            <button
              type="button"
              className={layout === 'desktop' ? 'active' : ''}
              onClick={() => switchLayout('desktop')}
            >
              桌面
            </button>
            <button
              type="button"
              className={layout === 'screen' ? 'active' : ''}
              onClick={() => switchLayout('screen')}
              data-testid="layout-screen"
            >
              大屏
            </button>
          </span>
          <span className="user" title={roleText}>
            {userName}（{roleText || '无角色'}）
          </span>
          <button type="button" className="link" onClick={() => auth.signOut()}>
            退出
          </button>
        </div>
      </header>
      <main>
        {!me.district && !me.schoolCode ? (
          <div className="state error" role="alert">
            您的账号（{me.username}
            ）没有关联学校，也不是区级账号，因此没有可查看的指标。请联系{roleLabels['district-admin']}
            在统一身份认证中为账号设置学校。
          </div>
        ) : error ? (
          <div className="state error" role="alert" data-testid="error">
            {error.message}
            {me.district || !school || school === me.schoolCode ? null : (
              <p>
                <button type="button" className="link" onClick={() => drillDown(me.schoolCode)}>
                  查看本校指标
                </button>
              </p>
            )}
          </div>
        ) : overview ? (
          <>
            <p className="updated" data-testid="updated-at">
              数据更新于 {formatDateTime(overview.generatedAt)}
            </p>
            <Dashboard
              overview={overview}
              dark={layout === 'screen'}
              onDrillDown={(code) => drillDown(code)}
            />
          </>
        ) : (
          <div className="state">正在加载{scopeName}指标…</div>
        )}
      </main>
    </div>
  );
}
