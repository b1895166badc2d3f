import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import { createDocumentClient } from '#shared/db/client';
import { DynamoDbReportStore } from '#functions/reports/report.repository';
import { DynamoDbSnapshotStore } from '#functions/reports/snapshot.repository';
import { takeReportSnapshots } from '#functions/jobs/report-snapshots.use-case';
import { useLocalStack } from '#test/support/e2e';
import type { RouteScenario } from './route-scenario';

/** Runs the snapshot job's own code for one period on the run's table (overwrites: idempotent). */
export const snapshotPeriod = async (period: string): Promise<void> => {
  const info = useLocalStack();
  const client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
  try {
    await takeReportSnapshots(
      { reports: new DynamoDbReportStore(client, info.tableName), snapshots: new DynamoDbSnapshotStore(client, info.tableName), clock: { now: () => new Date() } },
      { period, trigger: 'manual' },
    );
  } finally {
    client.destroy();
  }
};

/** A report read: no fixture (reports are company-wide), nothing to be unchanged; the answer is the report asked for. */
const reportScenario = (path: string, report: string): RouteScenario => ({
  target: 'collection',
  successStatus: 200,
  async arrange() {
    return {
      method: 'GET',
      path,
      assertUnchanged: async () => undefined,
      assertSuccess: (response) => {
        expect((response.json as { report: string }).report).toBe(report);
      },
    };
  },
});

/** How to exercise each reports route in the generated authorization matrix (account managers: 403). */
export const REPORT_SCENARIOS = {
  getContributionReport: reportScenario('/v1/reports/contribution?year=2026', 'contribution'),
  getCompositionReport: reportScenario('/v1/reports/composition?by=region', 'composition'),
  getServicesReport: reportScenario('/v1/reports/services?from=2026-01&to=2026-12', 'services'),
  getChurnReport: reportScenario('/v1/reports/churn?year=2026', 'churn'),
  getPipelineReport: reportScenario('/v1/reports/pipeline', 'pipeline'),
  getForecastReport: reportScenario('/v1/reports/forecast?from=2026-01&to=2026-12', 'forecast'),
  getReceivablesReport: reportScenario('/v1/reports/receivables', 'receivables'),
  getReportSnapshot: {
    target: 'collection',
    successStatus: 200,
    async arrange() {
      await snapshotPeriod('2020-01');
      return {
        method: 'GET',
        path: '/v1/reports/snapshots?type=pipeline&period=2020-01',
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ type: 'pipeline', period: '2020-01', report: { report: 'pipeline' } });
        },
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
