/** The three UI catalogues are complete: same keys (plural forms aside), no empty text, every key the code uses. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const WEB = join(import.meta.dirname, '..', '..', 'web', 'src');
type Tree = { [key: string]: string | Tree };
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Tree;
/** Every catalogue file for a language: the shared one and each feature's own (features/<feature>/i18n/<language>.json). */
function files(language: string): string[] {
  const features = join(WEB, 'features');
  const own = readdirSync(features)
    .map((feature) => join(features, feature, 'i18n', `${language}.json`))
    .filter((path) => { try { return statSync(path).isFile(); } catch { return false; } });
  return [join(WEB, 'i18n', `${language}.json`), ...own];
}
/** The merged catalogue, failing on a key that two files both define. */
function load(language: string): Tree {
  const seen = new Map<string, string>();
  const out: Tree = {};
  for (const path of files(language)) {
    for (const [key, value] of flatten(read(path))) {
      const before = seen.get(key);
      if (before) throw new Error(`${language}: ${key} is defined in both ${before} and ${path}`);
      seen.set(key, path);
      let node = out;
      const parts = key.split('.');
      for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Tree;
      node[parts.at(-1) ?? ''] = value;
    }
  }
  return out;
}

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

// English has _one/_other; Chinese has only _other (no grammatical plural). Compare the base keys.
const base = (keys: Iterable<string>) => new Set([...keys].map((k) => k.replace(/_(one|other)$/, '')));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('i18n catalogues', () => {
  const catalogues = { 'zh-CN': flatten(load('zh-CN')), 'zh-TW': flatten(load('zh-TW')), en: flatten(load('en')) };

  it('have the same keys in every language', () => {
    const en = [...base(catalogues.en.keys())].sort();
    expect([...base(catalogues['zh-CN'].keys())].sort()).toEqual(en);
    expect([...base(catalogues['zh-TW'].keys())].sort()).toEqual(en);
  });

  it('have no empty text, and Chinese text is not left in English', () => {
    for (const [language, entries] of Object.entries(catalogues)) {
      for (const [key, text] of entries) {
        expect(text.trim(), `${language} ${key}`).not.toBe('');
        if (language !== 'en' && !/^(app\.name|.*RFM.*)$/.test(key)) expect(text, `${language} ${key}`).toMatch(/[\u3400-\u9fff]/);
      }
    }
  });

  it('use Taiwan wording in zh-TW', () => {
    const tw = [...catalogues['zh-TW'].values()].join('\n');
    for (const mainland of ['数据', '用户', '登录', '保存', '设置', '信息']) expect(tw).not.toContain(mainland);
    expect(tw).toContain('使用者');
    expect(tw).toContain('儲存');
  });

  it('contain every literal key the code asks for', () => {
    const used = new Set(sources(WEB).flatMap((code) => [...code.matchAll(/\bt\('([a-zA-Z]+(?:\.[a-zA-Z]+)+)'/g)].map((m) => m[1] ?? '')));
    const known = base(catalogues.en.keys());
    expect([...used].filter((key) => !known.has(key))).toEqual([]);
  });
});
