import { receivablesReport } from './get-receivables-report.use-case';
import { reportHandler } from './report-handler';
import { receivablesQuery } from './report.schema';

export const getReceivablesReportHandler = reportHandler('getReceivablesReport', receivablesQuery, receivablesReport);
