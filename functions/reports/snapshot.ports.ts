import type { RenderedReport } from './report-format';
import type { ReportType } from './report.schema';

/** A report as the scheduled job saved it for a period (`pk = SNAPSHOT#<type>`, `sk = <period>`). */
export interface ReportSnapshot {
  readonly type: ReportType;
  /** `yyyy-mm`. */
  readonly period: string;
  readonly generatedAt: string;
  /** Which schedule wrote it last: `nightly`, `monthly` or `manual` (npm run job:reports). */
  readonly trigger: string;
  readonly report: RenderedReport;
}

export interface SnapshotStore {
  /** Overwrites the snapshot of the type and period (idempotent). */
  put(snapshot: ReportSnapshot): Promise<void>;
  get(type: ReportType, period: string): Promise<ReportSnapshot | undefined>;
}
