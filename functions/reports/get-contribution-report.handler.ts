import { contributionReport } from './get-contribution-report.use-case';
import { reportHandler } from './report-handler';
import { contributionQuery } from './report.schema';

export const getContributionReportHandler = reportHandler('getContributionReport', contributionQuery, contributionReport);
