// The frame of the console: the product's name, the signed-in person, navigation grouped by role and, on a
// phone, the navigation in a drawer.
import { Button, Drawer, Grid, Layout, Menu, Space, Typography, type MenuProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { useRouter } from './router';

export interface NavItem {
  path: string;
  label: string;
}

export interface NavSection {
  key: string;
  label: string;
  items: readonly NavItem[];
}

export interface ConsoleLayoutProps {
  title: string;
  sections: readonly NavSection[];
  userName: string;
  /** e.g. 学校管理员（3101200001） */
  userDetail: string;
  onSignOut: () => void;
  children: ReactNode;
}

function selectedPath(sections: readonly NavSection[], path: string): string | undefined {
  const paths = sections.flatMap((section) => section.items.map((item) => item.path));
  return paths
    .filter((candidate) => path === candidate || path.startsWith(`${candidate}/`))
    .sort((a, b) => b.length - a.length)[0];
}

export function ConsoleLayout(props: ConsoleLayoutProps) {
  const { path, navigate } = useRouter();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const items: MenuProps['items'] = props.sections.map((section) => ({
    type: 'group',
    key: section.key,
    label: section.label,
    children: section.items.map((item) => ({
      key: item.path,
      label: (
        <a href={item.path} onClick={(event) => event.preventDefault()}>
          {item.label}
        </a>
      ),
    })),
  }));
  const selected = selectedPath(props.sections, path);
  const menu = (
    <nav aria-label="主导航">
      <Menu
        mode="inline"
        items={items}
        selectedKeys={selected ? [selected] : []}
        onClick={({ key }) => {
          setDrawerOpen(false);
          navigate(key);
        }}
        style={{ borderInlineEnd: 'none' }}
      />
    </nav>
  );
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', gap: 12, paddingInline: narrow ? 12 : 24 }}
      >
        {narrow ? (
          <Button aria-label="打开导航" onClick={() => setDrawerOpen(true)} data-testid="open-nav">
            菜单
          </Button>
        ) : null}
        <Typography.Text strong style={{ color: '#fff', fontSize: narrow ? 15 : 17, flex: 1 }} ellipsis>
          {props.title}
        </Typography.Text>
        <Space size={narrow ? 4 : 12}>
          <span style={{ color: '#fff' }} data-testid="user-name" title={props.userDetail}>
            {props.userName}
            {narrow ? null : <span style={{ color: '#dbe4ff' }}>（{props.userDetail}）</span>}
          </span>
          <Button size="small" onClick={props.onSignOut}>
            退出
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        {narrow ? (
          <Drawer
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            placement="left"
            title="导航"
            size={260}
          >
            {menu}
          </Drawer>
        ) : (
          <Layout.Sider width={220} theme="light" style={{ borderInlineEnd: '1px solid #e5e7eb' }}>
            {menu}
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: narrow ? 12 : 24 }}>
          <main>{props.children}</main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** A page's title (the one <h1>) and its actions. */
export function PageHeader(props: { title: string; extra?: ReactNode; description?: ReactNode }) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 12, marginBottom: 16 }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0, flex: 1 }}>
        {props.title}
      </Typography.Title>
      {props.extra}
      {props.description ? (
        <Typography.Paragraph type="secondary" style={{ width: '100%', margin: 0 }}>
          {props.description}
        </Typography.Paragraph>
      ) : null}
    </div>
  );
}
