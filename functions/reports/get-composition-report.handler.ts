import { compositionReport } from './get-composition-report.use-case';
import { reportHandler } from './report-handler';
import { compositionQuery } from './report.schema';

export const getCompositionReportHandler = reportHandler('getCompositionReport', compositionQuery, compositionReport);
