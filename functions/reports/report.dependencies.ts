import type { Clock } from '#shared/core/clock';
import type { ReportStore } from './report.ports';
import type { SnapshotStore } from './snapshot.ports';

export interface ReportDependencies {
  readonly reports: ReportStore;
  readonly snapshots: SnapshotStore;
  readonly clock: Clock;
}
