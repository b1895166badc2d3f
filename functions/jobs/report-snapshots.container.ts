import { systemClock } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { DynamoDbReportStore } from '#functions/reports/report.repository';
import { DynamoDbSnapshotStore } from '#functions/reports/snapshot.repository';
import { loadReportSnapshotConfig } from './report-snapshots.config';
import type { ReportSnapshotDependencies } from './report-snapshots.use-case';

/** Wires the real dependencies once per process; tests and `npm run job:reports` may replace them. */
let dependencies: ReportSnapshotDependencies | undefined;

export const reportSnapshotDependencies = (): ReportSnapshotDependencies => {
  if (!dependencies) {
    const config = loadReportSnapshotConfig();
    const client = createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
    dependencies = {
      reports: new DynamoDbReportStore(client, config.TABLE_NAME),
      snapshots: new DynamoDbSnapshotStore(client, config.TABLE_NAME),
      clock: systemClock,
    };
  }
  return dependencies;
};

export const useReportSnapshotDependencies = (replacement: ReportSnapshotDependencies | undefined): void => {
  dependencies = replacement;
};
