import { compositionCountEntity } from '#shared/reports/composition-count.entity';
import { numberOf, utcDay, type RenderedReport } from './report-format';
import type { LiveDependencies } from './report.dependencies';
import type { CompositionQuery } from './report.schema';

/** Customers counted by one dimension's values (客户构成分析), as of now: the shards of the dimension added up. */
export const compositionReport = async (deps: LiveDependencies, query: CompositionQuery): Promise<RenderedReport> => {
  const counts = new Map<string, number>();
  for (const item of await deps.reports.composition(query.by)) {
    const value = String(item.value);
    counts.set(value, (counts.get(value) ?? 0) + numberOf(item.count));
  }
  const items = [...counts]
    .filter(([, count]) => count > 0)
    .map(([value, count]) => ({ value: value === compositionCountEntity.unset ? null : value, count }))
    .sort((a, b) => b.count - a.count || String(a.value ?? '').localeCompare(String(b.value ?? '')));
  const total = items.reduce((sum, row) => sum + row.count, 0);
  const asOf = utcDay(deps.clock.now());
  return {
    body: { report: 'composition', by: query.by, asOf, total, items },
    table: {
      filename: `composition-${query.by}-${asOf}.csv`,
      header: [query.by, 'customers'],
      rows: items.map((row) => [row.value, row.count]),
    },
  };
};
