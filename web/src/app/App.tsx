/** Providers (query cache, antd locale, router) and the page routes, each page its own chunk. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import zhTW from 'antd/locale/zh_TW';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { isApiError } from '../api/client.ts';
import { probablySignedIn } from '../features/auth/api/session.ts';
import { prefetchPeopleList } from '../features/people/api/people.ts';
import { prefetchLabels } from '../features/settings/api/settings.ts';
import { AppLayout } from './AppLayout.tsx';
import { lazyPage } from './lazy-page.ts';
import { PageLoading } from './PageLoading.tsx';
import { RequireUser } from './RequireUser.tsx';
import { ANTD_THEME } from './theme.ts';

const pages = {
  signIn: lazyPage(() => import('../features/auth/pages/SignInPage.tsx').then((m) => m.SignInPage)),
  setup: lazyPage(() => import('../features/auth/pages/SetupPage.tsx').then((m) => m.SetupPage)),
  people: lazyPage(() => import('../features/people/pages/PeopleListPage.tsx').then((m) => m.PeopleListPage)),
  pipelines: lazyPage(() => import('../features/sales/pages/PipelinePage.tsx').then((m) => m.PipelinePage)),
  opportunity: lazyPage(() => import('../features/sales/pages/OpportunityPage.tsx').then((m) => m.OpportunityPage)),
  leads: lazyPage(() => import('../features/sales/pages/LeadsPage.tsx').then((m) => m.LeadsPage)),
  forecast: lazyPage(() => import('../features/sales/pages/ForecastPage.tsx').then((m) => m.ForecastPage)),
  quotes: lazyPage(() => import('../features/commerce/pages/QuotesPage.tsx').then((m) => m.QuotesPage)),
  quote: lazyPage(() => import('../features/commerce/pages/QuotePage.tsx').then((m) => m.QuotePage)),
  contract: lazyPage(() => import('../features/commerce/pages/ContractPage.tsx').then((m) => m.ContractPage)),
  orders: lazyPage(() => import('../features/commerce/pages/OrdersPage.tsx').then((m) => m.OrdersPage)),
  order: lazyPage(() => import('../features/commerce/pages/OrderPage.tsx').then((m) => m.OrderPage)),
  receivables: lazyPage(() => import('../features/commerce/pages/ReceivablesPage.tsx').then((m) => m.ReceivablesPage)),
  payables: lazyPage(() => import('../features/commerce/pages/PayablesPage.tsx').then((m) => m.PayablesPage)),
  person: lazyPage(() => import('../features/people/pages/PersonPage.tsx').then((m) => m.PersonPage)),
  organisations: lazyPage(() => import('../features/organisations/pages/OrganisationListPage.tsx').then((m) => m.OrganisationListPage)),
  organisation: lazyPage(() => import('../features/organisations/pages/OrganisationPage.tsx').then((m) => m.OrganisationPage)),
  settings: lazyPage(() => import('../features/settings/pages/SettingsPage.tsx').then((m) => m.SettingsPage)),
  dashboard: lazyPage(() => import('../features/analytics/pages/DashboardPage.tsx').then((m) => m.DashboardPage)),
  identityReview: lazyPage(() => import('../features/identity/pages/ReviewQueuePage.tsx').then((m) => m.ReviewQueuePage)),
  identityImport: lazyPage(() => import('../features/identity/pages/PeopleImportPage.tsx').then((m) => m.PeopleImportPage)),
  notFound: lazyPage(() => import('./NotFoundPage.tsx').then((m) => m.NotFoundPage)),
};

/** Sales and commerce pages by the URL's first segment (a list, or one record when an id follows). */
const SALES_PAGES: Record<string, (path: string) => { preload: () => unknown }> = {
  pipelines: () => pages.pipelines, opportunities: () => pages.opportunity, leads: () => pages.leads, forecast: () => pages.forecast,
  quotes: (path) => (path === '/quotes' ? pages.quotes : pages.quote), contracts: () => pages.contract,
  orders: (path) => (path === '/orders' ? pages.orders : pages.order), receivables: () => pages.receivables,
  payables: () => pages.payables,
};

