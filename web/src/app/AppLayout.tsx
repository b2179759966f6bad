/** The frame around every signed-in page: navigation, global search, language and the user menu. */
import { AppstoreOutlined, BarChartOutlined, LogoutOutlined, SearchOutlined, SettingOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Grid, Layout, Menu, Space, Typography } from 'antd';
import { useState } from 'react';
import { AccountBookOutlined, AimOutlined, FunnelPlotOutlined, ShoppingCartOutlined, WalletOutlined } from '@ant-design/icons';
import { MergeCellsOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useMe, useSignOut } from '../features/auth/api/session.ts';
import { GlobalSearch } from '../features/search/components/GlobalSearch.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const me = useMe();
  const signOut = useSignOut();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const [collapsed, setCollapsed] = useState(true);
  const [searchOpen, setSearchOpen] = useState(false);
  const section = `/${location.pathname.split('/')[1] ?? ''}`;
  const isMac = /Mac|iPhone|iPad/.test(navigator.platform);

  const items = [
    { key: '/people', icon: <UserOutlined />, label: t('nav.people') },
    { key: '/pipelines', icon: <FunnelPlotOutlined />, label: t('sales.nav.pipelines') },
    { key: '/leads', icon: <AimOutlined />, label: t('sales.nav.leads') },
    { key: '/orders', icon: <ShoppingCartOutlined />, label: t('commerce.nav.orders') },
    { key: '/receivables', icon: <AccountBookOutlined />, label: t('commerce.nav.receivables') },
    { key: '/payables', icon: <WalletOutlined />, label: t('commerce.nav.payables') },
    { key: '/organisations', icon: <TeamOutlined />, label: t('nav.organisations') },
    { key: '/identity', icon: <MergeCellsOutlined />, label: t('identity.nav') },
    { key: '/dashboard', icon: <BarChartOutlined />, label: t('analytics.nav') },
    { key: '/settings', icon: <SettingOutlined />, label: t('nav.settings') },
  ];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        breakpoint="md"
        collapsedWidth={narrow ? 0 : 64}
        collapsible
        collapsed={narrow ? collapsed : false}
        onCollapse={setCollapsed}
        trigger={narrow ? undefined : null}
        width={200}
        zeroWidthTriggerStyle={{ top: 12 }}
        theme="light"
        style={narrow ? { position: 'fixed', height: '100%', zIndex: 20 } : undefined}
      >
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 18, whiteSpace: 'nowrap' }}>
          <AppstoreOutlined style={{ color: '#b8322a' }} /> {t('app.name')}
        </div>
        <Menu
          mode="inline"
          selectedKeys={[section]}
          items={items}
          onClick={({ key }) => {
            navigate(key);
            if (narrow) setCollapsed(true);
          }}
        />
      </Sider>
      <Layout>
        <Header style={{ background: '#fff', padding: narrow ? '0 8px 0 48px' : '0 16px', display: 'flex', alignItems: 'center', gap: 8, borderBottom: '1px solid #f0f0f0' }}>
          <Button icon={<SearchOutlined />} onClick={() => setSearchOpen(true)} style={{ flex: narrow ? 1 : undefined, minWidth: narrow ? 0 : 260, justifyContent: 'flex-start' }} data-testid="open-search">
            <span style={{ color: '#8c8c8c', overflow: 'hidden', textOverflow: 'ellipsis' }}>{t('search.placeholder')}</span>
            {!narrow && <Typography.Text keyboard style={{ marginLeft: 'auto' }}>{isMac ? '⌘' : 'Ctrl'} K</Typography.Text>}
          </Button>
          <Space style={{ marginLeft: 'auto' }} size={narrow ? 4 : 12}>
            <LanguageSwitch compact={narrow} />
            <Dropdown
              menu={{ items: [{ key: 'sign-out', icon: <LogoutOutlined />, label: t('auth.signOut') }], onClick: () => signOut.mutate(undefined, { onSettled: () => navigate('/sign-in') }) }}
            >
              <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
                {!narrow && me.data?.displayName}
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Content>
          <Outlet />
        </Content>
      </Layout>
      <GlobalSearch open={searchOpen} onOpenChange={setSearchOpen} />
    </Layout>
  );
}
