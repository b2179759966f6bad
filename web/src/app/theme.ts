/**
 * The antd theme, shared by the app's ConfigProvider and the build step that writes antd's styles to a stylesheet
 * (web/scripts/antd-static-styles.ts): the stylesheet only replaces the runtime styles when both use the same theme.
 */
export const ANTD_THEME = {
  token: { colorPrimary: '#b8322a', borderRadius: 6 },
  // A fixed key for the CSS variables' class: antd otherwise derives it from React's useId, which differs between the
  // build step's server render and the browser, and the class hashes (so the stylesheet) would not match.
  cssVar: { key: 'css-var-guanxi' },
};
