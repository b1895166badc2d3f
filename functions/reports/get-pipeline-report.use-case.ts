import { OPPORTUNITY_STATUSES } from '#functions/opportunities/opportunity/opportunity.schema';
import { summarizePipeline, type PipelineItem } from '#functions/opportunities/opportunity/pipeline';
import { decimalOf, utcDay, type RenderedReport } from './report-format';
import type { LiveDependencies } from './report.dependencies';

/** The sales funnel as of now (销售漏斗): opportunities and estimated amounts per status, and the win rate. */
export const pipelineReport = async (deps: LiveDependencies): Promise<RenderedReport> => {
  const figures = summarizePipeline((await deps.reports.pipeline()) as PipelineItem[]);
  const items = OPPORTUNITY_STATUSES.map((status) => ({ status, ...figures.byStatus[status] }));
  const asOf = utcDay(deps.clock.now());
  return {
    body: { report: 'pipeline', asOf, winRate: figures.winRate, items },
    table: {
      filename: `pipeline-${asOf}.csv`,
      header: ['status', 'count', 'estimatedAmount', 'currency', 'winRate'],
      rows: items.flatMap((row) =>
        (row.estimatedAmounts.length > 0 ? row.estimatedAmounts : [undefined]).map((amount) => [
          row.status,
          row.count,
          amount ? decimalOf(amount) : '',
          amount?.currency ?? '',
          figures.winRate,
        ]),
      ),
    },
  };
};
