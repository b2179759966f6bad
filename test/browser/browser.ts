/** Debian's Chromium driven by playwright-core (never a downloaded browser), and the web build it needs. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
/** A browser suite's title: it says why the suite was skipped only when it was. */
export const browserSuite = (title: string): string => (HAS_CHROMIUM ? title : `${title} (skipped: ${CHROMIUM} is not installed — apt-get install -y chromium fonts-wqy-microhei)`);

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A fresh profile every time, so no state leaks between runs. */
export async function launchBrowser(viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'guanxi-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
}

/** Builds web/dist when it is missing or older than web/src (the same check `npm start` runs). */
export function buildWebIfStale(): void {
  const result = spawnSync(process.execPath, [join(import.meta.dirname, '..', '..', 'web', 'scripts', 'build-if-stale.mjs')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`web build failed:\n${result.stdout}\n${result.stderr}`);
}

const SHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
/** A channel may drift this much (0–255) before a pixel counts as changed: antialiasing, not content. */
const CHANNEL_TOLERANCE = 24;
/** Changed pixels allowed before a picture counts as different: below one short word of text. */
const CHANGED_PIXELS_ALLOWED = 40;

/**
 * Saves `docs/screenshots/<name>.png`, but only when it differs visibly from the file already there (decoded
 * pixels compared in the browser, with a small tolerance), so a test run leaves git clean when nothing changed.
 * `ignore`: parts that change on every run (clock times, "last signed in") are left out of the comparison — the
 * picture written still shows them. `hide`: selectors hidden while the picture is taken. Waits first for antd's open/close animations to settle.
 * `GUANXI_SCREENSHOTS=always` writes every picture.
 */
export async function saveScreenshot(page: Page, name: string, options: { ignore?: Locator[]; hide?: string[] } = {}): Promise<void> {
  await page.waitForTimeout(400);
  mkdirSync(SHOTS, { recursive: true });
  const file = join(SHOTS, `${name}.png`);
  // `hide`: CSS selectors made invisible for the picture only (toasts that may or may not still be showing).
  if (options.hide?.length) await page.addStyleTag({ content: `/* screenshot-hide */ ${options.hide.join(', ')} { visibility: hidden !important; }` });
  const fresh = await page.screenshot();
  if (options.hide?.length) await page.evaluate(`document.querySelectorAll('style').forEach((node) => node.textContent.startsWith('/* screenshot-hide */') && node.remove())`);
  const always = process.env.GUANXI_SCREENSHOTS === 'always';
  if (always || !existsSync(file)) return writeFileSync(file, fresh);
  const boxes: Box[] = [];
  for (const locator of options.ignore ?? []) {
    for (const one of await locator.all()) {
      const box = await one.boundingBox();
      if (box) boxes.push(box);
    }
  }
  if ((await changedPixels(page, readFileSync(file), fresh, boxes)) > CHANGED_PIXELS_ALLOWED) writeFileSync(file, fresh);
}

type Box = { x: number; y: number; width: number; height: number };

/** Pixels that differ beyond the tolerance (Infinity when the sizes differ), decoded by the browser itself. */
export async function changedPixels(page: Page, before: Buffer, after: Buffer, ignore: Box[]): Promise<number> {
  const args = JSON.stringify([before.toString('base64'), after.toString('base64'), CHANNEL_TOLERANCE, ignore]);
  // Passed as source text: the test project's TypeScript has no DOM types, and this runs in the page.
  return page.evaluate<number>(`(${COMPARE_IN_BROWSER})(...${args})`);
}

const COMPARE_IN_BROWSER = `async (a, b, tolerance, ignore) => {
  const decode = async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
    context.drawImage(bitmap, 0, 0);
    return context.getImageData(0, 0, bitmap.width, bitmap.height);
  };
  const [x, y] = await Promise.all([decode(a), decode(b)]);
  if (x.width !== y.width || x.height !== y.height) return Infinity;
  let changed = 0;
  const ratio = x.width / window.innerWidth; // device pixels per CSS pixel
  const ignored = (px, py) => ignore.some((r) => px >= r.x * ratio && px < (r.x + r.width) * ratio && py >= r.y * ratio && py < (r.y + r.height) * ratio);
  for (let i = 0; i < x.data.length; i += 4) {
    if (ignored((i / 4) % x.width, Math.floor(i / 4 / x.width))) continue;
    if (Math.abs(x.data[i] - y.data[i]) > tolerance || Math.abs(x.data[i + 1] - y.data[i + 1]) > tolerance
      || Math.abs(x.data[i + 2] - y.data[i + 2]) > tolerance || Math.abs(x.data[i + 3] - y.data[i + 3]) > tolerance) changed++;
  }
  return changed;
}`;

/** A failed request the page is expected to make and handle (Chromium logs every 4xx fetch as a console error). */
export type ExpectedFailure = { status: number; url: RegExp };

/**
 * Collects console errors and uncaught page errors into `problems`, except the failures a test provokes on purpose.
 * A 401 from /auth/me is always expected: it is how the app learns nobody is signed in yet.
 */
export function watchForProblems(page: Page, problems: string[], expected: ExpectedFailure[] = []): void {
  const allowed = [{ status: 401, url: /\/api\/v1\/auth\/me$/ }, ...expected];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const url = message.location().url;
    if (allowed.some((e) => message.text().includes(`status of ${e.status}`) && e.url.test(url))) return;
    problems.push(`console: ${message.text()} (${url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
}

/** Signs in through the page's form and waits for the landing page (the people list). */
export async function signIn(page: Page, base: string, email: string, password = 'correct horse battery'): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.getByTestId('email').fill(email);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in').click();
  await page.waitForURL(/\/people$/);
}

/**
 * Picks the option showing `text` from an antd Select, and with `until`, waits for what the choice should show. On a
 * loaded machine the list can close or be re-rendered between opening and clicking (the drawer or form around it
 * still moving), or a click can land on a list already closing; then the list is opened again and the pick retried,
 * rather than waiting a minute for an option, or a result, that will not come.
 */
export async function pickOption(page: Page, select: Locator, text: string | RegExp, options: { last?: boolean; until?: Locator } = {}): Promise<void> {
  const openList = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  for (let attempt = 1; ; attempt++) {
    try {
      if (!(await openList.last().isVisible())) await select.click({ timeout: 15_000 });
      const matching = openList.locator('.ant-select-item-option').filter({ hasText: text });
      await (options.last ? matching.last() : matching.first()).click({ timeout: 15_000 });
      await options.until?.waitFor({ timeout: 15_000 });
      return;
    } catch (error) {
      if (attempt >= 4) throw error;
      // Close the list by clicking its select again — not with Escape, which a drawer or dialog around the select
      // would take as "close" when the list is already gone.
      if (await openList.last().isVisible()) await select.click({ timeout: 15_000 }).catch(() => undefined);
    }
  }
}

/** Waits until every animation and transition inside `locator` has finished (a drawer sliding in, a list opening). */
export async function settled(locator: Locator): Promise<void> {
  type Animated = { getAnimations(options: { subtree: boolean }): { finished: Promise<unknown> }[] };
  await locator.evaluate((element) => Promise.all((element as unknown as Animated).getAnimations({ subtree: true }).map((a) => a.finished.catch(() => undefined))));
}

/** The data-testid of the element that has the keyboard focus (keyboard tests wait for it before pressing a key). */
export async function focusedTestId(page: Page): Promise<string | null> {
  return page.evaluate<string | null>(`document.activeElement?.getAttribute('data-testid') ?? null`);
}
