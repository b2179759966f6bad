/** Providers (query cache, antd locale, router) and the page routes, each page its own chunk. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import zhTW from 'antd/locale/zh_TW';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { isApiError } from '../api/client.ts';
import { AppLayout } from './AppLayout.tsx';
import { PageLoading } from './PageLoading.tsx';
import { RequireUser } from './RequireUser.tsx';

const SignInPage = lazy(() => import('../features/auth/pages/SignInPage.tsx').then((m) => ({ default: m.SignInPage })));
const PeopleListPage = lazy(() => import('../features/people/pages/PeopleListPage.tsx').then((m) => ({ default: m.PeopleListPage })));
const PersonPage = lazy(() => import('../features/people/pages/PersonPage.tsx').then((m) => ({ default: m.PersonPage })));
const OrganisationListPage = lazy(() => import('../features/organisations/pages/OrganisationListPage.tsx').then((m) => ({ default: m.OrganisationListPage })));
const OrganisationPage = lazy(() => import('../features/organisations/pages/OrganisationPage.tsx').then((m) => ({ default: m.OrganisationPage })));
const SettingsPage = lazy(() => import('../features/settings/pages/SettingsPage.tsx').then((m) => ({ default: m.SettingsPage })));
const NotFoundPage = lazy(() => import('./NotFoundPage.tsx').then((m) => ({ default: m.NotFoundPage })));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // 4xx answers will not change by asking again.
      retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

const ANTD_LOCALES = { 'zh-CN': zhCN, 'zh-TW': zhTW, en: enUS } as const;

export function App() {
  const { i18n } = useTranslation();
  const locale = ANTD_LOCALES[i18n.language as keyof typeof ANTD_LOCALES] ?? enUS;
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={locale} theme={{ token: { colorPrimary: '#b8322a', borderRadius: 6 } }}>
        <AntApp>
          <BrowserRouter>
            <Suspense fallback={<PageLoading />}>
              <Routes>
                <Route path="/sign-in" element={<SignInPage />} />
                <Route element={<RequireUser><AppLayout /></RequireUser>}>
                  <Route index element={<Navigate to="/people" replace />} />
                  <Route path="/people" element={<PeopleListPage />} />
                  <Route path="/people/:id" element={<PersonPage />} />
                  <Route path="/organisations" element={<OrganisationListPage />} />
                  <Route path="/organisations/:id" element={<OrganisationPage />} />
                  <Route path="/settings" element={<SettingsPage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
