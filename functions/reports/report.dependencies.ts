import type { Clock } from '#shared/core/clock';
import type { ReportStore } from './report.model';
import type { SnapshotStore } from './snapshot.model';

export interface ReportDependencies {
  readonly reports: ReportStore;
  readonly snapshots: SnapshotStore;
  readonly clock: Clock;
}
