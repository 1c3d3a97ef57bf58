import { defineConfig } from 'vitest/config';

/**
 * Shared vitest settings for every workspace. Under CI a JSON report is written too, so .ci/run can
 * print one closing "N passed, N failed" line for the whole monorepo.
 */
export function weshopVitestConfig(options: { testTimeout?: number } = {}) {
  return defineConfig({
    test: {
      include: ['**/*.test.ts'],
      exclude: ['**/node_modules/**', '**/dist/**'],
      testTimeout: options.testTimeout ?? 20_000,
      hookTimeout: 60_000,
      reporters: process.env.CI
        ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]]
        : ['default'],
    },
  });
}
