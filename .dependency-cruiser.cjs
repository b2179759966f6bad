/** Module boundaries (ARCHITECTURE.md), checked on every CI run. */
module.exports = {
  forbidden: [
    {
      name: 'kernel-is-pure',
      comment: 'The kernel imports no module, platform, app or CLI code.',
      severity: 'error',
      from: { path: '^src/kernel' },
      to: { path: '^src/(modules|platform|app|cli)/' },
    },
    {
      name: 'platform-knows-no-module',
      comment: 'The platform serves every module and imports none.',
      severity: 'error',
      from: { path: '^src/platform' },
      to: { path: '^src/(modules|app|cli)/' },
    },
    {
      name: 'modules-are-closed-boxes',
      comment: "A module reaches another only through that module's index.ts.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'outsiders-use-index',
      comment: "App and CLI reach modules only through their index.ts (pure cores are exported there).",
      severity: 'error',
      from: { path: '^src/(app|cli)/' },
      to: { path: '^src/modules/[^/]+/.+', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'modules-do-not-import-app',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^src/(app|cli)/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true, dependencyTypes: ['local', 'import'] } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '__tests__' },
  },
};
