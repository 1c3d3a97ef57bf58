// One lint setup for every workspace (flat config). Formatting is prettier's job.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { importBoundaries } from './scripts/lint/import-boundaries.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const { workspaces } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8'));

/**
 * The import directions of docs/architecture.md: which of our packages each workspace may import.
 * Everywhere, another workspace is reached by its package name and public entry, never by a relative
 * path or its `src/`. apps/api never imports the simulator: `npm start` (scripts/start.ts) runs it as a
 * separate process, and only tests/ drive it in-process.
 */
const DIRECTIONS = {
  'packages/core': [], // and zod only, see below
  'packages/wechat': [],
  'packages/db': ['@weshop/core'],
  'apps/api': ['@weshop/core', '@weshop/db', '@weshop/wechat'],
  'apps/wechat-sim': ['@weshop/wechat'],
  'apps/shop': ['@weshop/core'],
  'apps/admin': ['@weshop/core'],
  tests: ['@weshop/api', '@weshop/core', '@weshop/db', '@weshop/wechat', '@weshop/wechat-sim'],
  bench: ['@weshop/api', '@weshop/core', '@weshop/db'],
};

/** Node globals that do not exist in a browser; core and the browser apps must not use them. */
const NODE_ONLY_GLOBALS = [
  'Buffer',
  'process',
  'global',
  '__dirname',
  '__filename',
  'require',
  'setImmediate',
];

const boundaries = (files, workspace, options = {}) => ({
  files,
  rules: {
    'weshop/import-boundaries': [
      'error',
      { root, workspaces, scope: '@weshop', allowOurs: DIRECTIONS[workspace], ...options },
    ],
  },
});

const browserOnly = (files) => ({
  files,
  rules: {
    'no-restricted-globals': [
      'error',
      ...NODE_ONLY_GLOBALS.map((name) => ({ name, message: 'This code runs in the browser too.' })),
    ],
  },
});

const TESTS = ['**/*.test.ts', '**/vitest.config.ts'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/data/**', '**/.turbo/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { weshop: { rules: { 'import-boundaries': importBoundaries } } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['**/*.test.ts', 'tests/**', 'bench/**', 'apps/api/src/main.ts', 'apps/api/src/seed.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Plain CommonJS that old Node versions must parse (scripts/check-node.cjs, scripts/turbo.cjs).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // Import directions, one entry per workspace (later entries override earlier ones for a file).
  ...Object.keys(DIRECTIONS).map((workspace) => boundaries([`${workspace}/**`], workspace)),
  // core: zod only and no Node, so it runs in a browser; its tests may use vitest (and Node where they
  // compare with Node's own behaviour), its development scripts run on Node.
  boundaries(['packages/core/**'], 'packages/core', { allowNode: false, onlyPackages: ['zod'] }),
  boundaries(
    TESTS.map((glob) => `packages/core/${glob}`),
    'packages/core',
    { onlyPackages: ['zod', 'vitest'] },
  ),
  boundaries(['packages/core/scripts/**'], 'packages/core'),
  browserOnly(['packages/core/src/**']),
  // The browser apps: what ships (src/) has no Node built-ins; their build configs run on Node.
  ...['apps/shop', 'apps/admin'].flatMap((app) => [
    boundaries([`${app}/src/**`], app, { allowNode: false }),
    browserOnly([`${app}/src/**`]),
  ]),
  prettier,
);
