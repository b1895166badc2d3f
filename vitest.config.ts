import { defineConfig } from 'vitest/config';

/**
 * Three projects so that each test pays only for what it needs:
 * - unit: pure code and use cases with in-memory fakes; no services.
 * - cdk: template assertions and cdk-nag (bundling skipped in tests).
 * - integration: repositories on DynamoDB Local and end-to-end routes through the local gateway with real
 *   cognito-local tokens. DynamoDB Local and cognito-local start ONCE per run (global setup); tests isolate
 *   themselves with unique ids instead of restarting services.
 */
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'functions/**/*.test.ts', 'shared/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: { name: 'cdk', include: ['test/cdk/**/*.test.ts'], testTimeout: 120_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/int/**/*.test.ts', 'test/e2e/**/*.test.ts', '**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
