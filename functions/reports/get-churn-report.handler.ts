import { churnReport } from './get-churn-report.use-case';
import { reportHandler } from './report-handler';
import { churnQuery } from './report.schema';

export const getChurnReportHandler = reportHandler('getChurnReport', churnQuery, churnReport);
