import type { Money } from '#shared/core/schema-primitives';
import { OPPORTUNITY_STATUSES } from '../opportunities/opportunity.schema';
import { summarizePipeline, type PipelineItem } from '../opportunities/pipeline';
import { SERVICE_STATUSES, SERVICE_TYPES } from '../services/service.schema';
import type { ReportDependencies } from './report.dependencies';

/** The live reports read only the aggregates (and the clock). */
type LiveDependencies = Pick<ReportDependencies, 'reports' | 'clock'>;
import { addMonths, averageOf, decimalOf, monthsOf, numberOf, utcDay, utcMonth, type RenderedReport } from './report-format';
import type { AggregateItem } from './report.ports';
import type { ChurnQuery, CompositionQuery, ContributionQuery, ReceivablesQuery, ServicesQuery } from './report.schema';

/**
 * The six live reports (统计报表). Each reads the aggregates that the business writes keep in their own
 * transactions (docs/data-model.md) — one Query of one aggregate partition, plus one BatchGetItem for the names
 * of the customers listed — and shapes the figures. No report reads orders, services or opportunities one by one.
 *
 * Primary course: the period is resolved (defaults: this year / the last 12 months, UTC), the aggregate items are
 * read, summed and ranked, and the report is answered as JSON or as the rows of its CSV download.
 * Alternates: a period with no activity answers zero figures (not 404); invalid input is refused by the schemas.
 */

/** The one accounting currency of orders and receivables (docs/data-model.md, "One currency"). */
const ACCOUNTING_CURRENCY = 'CNY';
const money = (amount: number, currency = ACCOUNTING_CURRENCY): Money => ({ amount, currency });

// ------------------------------------------------------------------------------------------------ contribution

