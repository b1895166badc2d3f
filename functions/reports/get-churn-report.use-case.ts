import { churnAggregateEntity } from '#shared/reports/churn-aggregate.entity';
import { monthOfSortKey } from '#shared/reports/aggregate-entity';
import { monthsOf, numberOf, type RenderedReport } from './report-format';
import type { LiveDependencies } from './report.dependencies';
import type { ChurnQuery } from './report.schema';

/** Churn of a year by month and by reason (客户流失分析): records opened, recovered and confirmed lost. */
export const churnReport = async (deps: LiveDependencies, query: ChurnQuery): Promise<RenderedReport> => {
  const year = query.year ?? String(deps.clock.now().getUTCFullYear());
  const months = new Map(monthsOf(`${year}-01`, `${year}-12`).map((month) => [month, { month, warned: 0, recovered: 0, lost: 0 }]));
  const reasons = new Map<string, Map<string, number>>();
  for (const item of await deps.reports.churn(`${year}-01`, `${year}-12`)) {
    const month = monthOfSortKey(item.sk);
    const kind = churnAggregateEntity.kindOf(item.sk, month);
    if (kind && 'events' in kind) {
      const row = months.get(month);
      if (!row) continue;
      row.warned += numberOf(item.warned);
      row.recovered += numberOf(item.recovered);
      row.lost += numberOf(item.lost);
    } else if (kind) {
      const { reason } = kind;
      const perMonth = reasons.get(reason) ?? new Map<string, number>();
      reasons.set(reason, perMonth);
      perMonth.set(month, (perMonth.get(month) ?? 0) + numberOf(item.lost));
    }
  }
  const byMonth = [...months.values()];
  const byReason = [...reasons]
    .map(([reason, perMonth]) => ({
      reason,
      lost: [...perMonth.values()].reduce((sum, n) => sum + n, 0),
      byMonth: [...perMonth].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, lost]) => ({ month, lost })),
    }))
    .filter((row) => row.lost !== 0)
    .sort((a, b) => b.lost - a.lost || (a.reason < b.reason ? -1 : 1));
  const totals = {
    warned: byMonth.reduce((sum, row) => sum + row.warned, 0),
    recovered: byMonth.reduce((sum, row) => sum + row.recovered, 0),
    lost: byMonth.reduce((sum, row) => sum + row.lost, 0),
  };
  return {
    body: { report: 'churn', year, totals, byMonth, byReason },
    table: {
      filename: `churn-${year}.csv`,
      header: ['month', 'reason', 'lost', 'warned', 'recovered'],
      rows: [
        ...byMonth.map((row) => [row.month, '', row.lost, row.warned, row.recovered]),
        ...byReason.flatMap((row) => row.byMonth.map((cell) => [cell.month, row.reason, cell.lost, '', ''])),
      ],
    },
  };
};
