/**
 * antd's styles for the first page come from a stylesheet written at build time (web/scripts/antd-static-styles.ts)
 * instead of antd's CSS-in-JS at runtime. Checked here: the runtime really injects none of those styles, and the
 * people list has the same computed style, element for element, as the same build with the stylesheet taken out (antd then generates
 * every style at runtime, as before).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../harness.ts';
import { buildWebIfStale, HAS_CHROMIUM, browserSuite, launchBrowser, signIn, watchForProblems } from './browser.ts';
import { seedDirectory } from './seed.ts';

const ANTD_STYLESHEET = /<link rel="stylesheet" href="\/assets\/antd-[0-9a-f]+\.css">/;

/** The CSS antd's runtime injected (its `<style>` elements carry `data-css-hash`), as one text. */
const runtimeCss = (page: Page) => page.evaluate<string>(`[...document.querySelectorAll('style[data-css-hash]')].map((s) => s.textContent).join('\\n')`);

/** Style properties a stylesheet decides (layout results such as width and height are left out: text layout varies). */
const STYLE_PROPERTIES = [
  'display', 'position', 'box-sizing', 'float', 'overflow-x', 'overflow-y', 'visibility', 'opacity', 'z-index', 'cursor',
  'color', 'background-color', 'background-image', 'font-family', 'font-size', 'font-weight', 'font-style', 'line-height',
  'text-align', 'text-decoration-line', 'text-transform', 'white-space', 'word-break', 'letter-spacing', 'vertical-align',
  'padding-top', 'padding-right', 'padding-bottom', 'padding-left', 'margin-top', 'margin-right', 'margin-bottom', 'margin-left',
  'border-top-width', 'border-right-width', 'border-bottom-width', 'border-left-width', 'border-top-style', 'border-bottom-style',
  'border-top-color', 'border-bottom-color', 'border-left-color', 'border-right-color', 'border-top-left-radius', 'border-bottom-right-radius',
  'box-shadow', 'outline-style', 'flex-direction', 'flex-wrap', 'justify-content', 'align-items', 'gap', 'table-layout', 'list-style-type',
  'transition-property', 'pointer-events', 'user-select',
];

/** One line per element under the body, in document order: its tag, its antd classes and the style properties above. */
// (A string: the test code is compiled without the DOM's types.)
const computedStyles = (page: Page) =>
  page.evaluate<string[]>(`(() => {
    const properties = ${JSON.stringify(STYLE_PROPERTIES)};
    const lines = [];
    for (const element of document.body.querySelectorAll('*')) {
      if (element.tagName === 'STYLE' || element.tagName === 'SCRIPT') continue;
      const style = getComputedStyle(element);
      const classes = [...element.classList].filter((c) => c.startsWith('ant-') || c.startsWith('gx-')).join('.');
      lines.push(element.tagName.toLowerCase() + (classes ? '.' + classes : '') + ' ' + properties.map((p) => style.getPropertyValue(p)).join('|'));
    }
    return lines;
  })()`);

describe.skipIf(!HAS_CHROMIUM)(browserSuite('antd styles extracted at build time'), () => {
  let app: TestApp;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    buildWebIfStale();
    app = await createTestApp();
    await seedDirectory(app);
    base = await app.app.listen({ port: 0, host: '127.0.0.1' });
    context = await launchBrowser();
    context.setDefaultTimeout(60_000);
    page = await context.newPage();
    watchForProblems(page, problems);
    await signIn(page, base, app.admin.email);
  });

  afterAll(async () => {
    await context?.close();
    await app?.close();
  });

  /** /people loaded afresh; the rows, fonts and the deferred controls settled. */
  const loadPeople = async () => {
    await page.mouse.move(0, 0); // no row under the pointer (hover colours)
    await page.goto(`${base}/people`);
    await page.getByText('张伟').first().waitFor();
    await page.getByTestId('people-count').waitFor();
    await page.evaluate('document.fonts.ready');
    await page.waitForTimeout(400);
    return { css: await runtimeCss(page) };
  };

  it('ships the stylesheet, and the runtime generates none of its component styles', async () => {
    const html = await (await fetch(`${base}/people`)).text();
    expect(html).toMatch(ANTD_STYLESHEET);
    const { css } = await loadPeople();
    // A component's rules are scoped by antd's hash class: `:where(.css-1abc).ant-table…`. (Its CSS variables,
    // `.css-var-guanxi.ant-table{--ant-table-…}`, stay at runtime by design.)
    const generated = [...css.matchAll(/:where\(\.css-[0-9a-z]+\)\.(ant-[a-z]+(?:-[a-z]+)*)/g)].map((m) => m[1]);
    expect(generated.length, 'without any component style generated at runtime').toBe(0);
    expect(problems).toEqual([]);
  });

  it('looks the same as with the styles generated at runtime', async () => {
    // The same build without the stylesheet: antd's CSS-in-JS generates every style, as it did before.
    const withoutStylesheet = (url: URL) => url.pathname === '/people';
    await page.route(withoutStylesheet, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: (await response.text()).replace(ANTD_STYLESHEET, '') });
    });
    const atRuntime = await loadPeople();
    const runtimeStyles = await computedStyles(page);
    await page.unroute(withoutStylesheet);
    expect(atRuntime.css, 'without the stylesheet antd generates the table styles itself').toContain('.ant-table');
    await loadPeople();
    const stylesheetStyles = await computedStyles(page);

    // Every element's computed style, in document order, must be the same. (Pixels are not compared: two loads of
    // the very same page differ by shifts in the text — up to 9,000 pixels on a loaded CI machine, with identical
    // styles; the computed styles are what the stylesheet decides, and a missing or different rule shows there.)
    expect(stylesheetStyles.length).toBeGreaterThan(200);
    expect(stylesheetStyles.length, 'the same elements on both pages').toBe(runtimeStyles.length);
    const differences = stylesheetStyles.flatMap((line, i) => (line === runtimeStyles[i] ? [] : [`${line}\n  at runtime: ${runtimeStyles[i] ?? '(none)'}`]));
    expect(differences.slice(0, 5)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