/** The page the first URL shows, fetched while the app still asks who is signed in. */
function preloadFor(path: string): void {
  if (path === '/' || path === '/people') {
    void pages.people.preload();
    // Its data too: a signed-in user (the usual case) then sees rows on the page's first render.
    if (probablySignedIn()) {
      prefetchPeopleList(queryClient);
      prefetchLabels(queryClient, 'person');
    }
  }
  else if (path.startsWith('/people/')) void pages.person.preload();
  else if (SALES_PAGES[path.split('/')[1] ?? '']) void SALES_PAGES[path.split('/')[1] ?? '']?.(path).preload();
  else if (path === '/organisations') void pages.organisations.preload();
  else if (path.startsWith('/organisations/')) void pages.organisation.preload();
  else if (path.startsWith('/settings')) void pages.settings.preload();
  else if (path === '/dashboard') void pages.dashboard.preload();
  else if (path.startsWith('/sign-in')) void pages.signIn.preload();
  else if (path === '/setup') void pages.setup.preload();
  else if (path.startsWith('/identity/import')) void pages.identityImport.preload();
  else if (path.startsWith('/identity')) void pages.identityReview.preload();
}
const SignInPage = pages.signIn.Page;
const PeopleListPage = pages.people.Page;
const PersonPage = pages.person.Page;
const OrganisationListPage = pages.organisations.Page;
const OrganisationPage = pages.organisation.Page;
const SettingsPage = pages.settings.Page;
const DashboardPage = pages.dashboard.Page;
const IdentityReviewPage = pages.identityReview.Page;
const IdentityImportPage = pages.identityImport.Page;
const NotFoundPage = pages.notFound.Page;

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

preloadFor(window.location.pathname);

// The theme is shared with the build step that writes the first page's antd styles to a stylesheet
// (web/scripts/antd-static-styles.ts); antd's zeroRuntime mode was tried instead and lost the table's small rows.
const THEME = ANTD_THEME;

const ANTD_LOCALES = { 'zh-CN': zhCN, 'zh-TW': zhTW, en: enUS } as const;

export function App() {
  const { i18n } = useTranslation();
  const locale = ANTD_LOCALES[i18n.language as keyof typeof ANTD_LOCALES] ?? enUS;
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={locale} theme={THEME}>
        <AntApp>
          <BrowserRouter>
            <Suspense fallback={<PageLoading />}>
              <Routes>
                <Route path="/sign-in" element={<SignInPage />} />
                <Route path="/setup" element={<pages.setup.Page />} />
                <Route element={<RequireUser><AppLayout /></RequireUser>}>
                  <Route index element={<Navigate to="/people" replace />} />
                  <Route path="/people" element={<PeopleListPage />} />
                  <Route path="/people/:id" element={<PersonPage />} />
                  <Route path="/pipelines" element={<pages.pipelines.Page />} />
                  <Route path="/opportunities/:id" element={<pages.opportunity.Page />} />
                  <Route path="/leads" element={<pages.leads.Page />} />
                  <Route path="/forecast" element={<pages.forecast.Page />} />
                  <Route path="/quotes" element={<pages.quotes.Page />} />
                  <Route path="/quotes/new" element={<pages.quote.Page />} />
                  <Route path="/quotes/:id" element={<pages.quote.Page />} />
                  <Route path="/contracts/:id" element={<pages.contract.Page />} />
                  <Route path="/orders" element={<pages.orders.Page />} />
                  <Route path="/orders/:id" element={<pages.order.Page />} />
                  <Route path="/receivables" element={<pages.receivables.Page />} />
                  <Route path="/payables" element={<pages.payables.Page />} />
                  <Route path="/organisations" element={<OrganisationListPage />} />
                  <Route path="/organisations/:id" element={<OrganisationPage />} />
                  <Route path="/settings" element={<SettingsPage />} />
                  <Route path="/dashboard" element={<DashboardPage />} />
                  <Route path="/identity" element={<Navigate to="/identity/review" replace />} />
                  <Route path="/identity/review" element={<IdentityReviewPage />} />
                  <Route path="/identity/import" element={<IdentityImportPage />} />
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
