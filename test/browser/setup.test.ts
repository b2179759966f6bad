/**
 * First run in Chromium against the real server with no account at all: the app at / says where to find the
 * set-up link instead of showing a sign-in form nobody can pass; the link the server prints opens the set-up page,
 * which creates the first administrator (a Chinese name) and lands them in the app, signed in.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBareTestApp, type BareTestApp } from '../harness.ts';
import { browserSuite, buildWebIfStale, HAS_CHROMIUM, launchBrowser, saveScreenshot, watchForProblems } from './browser.ts';

describe.skipIf(!HAS_CHROMIUM)(browserSuite('first-run set-up in Chromium'), () => {
  let app: BareTestApp;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    buildWebIfStale();
    app = await createBareTestApp();
    base = await app.app.listen({ port: 0, host: '127.0.0.1' });
    context = await launchBrowser();
    context.setDefaultTimeout(25_000);
    page = await context.newPage();
    watchForProblems(page, problems);
  });

  afterAll(async () => {
    await context?.close();
    await app?.close();
  });

  it('points the sign-in page to the printed link, then creates the first administrator and signs them in', async () => {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/sign-in/);
    await page.getByTestId('setup-needed').getByText('还没有账号').waitFor();
    expect(await page.getByTestId('email').count()).toBe(0);

    // The line `guanxi serve` prints, with the address this server listens on.
    const line = app.services.setup.announcement(base) ?? '';
    const link = /open (http\S+) to create/.exec(line)?.[1];
    expect(link).toMatch(/\/setup\?token=/);
    await page.goto(link ?? '');
    await page.getByTestId('setup-page').getByText('初始设置').waitFor();
    await page.getByTestId('setup-name').fill('陈静怡');
    await page.getByTestId('setup-email').fill('jingyi.chen@example.com');
    await page.getByTestId('setup-password').fill('长城 is a long password');
    await page.getByTestId('setup-confirm').fill('长城 is a long password');
    await page.evaluate('document.activeElement && document.activeElement.blur()'); // no caret in the picture
    await saveScreenshot(page, 'setup');
    // Her preferred language is 繁體: the page follows the choice at once, and the account keeps it.
    await page.getByTestId('setup-language').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '繁體中文' }).click();
    await page.getByTestId('setup-page').getByText('初始設定').waitFor();
    await page.getByTestId('setup-submit').click();

    await page.waitForURL(/\/people$/);
    await page.getByTestId('user-menu').getByText('陈静怡').waitFor();
    const me = await page.evaluate(`fetch('/api/v1/auth/me').then((r) => r.json())`);
    expect(me).toMatchObject({ displayName: '陈静怡', email: 'jingyi.chen@example.com', isAdmin: true, role: 'admin', locale: 'zh-TW' });

    // The link is spent: opened again by someone signed out, it says the system is set up.
    const stranger = await launchBrowser();
    try {
      const other = await stranger.newPage();
      watchForProblems(other, problems);
      await other.goto(link ?? '');
      await other.getByTestId('setup-done').getByText('系统已完成初始设置，请用已有账号登录。').waitFor({ timeout: 25_000 });
      await other.getByRole('link', { name: '前往登录' }).click();
      await other.waitForURL(/\/sign-in$/);
      await other.getByTestId('email').waitFor({ timeout: 25_000 });
    } finally {
      await stranger.close();
    }
    expect(problems).toEqual([]);
  });
});
