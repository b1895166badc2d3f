import { systemClock } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import type { ReportDependencies } from './report.dependencies';
import { DynamoDbReportStore } from './report.repository';
import { DynamoDbSnapshotStore } from './snapshot.repository';

/** Wires the real dependencies once per process; tests may replace them. */
let dependencies: ReportDependencies | undefined;

export const reportDependencies = (): ReportDependencies =>
  (dependencies ??= {
    reports: new DynamoDbReportStore(documentClient(), loadConfig().TABLE_NAME),
    snapshots: new DynamoDbSnapshotStore(documentClient(), loadConfig().TABLE_NAME),
    clock: systemClock,
  });

export const useReportDependencies = (replacement: ReportDependencies | undefined): void => {
  dependencies = replacement;
};
