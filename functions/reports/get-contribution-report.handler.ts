import { contributionReport } from './get-reports.use-case';
import { reportHandler } from './report-handler';
import { contributionQuery } from './report.schema';

export const getContributionReportHandler = reportHandler('getContributionReport', contributionQuery, contributionReport);
