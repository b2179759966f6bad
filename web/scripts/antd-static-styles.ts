/**
 * Build step: antd's component styles for the shell and the people list, generated once at build time and shipped
 * as a stylesheet, so the first page does not run antd's CSS-in-JS (style functions + stylis, ≈ 200 ms of CPU on the
 * first list load). The stylesheet ends with antd's cache-path record (`.data-ant-cssinjs-cache-path{content:…}`):
 * @ant-design/cssinjs reads it on the first render and, for every component style listed there, injects nothing.
 * Components not listed keep generating their styles at runtime, so a missing one costs time, never looks.
 * The theme tokens (CSS variables) stay at runtime: they are one small block.
 */
import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';
import { ANTD_THEME } from '../src/app/theme.ts';

/**
 * What the shell and the first people-list render use (antd names, `Parent.Child` for parts with styles of their
 * own; each brings its sub-styles, e.g. Table → Spin, Empty). test/browser/web-static-styles.test.ts fails when the
 * list page still generates one of these at runtime.
 */
const FIRST_PAGE_COMPONENTS = [
  'App', 'Layout', 'Layout.Sider', 'Menu', 'Button', 'Dropdown', 'Space', 'Space.Compact', 'Typography', 'Select',
  'Spin', 'Table', 'Empty', 'Badge', 'Input', 'Input.Search', 'InputNumber', 'Checkbox', 'Popover', 'Popconfirm',
  'Tooltip', 'Form', 'Alert', 'Tag', 'Modal', 'Row', 'Col',
] as const;

/** The plain CSS (no `<style>` tags) of the listed components under the app's theme, cache-path record included. */
export async function antdStaticCss(): Promise<string> {
  // Loaded here, not at the top: antd reads NODE_ENV when it runs, and a production build's class hashes
  // (`css-…`, not `css-dev-only-do-not-override-…`) must match the ones the built app computes.
  const [{ createElement }, { renderToString }, antd, { StyleProvider, createCache, extractStyle }] = await Promise.all([
    import('react'), import('react-dom/server'), import('antd'), import('@ant-design/cssinjs'),
  ]);
  const cache = createCache();
  for (const name of FIRST_PAGE_COMPONENTS) {
    const component = name.split('.').reduce<unknown>((from, key) => (from as Record<string, unknown> | undefined)?.[key], antd) as Parameters<typeof createElement>[0] | undefined;
    if (!component) throw new Error(`antd-static-styles: antd has no component ${name} (web/scripts/antd-static-styles.ts)`);
    // Rendering registers the component's styles in `cache`; the HTML itself is thrown away.
    renderToString(createElement(StyleProvider, { cache }, createElement(antd.ConfigProvider, { theme: ANTD_THEME }, createElement(component))));
  }
  const css = extractStyle(cache, { plain: true, types: ['style'] });
  if (process.env.NODE_ENV === 'production' && css.includes('css-dev-only')) {
    throw new Error('antd-static-styles: antd produced development class names in a production build (NODE_ENV was read too early)');
  }
  return css;
}

/** Vite plugin (build only): writes the stylesheet as assets/antd-<hash>.css and links it first in index.html. */
export function antdStaticStyles(): Plugin {
  let fileName = '';
  return {
    name: 'guanxi-antd-static-styles',
    apply: 'build',
    async buildStart() {
      const source = await antdStaticCss();
      fileName = `assets/antd-${createHash('sha256').update(source).digest('hex').slice(0, 10)}.css`;
      this.emitFile({ type: 'asset', fileName, source });
    },
    transformIndexHtml: {
      order: 'post',
      // Before the app's own stylesheet, where antd's runtime would have put its styles (prepended to <head>).
      handler: () => [{ tag: 'link', attrs: { rel: 'stylesheet', href: `/${fileName}` }, injectTo: 'head-prepend' }],
    },
  };
}
