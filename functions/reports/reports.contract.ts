import type { FeatureContracts, SuccessResponse } from '#shared/http/contract';
import {
  churnReportSchema,
  compositionReportSchema,
  contributionReportSchema,
  pipelineReportSchema,
  receivablesReportSchema,
  reportSnapshotSchema,
  servicesReportSchema,
} from './report.response';
import { forecastQuery, forecastReportSchema } from './get-forecast-report.schema';
import { campaignsReportQuery, campaignsReportSchema } from './get-campaigns-report.schema';
import { churnQuery, compositionQuery, contributionQuery, pipelineQuery, receivablesQuery, servicesQuery, snapshotQuery } from './report.schema';

/**
 * The report routes' contracts: JSON answers are the strict schemas of report.response.ts (named in
 * `components.schemas`), and every report is also a CSV download (`Accept: text/csv`).
 */
const report = (description: string, schema: SuccessResponse['schema'], name: string): SuccessResponse => ({ description, schema, name, csv: true });

/** Reports negotiate the format first: an `Accept` that allows neither JSON nor CSV is 406. */
const problems = [406] as const;

export const reportsContracts = {
  getContributionReport: { query: contributionQuery, problems, responses: { 200: report('Customer contribution', contributionReportSchema, 'ContributionReport') } },
  getCompositionReport: { query: compositionQuery, problems, responses: { 200: report('Customer composition', compositionReportSchema, 'CompositionReport') } },
  getServicesReport: { query: servicesQuery, problems, responses: { 200: report('Service analysis', servicesReportSchema, 'ServicesReport') } },
  getChurnReport: { query: churnQuery, problems, responses: { 200: report('Churn analysis', churnReportSchema, 'ChurnReport') } },
  getPipelineReport: { query: pipelineQuery, problems, responses: { 200: report('Sales funnel', pipelineReportSchema, 'PipelineReport') } },
  getForecastReport: { query: forecastQuery, problems, responses: { 200: report('Sales forecast', forecastReportSchema, 'ForecastReport') } },
  getReceivablesReport: { query: receivablesQuery, problems, responses: { 200: report('Receivables', receivablesReportSchema, 'ReceivablesReport') } },
  getCampaignsReport: { query: campaignsReportQuery, problems, responses: { 200: report('Campaign effect', campaignsReportSchema, 'CampaignsReport') } },
  getReportSnapshot: {
    query: snapshotQuery,
    problems: [404, 406] as const,
    responses: { 200: report('A report snapshot: type, period, when and by which schedule it was written, and the report as it was then', reportSnapshotSchema, 'ReportSnapshot') },
  },
} satisfies FeatureContracts<'reports'>;
