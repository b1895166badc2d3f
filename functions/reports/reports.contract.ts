import type { FeatureContracts, SuccessResponse } from '#shared/http/contract';
import { churnQuery, compositionQuery, contributionQuery, pipelineQuery, receivablesQuery, servicesQuery, snapshotQuery } from './report.schema';

/**
 * The report routes' contracts. TODO(reports): the reports feature has no zod response schemas yet, so the
 * document declares the 200 as a JSON object (or CSV) without its fields; when `report.schema.ts` exports strict
 * response schemas, put them here (`schema`, `name`) and the contract checks of the e2e suites will cover them.
 */
const report = (description: string): SuccessResponse => ({ description, csv: true });

/** Reports negotiate the format first: an `Accept` that allows neither JSON nor CSV is 406. */
const problems = [406] as const;

export const reportsContracts = {
  getContributionReport: { query: contributionQuery, problems, responses: { 200: report('Customer contribution') } },
  getCompositionReport: { query: compositionQuery, problems, responses: { 200: report('Customer composition') } },
  getServicesReport: { query: servicesQuery, problems, responses: { 200: report('Service analysis') } },
  getChurnReport: { query: churnQuery, problems, responses: { 200: report('Churn analysis') } },
  getPipelineReport: { query: pipelineQuery, problems, responses: { 200: report('Sales funnel') } },
  getReceivablesReport: { query: receivablesQuery, problems, responses: { 200: report('Receivables') } },
  getReportSnapshot: { query: snapshotQuery, problems: [404, 406] as const, responses: { 200: report('A report snapshot (type, period, generatedAt, trigger, report)') } },
} satisfies FeatureContracts<'reports'>;
