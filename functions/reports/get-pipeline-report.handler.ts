import { pipelineReport } from './get-pipeline-report.use-case';
import { reportHandler } from './report-handler';
import { pipelineQuery } from './report.schema';

export const getPipelineReportHandler = reportHandler('getPipelineReport', pipelineQuery, (deps) => pipelineReport(deps));