export const contributionReport = async (deps: LiveDependencies, query: ContributionQuery): Promise<RenderedReport> => {
  const year = query.year ?? String(deps.clock.now().getUTCFullYear());
  const month = query.month === undefined ? undefined : query.month.padStart(2, '0');
  const period = month ? `${year}-${month}` : year;
  const figures = (await deps.reports.contribution(year))
    .map((item) => ({
      customerId: String(item.customerId),
      value: numberOf(month ? item[`orderValueM${month}`] : item.orderValue),
      count: numberOf(month ? item[`orderCountM${month}`] : item.orderCount),
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

// ------------------------------------------------------------------------------------------------- composition

export const compositionReport = async (deps: LiveDependencies, query: CompositionQuery): Promise<RenderedReport> => {
  const counts = new Map<string, number>();
  for (const item of await deps.reports.composition(query.by)) {
    const value = String(item.value);
    counts.set(value, (counts.get(value) ?? 0) + numberOf(item.count));
  }
  const items = [...counts]
    .filter(([, count]) => count > 0)
    .map(([value, count]) => ({ value: value === '-' ? null : value, count }))
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

// ---------------------------------------------------------------------------------------------------- services

const resolveRange = (now: Date, from?: string, to?: string): { from: string; to: string } => {
  if (from && to) return { from, to };
  if (from) return { from, to: addMonths(from, 11) };
  const end = to ?? utcMonth(now);
  return { from: addMonths(end, -11), to: end };
};

const monthOfSortKey = (item: AggregateItem): string => String(item.sk).slice('MONTH#'.length, 'MONTH#'.length + 7);

export const servicesReport = async (deps: LiveDependencies, query: ServicesQuery): Promise<RenderedReport> => {
  const { from, to } = resolveRange(deps.clock.now(), query.from, query.to);
  type Cell = { count: number; status: Record<string, number>; satisfactionSum: number; satisfactionCount: number; reopened: number };
  const empty = (): Cell => ({ count: 0, status: Object.fromEntries(SERVICE_STATUSES.map((s) => [s, 0])), satisfactionSum: 0, satisfactionCount: 0, reopened: 0 });
  const add = (cell: Cell, item: AggregateItem): void => {
    cell.count += numberOf(item.count);
    for (const status of SERVICE_STATUSES) cell.status[status]! += numberOf(item[`status${status[0]!.toUpperCase()}${status.slice(1)}`]);
    cell.satisfactionSum += numberOf(item.satisfactionSum);
    cell.satisfactionCount += numberOf(item.satisfactionCount);
    cell.reopened += numberOf(item.reopened);
  };
  const cells = new Map<string, Cell>();
  const byType = new Map<string, Cell>(SERVICE_TYPES.map((type) => [type, empty()]));
  const total = empty();
  for (const item of await deps.reports.services(from, to)) {
    const key = `${monthOfSortKey(item)}#${String(item.type)}`;
    const cell = cells.get(key) ?? empty();
    cells.set(key, cell);
    add(cell, item);
    const typeCell = byType.get(String(item.type)) ?? empty();
    byType.set(String(item.type), typeCell);
    add(typeCell, item);
    add(total, item);
  }
  const shape = (cell: Cell) => ({
    count: cell.count,
    byStatus: cell.status,
    satisfactionCount: cell.satisfactionCount,
    averageSatisfaction: averageOf(cell.satisfactionSum, cell.satisfactionCount),
    reopened: cell.reopened,
  });
  const items = [...cells]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, cell]) => ({ month: key.slice(0, 7), type: key.slice(8), ...shape(cell) }))
    .filter((row) => row.count > 0 || row.satisfactionCount > 0);
  return {
    body: {
      report: 'services',
      from,
      to,
      total: shape(total),
      byType: [...byType].map(([type, cell]) => ({ type, ...shape(cell) })),
      items,
    },
    table: {
      filename: `services-${from}_${to}.csv`,
      header: ['month', 'type', 'count', ...SERVICE_STATUSES, 'satisfactionCount', 'averageSatisfaction', 'reopened'],
      rows: items.map((row) => [
        row.month,
        row.type,
        row.count,
        ...SERVICE_STATUSES.map((status) => row.byStatus[status]),
        row.satisfactionCount,
        row.averageSatisfaction,
        row.reopened,
      ]),
    },
  };
};

// ------------------------------------------------------------------------------------------------------- churn

export const churnReport = async (deps: LiveDependencies, query: ChurnQuery): Promise<RenderedReport> => {
  const year = query.year ?? String(deps.clock.now().getUTCFullYear());
  const months = new Map(monthsOf(`${year}-01`, `${year}-12`).map((month) => [month, { month, warned: 0, recovered: 0, lost: 0 }]));
  const reasons = new Map<string, Map<string, number>>();
  for (const item of await deps.reports.churn(`${year}-01`, `${year}-12`)) {
    const month = monthOfSortKey(item);
    const rest = String(item.sk).slice(`MONTH#${month}#`.length);
    if (rest.startsWith('EVENTS#')) {
      const row = months.get(month);
      if (!row) continue;
      row.warned += numberOf(item.warned);
      row.recovered += numberOf(item.recovered);
      row.lost += numberOf(item.lost);
    } else if (rest.startsWith('REASON#')) {
      const reason = rest.slice('REASON#'.length);
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

// ---------------------------------------------------------------------------------------------------- pipeline

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

// ------------------------------------------------------------------------------------------------- receivables

/** Ageing buckets by the order date of the open balance, in whole days before the report's day (UTC). */
export const AGEING_BUCKETS = [
  { bucket: 'days0to30', max: 30 },
  { bucket: 'days31to60', max: 60 },
  { bucket: 'days61to90', max: 90 },
  { bucket: 'over90', max: Number.POSITIVE_INFINITY },
] as const;
export type AgeingBucket = (typeof AGEING_BUCKETS)[number]['bucket'];

/** The attribute of the receivables item that holds the outstanding balance of orders placed on one day. */
const DAY_ATTRIBUTE = /^outstandingD(\d{4})(\d{2})(\d{2})$/;

export const ageingOf = (item: AggregateItem, asOf: Date): Record<AgeingBucket, number> => {
  const buckets = Object.fromEntries(AGEING_BUCKETS.map(({ bucket }) => [bucket, 0])) as Record<AgeingBucket, number>;
  const today = Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth(), asOf.getUTCDate());
  for (const [attribute, value] of Object.entries(item)) {
    const day = DAY_ATTRIBUTE.exec(attribute);
    if (!day || numberOf(value) === 0) continue;
    const age = Math.max(0, Math.round((today - Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))) / 86_400_000));
    const { bucket } = AGEING_BUCKETS.find(({ max }) => age <= max)!;
    buckets[bucket] += numberOf(value);
  }
  return buckets;
};

export const receivablesReport = async (deps: LiveDependencies, query: ReceivablesQuery): Promise<RenderedReport> => {
  const now = deps.clock.now();
  const open = (await deps.reports.receivables())
    .filter((item) => numberOf(item.outstanding) > 0)
    .map((item) => ({ customerId: String(item.customerId), outstanding: numberOf(item.outstanding), openOrders: numberOf(item.openOrders), ageing: ageingOf(item, now) }))
    .sort((a, b) => b.outstanding - a.outstanding || (a.customerId < b.customerId ? -1 : 1));
  const top = open.slice(0, query.limit);
  const heads = await deps.reports.customerHeads(top.map((row) => row.customerId));
  const ageingMoney = (ageing: Record<AgeingBucket, number>) =>
    Object.fromEntries(AGEING_BUCKETS.map(({ bucket }) => [bucket, money(ageing[bucket])])) as Record<AgeingBucket, Money>;
  const items = top.map((row) => ({
    customerId: row.customerId,
    customerNo: heads.get(row.customerId)?.customerNo ?? null,
    name: heads.get(row.customerId)?.name ?? null,
    outstanding: money(row.outstanding),
    openOrders: row.openOrders,
    ageing: ageingMoney(row.ageing),
  }));
  const totalAgeing = Object.fromEntries(AGEING_BUCKETS.map(({ bucket }) => [bucket, open.reduce((sum, row) => sum + row.ageing[bucket], 0)])) as Record<AgeingBucket, number>;
  const asOf = utcDay(now);
  return {
    body: {
      report: 'receivables',
      asOf,
      totals: {
        customers: open.length,
        outstanding: money(open.reduce((sum, row) => sum + row.outstanding, 0)),
        openOrders: open.reduce((sum, row) => sum + row.openOrders, 0),
        ageing: ageingMoney(totalAgeing),
      },
      items,
    },
    table: {
      filename: `receivables-${asOf}.csv`,
      header: ['customerId', 'customerNo', 'name', 'outstanding', 'currency', 'openOrders', ...AGEING_BUCKETS.map(({ bucket }) => bucket)],
      rows: items.map((row) => [
        row.customerId,
        row.customerNo,
        row.name,
        decimalOf(row.outstanding),
        row.outstanding.currency,
        row.openOrders,
        ...AGEING_BUCKETS.map(({ bucket }) => decimalOf(row.ageing[bucket])),
      ]),
    },
  };
};
