import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/**
 * Lambda entry of the reports function (read-only): one handler module per row of the route table, imported on the
 * route's first request.
 */
export const handler = createFeatureHandler('reports', {
  getContributionReport: async () => (await import('./get-contribution-report.handler')).getContributionReportHandler,
  getCompositionReport: async () => (await import('./get-composition-report.handler')).getCompositionReportHandler,
  getServicesReport: async () => (await import('./get-services-report.handler')).getServicesReportHandler,
  getChurnReport: async () => (await import('./get-churn-report.handler')).getChurnReportHandler,
  getPipelineReport: async () => (await import('./get-pipeline-report.handler')).getPipelineReportHandler,
  getForecastReport: async () => (await import('./get-forecast-report.handler')).getForecastReportHandler,
  getReceivablesReport: async () => (await import('./get-receivables-report.handler')).getReceivablesReportHandler,
  getCampaignsReport: async () => (await import('./get-campaigns-report.handler')).getCampaignsReportHandler,
  getReportSnapshot: async () => (await import('./get-report-snapshot.handler')).getReportSnapshotHandler,
});
