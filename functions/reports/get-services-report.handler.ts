import { servicesReport } from './get-reports.use-case';
import { reportHandler } from './report-handler';
import { servicesQuery } from './report.schema';

export const getServicesReportHandler = reportHandler('getServicesReport', servicesQuery, servicesReport);
