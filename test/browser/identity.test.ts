/**
 * Identity pages end to end in Chromium against the real server: two records of one customer written differently
 * (张伟 138 0013 8000, 張偉 +86 13800138000) reach the review queue with their explanation; merge by keyboard;
 * the 360 page lists both source records; un-merge restores two customers; merge again from the 360 page with
 * the golden-record preview; a people CSV with a bad row gives its report; the pages fit a 390 px phone.
 */
import ExcelJS from 'exceljs';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../harness.ts';
import { buildWebIfStale, HAS_CHROMIUM, browserSuite, launchBrowser, saveScreenshot, signIn, watchForProblems } from './browser.ts';
import { post } from './seed.ts';

type Pair = { id: string; leftId: string; rightId: string; leftName: string; rightName: string; probability: number };

describe.skipIf(!HAS_CHROMIUM)(browserSuite('identity pages in Chromium'), () => {
  let app: TestApp;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let pair: Pair;
  const problems: string[] = [];

  /** The page settles at its own pace on a busy machine: wait up to 30 s for the count. */
  const countIs = (locator: Locator, count: number) => expect.poll(() => locator.count(), { timeout: 30_000 }).toBe(count);
  const openPairs = async () => ((await app.call({ method: 'GET', url: '/api/v1/identity/review' })).json() as { items: Pair[] }).items;

  beforeAll(async () => {
    buildWebIfStale();
    app = await createTestApp();
    // The same customer twice, entered by two colleagues: simplified and traditional, two phone formats.
    await post(app, '/api/v1/people', { name: '张伟', birthday: '1985-03-12', phones: [{ number: '138 0013 8000', label: 'mobile' }], addresses: [{ raw: '上海市浦东新区张江路88号' }], source: '展会' });
    await post(app, '/api/v1/people', { name: '張偉', phones: [{ number: '+86 13800138000', label: 'mobile' }], emails: [{ address: 'zhang.wei@huaan.example.cn' }], source: '官网' });
    // A second, less certain pair (same name and birthday, different mobiles), to skip.
    await post(app, '/api/v1/identity/touchpoints', { source: 'portal', record: { name: '周敏', mobile: '13700001111', birthDate: '1992-07-08' } });
    await post(app, '/api/v1/identity/touchpoints', { source: 'dealer:杭州', record: { name: '周敏', mobile: '13700002222', birthDate: '1992-07-08' } });
    const pairs = await openPairs();
    const found = pairs.find((p) => p.leftName === '张伟' && p.rightName === '張偉');
    if (!found) throw new Error(`no review pair for 张伟/張偉: ${JSON.stringify(pairs)}`);
    pair = found;
    base = await app.app.listen({ port: 0, host: '127.0.0.1' });
    context = await launchBrowser();
    // The suite runs many files in parallel on two cores: room for slow steps, but a failure inside the test's time.
    context.setDefaultTimeout(25_000);
    page = await context.newPage();
    watchForProblems(page, problems);
    await signIn(page, base, app.admin.email);
  });

  afterAll(async () => {
    await context?.close();
    await app?.close();
  });

  it('shows the pair side by side with its probability and explanation, and merges it by keyboard', async () => {
    expect(pair.probability).toBeGreaterThan(0.5);
    await page.locator('.ant-menu').getByText('客户查重').click();
    await page.waitForURL(/\/identity\/review$/);
    const comparison = page.getByTestId('pair-comparison');
    await comparison.getByText('張偉').waitFor();
    await expect(comparison.getByText('张伟').count()).resolves.toBe(1);
    // 张伟 / 張偉: the same name in pinyin; 138 0013 8000 / +86 13800138000: the same number.
    await expect(page.getByTestId('compare-name').getAttribute('data-agreement')).resolves.toBe('similar');
    await expect(page.getByTestId('compare-phone').getAttribute('data-agreement')).resolves.toBe('similar');
    await expect(page.getByTestId('compare-email').getAttribute('data-agreement')).resolves.toBe('one-sided');
    const shown = (await page.getByTestId('review-probability').textContent()) ?? '';
    expect(shown).toBe(pair.probability >= 0.9995 ? '>99.9%' : `${(pair.probability * 100).toFixed(1)}%`);
    const phone = page.getByTestId('contribution-phone');
    await expect(phone.textContent()).resolves.toMatch(/^手机号一致\+\d+\.\d$/);
    await page.getByTestId('contribution-name').waitFor();
    await page.getByTestId('explanation').getByText('基础几率').waitFor();
    await page.getByTestId('review-progress').getByText('已处理 0 对，剩余 2 对').waitFor();
    await saveScreenshot(page, 'identity-review');

    await page.keyboard.press('a');
    await page.getByTestId('merged-message').waitFor();
    await page.getByTestId('review-progress').getByText('已处理 1 对，剩余 1 对').waitFor();
    // The next pair (周敏) is skipped with S; the queue then says only skipped pairs are left.
    await page.getByTestId('pair-comparison').getByText('周敏').first().waitFor();
    await page.keyboard.press('s');
    await page.getByText('只剩下跳过的 1 对').waitFor();
    expect((await openPairs()).map((p) => p.id)).not.toContain(pair.id);
    // The decision teaches the model: an administrator retrains it from the queue's page.
    const model = page.getByTestId('model-panel');
    await model.getByText('目前使用出厂参数', { exact: false }).waitFor();
    await model.getByTestId('retrain').click();
    await model.getByTestId('retrain-changes').waitFor();
    await model.getByText('已用 1 对“同一人”和 0 对“不同人”的判断训练', { exact: false }).waitFor();
  });

  it('lists both source records on the 360 page, and un-merge restores two customers', async () => {
    await page.goto(`${base}/people/${pair.leftId}`);
    const sources = page.getByTestId('source-records');
    await countIs(sources.getByTestId('source-record'), 2);
    // Each colleague's entry, as the directory received it (phones in E.164), one of them with the e-mail.
    await expect(sources.getByTestId('source-record').allInnerTexts()).resolves.toEqual([expect.stringContaining('張偉'), expect.stringContaining('张伟')]);
    await sources.getByTestId('source-record').filter({ hasText: '張偉' }).getByText('zhang.wei@huaan.example.cn').waitFor();
    await page.getByTestId('golden-record').getByText('zhang.wei@huaan.example.cn').waitFor();
    await page.getByTestId('merge-record').getByText('并入了 張偉').waitFor();

    await page.getByTestId('unmerge').click();
    const restores = page.getByTestId('unmerge-restores');
    await restores.getByText('張偉重新成为独立客户').waitFor();
    // Exactly what the merge moved: 張偉's own source record goes back with them.
    await restores.getByText('1 条来源记录').waitFor();
    await expect(restores.getByTestId('unmerge-source').allInnerTexts()).resolves.toEqual([expect.stringMatching(/^接口录入 · 張偉 · /)]);
    await page.getByTestId('confirm-unmerge').click();
    await page.getByTestId('unmerged-message').waitFor();
    await countIs(sources.getByTestId('source-record'), 1);
    expect((await app.call({ method: 'GET', url: `/api/v1/people/${pair.rightId}` })).statusCode).toBe(200);
    await page.getByTestId('open-restored').click();
    await page.waitForURL(new RegExp(`/people/${pair.rightId}$`));
    // The URL changes first; the previous customer stays on screen until the restored one has loaded.
    await expect.poll(() => page.getByTestId('person-title').textContent(), { timeout: 30_000 }).toBe('張偉');
  });

  it('merges from the 360 page after previewing the golden record, then un-merges', async () => {
    await page.goto(`${base}/people/${pair.leftId}`);
    await page.getByTestId('merge-with').click();
    const dialog = page.getByTestId('merge-dialog');
    // Found without typing: the matcher proposes the likely duplicate.
    await dialog.getByTestId('merge-candidate').filter({ hasText: '張偉' }).getByRole('button').click();
    const preview = dialog.getByTestId('golden-preview');
    await preview.getByText('zhang.wei@huaan.example.cn').waitFor();
    await preview.getByText('上海市浦东新区张江路88号').waitFor();
    await expect(preview.locator('.ant-table-row').filter({ hasText: '邮箱' }).getByText('張偉').count()).resolves.toBe(1);
    await saveScreenshot(page, 'identity-merge');
    await dialog.getByTestId('confirm-merge').click();
    await dialog.waitFor({ state: 'detached' });
    await countIs(page.getByTestId('source-record'), 2);
    expect((await app.call({ method: 'GET', url: `/api/v1/people/${pair.rightId}` })).statusCode).toBe(404);
    await page.getByTestId('merge-record').getByTestId('unmerge').first().click();
    await page.getByTestId('confirm-unmerge').click();
    await countIs(page.getByTestId('source-record'), 1);
    expect((await app.call({ method: 'GET', url: `/api/v1/people/${pair.rightId}` })).statusCode).toBe(200);
  });

  it('imports a people CSV: mapping preview, a rejected row reported and downloadable', async () => {
    await page.goto(`${base}/identity/import`);
    const csv = ['姓名,手机,邮箱,生日,公司,备注', '李雷,139 1234 5678,lilei@example.cn,1990-05-01,上海华安,老客户', '韩梅梅,13987654321,not-an-email,1991/2/3,,', '王强,13700003333,,1988年8月8日,,VIP'].join('\n');
    await page.locator('input[type=file]').setInputFiles({ name: '会员名单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    const mapping = page.getByTestId('import-mapping');
    await countIs(mapping.getByTestId('mapping-column'), 6);
    // Every Chinese header recognised by the server's dictionary; 备注 (notes) is not a field, so not imported.
    const columns = (await mapping.getByTestId('mapping-column').allInnerTexts()).map((text) => text.replace(/\s+/g, ''));
    expect(columns).toEqual(['姓名姓名', '手机手机', '邮箱邮箱', '生日生日', '公司公司', '备注不导入']);
    await page.getByTestId('import-source').fill('会员2024');
    await page.getByTestId('import-start').click();
    const report = page.getByTestId('import-report');
    await report.waitFor();
    await report.locator('.ant-statistic').filter({ hasText: '新建客户' }).getByText('2').waitFor();
    await report.locator('.ant-statistic').filter({ hasText: '被拒行' }).getByText('1').waitFor();
    await page.getByTestId('rejected-rows').getByText('邮箱“not-an-email”不是有效的邮箱地址').waitFor();
    await saveScreenshot(page, 'people-import');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-rejected').click()]);
    expect(download.suggestedFilename()).toBe('会员名单.rejected.csv');
    const text = await new Promise<string>((resolve, reject) => {
      void download.createReadStream().then((stream) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        stream.on('error', reject);
      });
    });
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('行号,原因,原始内容');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('3,邮箱“not-an-email”不是有效的邮箱地址,"韩梅梅,13987654321,not-an-email,1991/2/3,,"');
    const imported = (await app.call({ method: 'GET', url: '/api/v1/people/search?q=lilei%40example.cn' })).json() as { items: Array<{ name: string }> };
    expect(imported.items.map((p) => p.name)).toEqual(['李雷']);
    // A file without a name column is stopped before upload; choosing the column by hand lets it through.
    await page.locator('input[type=file]').setInputFiles({ name: 'dealer.csv', mimeType: 'text/csv', buffer: Buffer.from('客户名称,联系电话\n赵敏,021-6552 9988\n', 'utf8') });
    await page.getByTestId('import-no-name').waitFor();
    await expect(page.getByTestId('import-start').isDisabled()).resolves.toBe(true);
    await page.getByRole('combobox', { name: '客户名称' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: /^姓名$/ }).click();
    await page.getByTestId('import-no-name').waitFor({ state: 'detached' });
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-report').locator('.ant-statistic').filter({ hasText: '新建客户' }).getByText('1').waitFor();
  });

  it('previews and imports an Excel workbook with English headers', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('客户');
    sheet.addRow(['Name', 'Mobile', 'E-mail', 'Birthday', 'Company', 'Level']);
    sheet.addRow(['Li Na', '13611112222', 'li.na@example.cn', '1993-04-05', 'Pacific Rim Foods', 'gold']);
    sheet.addRow(['Chen Jie', '13633334444', '', 'sometime in May', '', '']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    await page.goto(`${base}/identity/import`);
    await page.locator('input[type=file]').setInputFiles({ name: 'dealer.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
    const mapping = page.getByTestId('import-mapping');
    await countIs(mapping.getByTestId('mapping-column'), 6);
    const columns = (await mapping.getByTestId('mapping-column').allInnerTexts()).map((text) => text.replace(/\s+/g, ''));
    expect(columns).toEqual(['Name姓名', 'Mobile手机', 'E-mail邮箱', 'Birthday生日', 'Company公司', 'Level不导入']);
    await mapping.getByText('li.na@example.cn').waitFor();
    await page.getByTestId('import-start').click();
    const report = page.getByTestId('import-report');
    await report.locator('.ant-statistic').filter({ hasText: '新建客户' }).getByText('1').waitFor();
    await page.getByTestId('rejected-rows').getByText('生日“sometime in May”不是可识别的日期').waitFor();
  });

  it('shows a customer seen six times by their five newest source records, the rest on request', async () => {
    let personId = '';
    for (const [i, source] of ['portal', 'web_form', 'api', 'dealer:北京', 'dealer:上海', 'import:会员'].entries()) {
      const received = await post(app, '/api/v1/identity/touchpoints', { source, record: { name: i % 2 ? '吴敏' : 'Wu Min', mobile: '13566667777', email: 'wumin@example.cn' } });
      personId ||= String((received.touchpoint as { personId: string }).personId);
      expect((received.touchpoint as { personId: string }).personId).toBe(personId);
    }
    await page.goto(`${base}/people/${personId}`);
    const sources = page.getByTestId('source-records');
    await countIs(sources.getByTestId('source-record'), 5);
    await sources.getByTestId('all-sources').click();
    await countIs(sources.getByTestId('source-record'), 6);
    await expect(sources.getByTestId('source-record').last().textContent()).resolves.toContain('客户门户');
  });

  it('fits a 390 px phone, in English too', async () => {
    const phone = await context.newPage();
    watchForProblems(phone, problems);
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${base}/identity/review`);
    await phone.getByText('只剩下跳过的 1 对').or(phone.getByTestId('pair-comparison')).first().waitFor();
    await phone.getByRole('button', { name: '重新查看跳过的' }).or(phone.getByTestId('review-skip')).first().waitFor();
    const width = () => phone.evaluate<number>('document.documentElement.scrollWidth');
    expect(await width()).toBeLessThanOrEqual(390);
    await phone.evaluate(`localStorage.setItem('guanxi.language', 'en')`);
    await phone.goto(`${base}/people/${pair.leftId}`);
    await phone.getByTestId('source-records').getByText('Source records (1)').waitFor();
    expect(await width()).toBeLessThanOrEqual(390);
    await phone.goto(`${base}/identity/import`);
    await phone.getByText('Click or drop a CSV / Excel file here').waitFor();
    expect(await width()).toBeLessThanOrEqual(390);
    await phone.evaluate(`localStorage.setItem('guanxi.language', 'zh-CN')`);
    await phone.close();
  });

  it('logged no console errors', () => {
    expect(problems).toEqual([]);
  });
});
