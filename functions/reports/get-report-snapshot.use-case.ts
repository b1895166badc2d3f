import { DomainError, ErrorCode } from '#shared/core/errors';
import type { ReportDependencies } from './report.dependencies';
import type { RenderedReport } from './report-format';
import type { SnapshotQuery } from './report.schema';

/**
 * A report as the scheduled job saved it for a period (history).
 *
 * Primary course: one GetItem of `SNAPSHOT#<type>` / `<period>`; the answer carries when and by which schedule it
 * was written, and the report as it was then (JSON, or its CSV table).
 * Alternates: no snapshot for that type and period → 404 (the job has not run for it).
 */
export const getReportSnapshot = async (deps: ReportDependencies, query: SnapshotQuery): Promise<RenderedReport> => {
  const snapshot = await deps.snapshots.get(query.type, query.period);
  if (!snapshot) throw new DomainError(ErrorCode.SnapshotNotFound, `No ${query.type} snapshot for ${query.period}.`);
  return {
    body: { type: snapshot.type, period: snapshot.period, generatedAt: snapshot.generatedAt, trigger: snapshot.trigger, report: snapshot.report.body },
    table: snapshot.report.table,
  };
};
