import { customerOrderValueEntity } from '#shared/reports/customer-order-value.entity';
import { decimalOf, money, numberOf, type RenderedReport } from './report-format';
import type { LiveDependencies } from './report.dependencies';
import type { ContributionQuery } from './report.schema';

/** Customers ranked by order value in a year or a month (客户贡献分析): one Query of the year's aggregate partition. */
export const contributionReport = async (deps: LiveDependencies, query: ContributionQuery): Promise<RenderedReport> => {
  const year = query.year ?? String(deps.clock.now().getUTCFullYear());
  const month = query.month === undefined ? undefined : query.month.padStart(2, '0');
  const period = month ? `${year}-${month}` : year;
  const figures = (await deps.reports.contribution(year))
    .map((item) => ({
      customerId: String(item.customerId),
      value: numberOf(month ? item[customerOrderValueEntity.monthValueAttribute(month)] : item.orderValue),
      count: numberOf(month ? item[customerOrderValueEntity.monthCountAttribute(month)] : item.orderCount),
    }))
    // A customer whose orders of the period were all cancelled has nothing left in it.
    .filter((row) => row.count > 0 || row.value !== 0)
    .sort((a, b) => b.value - a.value || b.count - a.count || (a.customerId < b.customerId ? -1 : 1));
  const top = figures.slice(0, query.limit);
  const heads = await deps.reports.customerHeads(top.map((row) => row.customerId));
  const items = top.map((row, index) => ({
    rank: index + 1,
    customerId: row.customerId,
    customerNo: heads.get(row.customerId)?.customerNo ?? null,
    name: heads.get(row.customerId)?.name ?? null,
    orderValue: money(row.value),
    orderCount: row.count,
  }));
  const totals = {
    customers: figures.length,
    orderValue: money(figures.reduce((sum, row) => sum + row.value, 0)),
    orderCount: figures.reduce((sum, row) => sum + row.count, 0),
  };
  return {
    body: { report: 'contribution', period, totals, items },
    table: {
      filename: `contribution-${period}.csv`,
      header: ['rank', 'customerId', 'customerNo', 'name', 'orderValue', 'currency', 'orderCount'],
      rows: items.map((row) => [row.rank, row.customerId, row.customerNo, row.name, decimalOf(row.orderValue), row.orderValue.currency, row.orderCount]),
    },
  };
};
