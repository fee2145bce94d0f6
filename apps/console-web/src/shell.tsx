// The signed-in console: theme and locale, the frame with the navigation the person's grants allow, and
// the current page, loaded on first visit.
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useMemo, type ComponentType, type LazyExoticComponent } from 'react';
import { labelOf, roleLabels } from '@edubase/labels';
import { ApiClient, type AuthSession } from '@edubase/web-auth';
import {
  antdTheme,
  ConsoleLayout,
  EmptyState,
  Link,
  LoadingState,
  RouterProvider,
  useRouter,
  type NavSection,
} from '@edubase/web-ui';
import { ConsoleContext, PageReachContext, type ConsoleContextValue } from './console-context';
import { HOME_PATH, pages, sections, type ConsolePage, type SectionKey } from './navigation';
import { reach, reachesAny, sessionFromClaims, type ConsoleSession } from './session';
import type { Tenancy } from '@edubase/auth/grants';

const components = new Map<string, LazyExoticComponent<ComponentType>>();
function componentOf(page: ConsolePage): LazyExoticComponent<ComponentType> {
  let component = components.get(page.path);
  if (!component) {
    component = lazy(page.load);
    components.set(page.path, component);
  }
  return component;
}

function reachOf(session: ConsoleSession, page: ConsolePage): Tenancy {
  return page.roles === 'everyone' ? { kind: 'schools', schoolCodes: [] } : reach(session, page.roles);
}

/** The pages this person may open, by section, in the registry's order. */
function navigationOf(session: ConsoleSession): { allowed: ConsolePage[]; sections: NavSection[] } {
  const allowed = pages.filter((page) => page.roles === 'everyone' || reachesAny(reachOf(session, page)));
  const grouped = (Object.keys(sections) as SectionKey[])
    .map((key) => ({
      key,
      label: sections[key],
      items: allowed.filter((page) => page.section === key).map(({ path, label }) => ({ path, label })),
    }))
    .filter((section) => section.items.length > 0);
  return { allowed, sections: grouped };
}

function grantText(session: ConsoleSession): string {
  if (session.grants.length === 0) return '无管理角色';
  return session.grants
    .map((grant) => `${labelOf(roleLabels, grant.role)}（${grant.schoolCode ?? '全区'}）`)
    .join('、');
}

function CurrentPage(props: { allowed: readonly ConsolePage[]; session: ConsoleSession }) {
  const { path } = useRouter();
  const target = path === '/' ? HOME_PATH : path;
  const page = props.allowed.find(
    (candidate) => target === candidate.path || target.startsWith(`${candidate.path}/`),
  );
  if (!page) {
    const exists = pages.some((candidate) => target.startsWith(candidate.path));
    return (
      <EmptyState
        description={exists ? '您的账号没有打开此页面的角色。' : '页面不存在。'}
        action={<Link to={HOME_PATH}>返回我的账号</Link>}
      />
    );
  }
  const Page = componentOf(page);
  return (
    <PageReachContext.Provider value={reachOf(props.session, page)}>
      <Suspense fallback={<LoadingState text={`正在打开${page.label}…`} />}>
        <Page />
      </Suspense>
    </PageReachContext.Provider>
  );
}

export function Shell(props: { auth: AuthSession }) {
  const { auth } = props;
  const context = useMemo<ConsoleContextValue>(() => {
    const session = sessionFromClaims(auth.claims());
    return {
      auth,
      session,
      identity: new ApiClient(auth, { serviceName: '统一身份认证', basePath: '/api/identity' }),
      networkAccess: new ApiClient(auth, { serviceName: '上网认证', basePath: '/api/network-access' }),
      governance: new ApiClient(auth, { serviceName: '数据安全治理', basePath: '/api/governance' }),
    };
  }, [auth]);
  const navigation = useMemo(() => navigationOf(context.session), [context.session]);
  return (
    // No space inserted between two-character button labels (保存, not 保 存): read as one word.
    <ConfigProvider locale={zhCN} theme={antdTheme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <ConsoleContext.Provider value={context}>
          <RouterProvider>
            <ConsoleLayout
              title="奉贤区教育数字基座 · 工作台"
              sections={navigation.sections}
              userName={context.session.name}
              userDetail={grantText(context.session)}
              onSignOut={() => auth.signOut()}
            >
              <CurrentPage allowed={navigation.allowed} session={context.session} />
            </ConsoleLayout>
          </RouterProvider>
        </ConsoleContext.Provider>
      </AntApp>
    </ConfigProvider>
  );
}
