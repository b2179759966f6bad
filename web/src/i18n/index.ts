/**
 * i18next set-up: three complete catalogues, the chosen language kept in localStorage.
 * The shared catalogue lives beside this file; a feature may keep its own words in
 * `features/<feature>/i18n/<language>.json`, merged in here (a key defined twice is an error, found by the test).
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';
import zhTW from './zh-TW.json';

type Tree = { [key: string]: string | Tree };
const featureFiles = import.meta.glob<Tree>('../features/*/i18n/*.json', { eager: true, import: 'default' });

function merge(into: Tree, from: Tree): Tree {
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    if (typeof value !== 'string' && existing !== undefined && typeof existing !== 'string') merge(existing, value);
    else into[key] = value;
  }
  return into;
}

/** The shared catalogue plus every feature's catalogue for one language. */
function catalogue(language: string, shared: Tree): Tree {
  const out = merge({}, shared);
  for (const [path, tree] of Object.entries(featureFiles)) if (path.endsWith(`/${language}.json`)) merge(out, tree);
  return out;
}

export const LANGUAGES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'guanxi.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Taiwan, Hong Kong and Macau read traditional characters; any other Chinese reads simplified. */
export function languageFromBrowser(tags: readonly string[]): Language {
  for (const tag of tags) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return /hant|tw|hk|mo/.test(lower) ? 'zh-TW' : 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  return isLanguage(saved) ? saved : languageFromBrowser(navigator.languages);
}

export function setLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  void i18n.changeLanguage(language);
}

void i18n.use(initReactI18next).init({
  resources: {
    en: { translation: catalogue('en', en) },
    'zh-CN': { translation: catalogue('zh-CN', zhCN) },
    'zh-TW': { translation: catalogue('zh-TW', zhTW) },
  },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});
document.documentElement.lang = i18n.language;

export { i18n };
