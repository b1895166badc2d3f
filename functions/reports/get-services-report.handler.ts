import { servicesReport } from './get-services-report.use-case';
import { reportHandler } from './report-handler';
import { servicesQuery } from './report.schema';

export const getServicesReportHandler = reportHandler('getServicesReport', servicesQuery, servicesReport);
