import { defineConfig } from 'vitest/config';

// The AWS SDK warns once per process that node 20 support ends in 2027 (DESIGN.md §7 pins node 20 here).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

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
    // Request logs are for operators; tests assert on responses. Errors and warnings still print.
    env: {
      POWERTOOLS_LOG_LEVEL: 'WARN',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // The demo users read far more than 500 customers in 10 minutes across the run, and the read guard's counters
      // live in the one shared table: at its default limit it would lock them mid-run. Still counted; the guard's
      // own e2e test (test/e2e/read-guard.e2e.test.ts) injects a low limit for its own fresh user.
      CUSTOMER_READ_LIMIT: '100000000',
      // The same for the export quota (shared/read-guard/export-quota.ts): the role matrix and the fuzz suite start many
      // exports as the demo users; test/e2e/exports.behaviour.e2e.test.ts gives one user a low quota of its own.
      EXPORT_QUOTA_EXPORTS: '100000000',
      EXPORT_QUOTA_ROWS: '100000000',
      // Export jobs run in the test worker: the fuzz suite's unfiltered exports of the whole shared table stop at 100 rows.
      EXPORT_MAX_ROWS: '100',
      // Bulk-update jobs change the customers a filter selects: the fuzz and role suites start them over the shared table,
      // whose customers other files hold. Their steps run only where a test runs them (functions/customers/bulk/).
      BULK_UPDATE_JOB_STEPS: 'manual',
      // Reminder mail is paced (shared/mail/rate-limited-mailer.ts, 14/s by default; its unit test pins the pacing):
      // the role and fuzz suites run the reminder job in the worker over the shared table's due reminders, and at 14/s
      // a run that meets other files' due mail outlasts a test. Unpaced here, as the read guard's limit above.
      REMINDER_MAX_MAILS_PER_SECOND: '1000',
    },
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
