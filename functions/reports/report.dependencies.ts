import type { Clock } from '#shared/core/clock';
import type { ReportStore } from './report.ports';
import type { SnapshotStore } from './snapshot.ports';

export interface ReportDependencies {
  readonly reports: ReportStore;
  readonly snapshots: SnapshotStore;
  readonly clock: Clock;
}

/**
 * What the six live reports (统计报表, one use case each: get-<report>-report.use-case.ts) read: only the aggregates
 * (and the clock). Each reads the aggregates that the business writes keep in their own transactions
 * (docs/data-model.md, "Reports") — one Query of one aggregate partition, plus one BatchGetItem for the names of
 * the customers listed — and shapes the figures. No report reads orders, services or opportunities one by one.
 *
 * Primary course: the period is resolved (defaults: this year / the last 12 months, UTC), the aggregate items are
 * read, summed and ranked, and the report is answered as JSON or as the rows of its CSV download.
 * Alternates: a period with no activity answers zero figures (not 404); invalid input is refused by the schemas.
 */
export type LiveDependencies = Pick<ReportDependencies, 'reports' | 'clock'>;
