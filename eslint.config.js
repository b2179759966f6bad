// Lint: typescript-eslint's recommended rules plus the conventions of ARCHITECTURE.md that a tool can check.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', '.tmp*/', 'web/dist/', 'web/src/api/schema.d.ts', 'bench/.work/', 'coverage/'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', 'web/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use a string-literal union instead of an enum.' }],
    },
  },
  {
    // Only the config file reads the environment.
    files: ['src/**/*.ts'],
    ignores: ['src/platform/config.ts', 'src/**/__tests__/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through src/platform/config.ts.' }],
    },
  },
  {
    // The web app: React function components and the rules of hooks.
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);
