import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';
import { getChurnReportHandler } from './get-churn-report.handler';
import { getCompositionReportHandler } from './get-composition-report.handler';
import { getContributionReportHandler } from './get-contribution-report.handler';
import { getPipelineReportHandler } from './get-pipeline-report.handler';
import { getReceivablesReportHandler } from './get-receivables-report.handler';
import { getReportSnapshotHandler } from './get-report-snapshot.handler';
import { getServicesReportHandler } from './get-services-report.handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/** Lambda entry of the reports function (read-only): one handler per row of the route table. */
export const handler = createFeatureHandler('reports', {
  getContributionReport: getContributionReportHandler,
  getCompositionReport: getCompositionReportHandler,
  getServicesReport: getServicesReportHandler,
  getChurnReport: getChurnReportHandler,
  getPipelineReport: getPipelineReportHandler,
  getReceivablesReport: getReceivablesReportHandler,
  getReportSnapshot: getReportSnapshotHandler,
});
