import type { Clock } from '#shared/core/clock';
import { churnReport } from '#functions/reports/get-churn-report.use-case';
import { compositionReport } from '#functions/reports/get-composition-report.use-case';
import { contributionReport } from '#functions/reports/get-contribution-report.use-case';
import { pipelineReport } from '#functions/reports/get-pipeline-report.use-case';
import { receivablesReport } from '#functions/reports/get-receivables-report.use-case';
import { servicesReport } from '#functions/reports/get-services-report.use-case';
import type { RenderedReport } from '#functions/reports/report-format';
import type { ReportStore } from '#functions/reports/report.ports';
import { COMPOSITION_DIMENSIONS, REPORT_TYPES, type ReportType } from '#functions/reports/report.schema';
import type { SnapshotStore } from '#functions/reports/snapshot.ports';

export interface ReportSnapshotDependencies {
  readonly reports: ReportStore;
  readonly snapshots: SnapshotStore;
  readonly clock: Clock;
}

export interface SnapshotRun {
  readonly period: string;
  readonly trigger: string;
  readonly generatedAt: string;
  readonly written: readonly ReportType[];
}

/** The period a run without one snapshots: the month of yesterday (UTC) — on the 1st, the month just closed. */
export const defaultPeriodOf = (now: Date): string => new Date(now.getTime() - 86_400_000).toISOString().slice(0, 7);

/** Snapshot rows kept per ranked report (contribution, receivables). */
const SNAPSHOT_LIMIT = 100;

/**
 * Writes a snapshot of every report for one period (统计报表 history).
 *
 * Primary course: each report is computed exactly as the live route computes it, from the same aggregates —
 * contribution of the period's month, composition by every dimension, services of the month, churn of the
 * period's year, pipeline and receivables as of the run — and PUT at `SNAPSHOT#<type>` / `<period>`.
 * Alternates: a re-run of the period overwrites the six items (idempotent); any failure throws, so that the
 * scheduler's retries and dead-letter queue see it (a retry rewrites everything).
 */
export const takeReportSnapshots = async (
  deps: ReportSnapshotDependencies,
  request: { period?: string; trigger: string },
): Promise<SnapshotRun> => {
  const now = deps.clock.now();
  const period = request.period ?? defaultPeriodOf(now);
  const [year, month] = period.split('-') as [string, string];
  const live = { reports: deps.reports, clock: deps.clock };
  const composition = await Promise.all(COMPOSITION_DIMENSIONS.map((by) => compositionReport(live, { by })));
  const reports: Record<ReportType, RenderedReport> = {
    contribution: await contributionReport(live, { year, month, limit: SNAPSHOT_LIMIT }),
    composition: {
      body: { report: 'composition', asOf: composition[0]!.body.asOf, dimensions: Object.fromEntries(COMPOSITION_DIMENSIONS.map((by, i) => [by, composition[i]!.body])) },
      table: {
        filename: `composition-${period}.csv`,
        header: ['dimension', 'value', 'customers'],
        rows: COMPOSITION_DIMENSIONS.flatMap((by, i) => composition[i]!.table.rows.map((row) => [by, ...row])),
      },
    },
    services: await servicesReport(live, { from: period, to: period }),
    churn: await churnReport(live, { year }),
    pipeline: await pipelineReport(live),
    receivables: await receivablesReport(live, { limit: SNAPSHOT_LIMIT }),
  };
  const generatedAt = now.toISOString();
  for (const type of REPORT_TYPES) {
    const report = reports[type];
    await deps.snapshots.put({
      type,
      period,
      generatedAt,
      trigger: request.trigger,
      report: { body: { ...report.body, period }, table: { ...report.table, filename: `${type}-${period}.csv` } },
    });
  }
  return { period, trigger: request.trigger, generatedAt, written: [...REPORT_TYPES] };
};

