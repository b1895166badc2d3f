import { getReportSnapshot } from './get-report-snapshot.use-case';
import { reportHandler } from './report-handler';
import { snapshotQuery } from './report.schema';

export const getReportSnapshotHandler = reportHandler('getReportSnapshot', snapshotQuery, getReportSnapshot);
