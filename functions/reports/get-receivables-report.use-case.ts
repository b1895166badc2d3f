import type { Money } from '#shared/core/schema-primitives';
import { customerReceivablesEntity } from '#shared/reports/customer-receivables.entity';
import { DUE_AGEING_BUCKETS, dueBucketOf, type DueAgeingBucket } from '#shared/dunning/dunning';
import { decimalOf, money, utcDay, numberOf, type RenderedReport } from './report-format';
import type { LiveDependencies } from './report.dependencies';
import type { AggregateItem } from './report.ports';
import type { ReceivablesQuery } from './report.schema';

/** Ageing buckets by the order date of the open balance, in whole days before the report's day (UTC). */
export const AGEING_BUCKETS = [
  { bucket: 'days0to30', max: 30 },
  { bucket: 'days31to60', max: 60 },
  { bucket: 'days61to90', max: 90 },
  { bucket: 'over90', max: Number.POSITIVE_INFINITY },
] as const;
export type AgeingBucket = (typeof AGEING_BUCKETS)[number]['bucket'];

export const ageingOf = (item: AggregateItem, asOf: Date): Record<AgeingBucket, number> => {
  const buckets = Object.fromEntries(AGEING_BUCKETS.map(({ bucket }) => [bucket, 0])) as Record<AgeingBucket, number>;
  const today = Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth(), asOf.getUTCDate());
  for (const [attribute, value] of Object.entries(item)) {
    const day = customerReceivablesEntity.dayOfAttribute(attribute);
    if (day === undefined || numberOf(value) === 0) continue;
    const age = Math.max(0, Math.round((today - day) / 86_400_000));
    const { bucket } = AGEING_BUCKETS.find(({ max }) => age <= max)!;
    buckets[bucket] += numberOf(value);
  }
  return buckets;
};

/** Due-date ageing and the balance of orders without a due date (placed before payment terms existed). */
export type DueAgeingColumn = DueAgeingBucket | 'noDueDate';
export const DUE_AGEING_COLUMNS: readonly DueAgeingColumn[] = [...DUE_AGEING_BUCKETS.map(({ bucket }) => bucket), 'noDueDate'];

/**
 * The customer's balance by days overdue at `asOf` (`dueD<yyyymmdd>` attributes): due today or later is current, due
 * yesterday is 1 day overdue. What no due-day attribute holds is `noDueDate`.
 */
export const dueAgeingOf = (item: AggregateItem, asOf: Date): Record<DueAgeingColumn, number> => {
  const buckets = Object.fromEntries(DUE_AGEING_COLUMNS.map((bucket) => [bucket, 0])) as Record<DueAgeingColumn, number>;
  const today = Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth(), asOf.getUTCDate());
  let dated = 0;
  for (const [attribute, value] of Object.entries(item)) {
    const day = customerReceivablesEntity.dueDayOfAttribute(attribute);
    if (day === undefined || numberOf(value) === 0) continue;
    buckets[dueBucketOf(Math.max(0, Math.round((today - day) / 86_400_000)))] += numberOf(value);
    dated += numberOf(value);
  }
  buckets.noDueDate = numberOf(item.outstanding) - dated;
  return buckets;
};

/** Customers ranked by outstanding balance (应收账款), each balance aged by order date and by due date. */
export const receivablesReport = async (deps: LiveDependencies, query: ReceivablesQuery): Promise<RenderedReport> => {
  const now = deps.clock.now();
  const open = (await deps.reports.receivables())
    .filter((item) => numberOf(item.outstanding) > 0)
    .map((item) => ({
      customerId: String(item.customerId),
      outstanding: numberOf(item.outstanding),
      openOrders: numberOf(item.openOrders),
      ageing: ageingOf(item, now),
      dueAgeing: dueAgeingOf(item, now),
    }))
    .sort((a, b) => b.outstanding - a.outstanding || (a.customerId < b.customerId ? -1 : 1));
  const top = open.slice(0, query.limit);
  const heads = await deps.reports.customerHeads(top.map((row) => row.customerId));
  const ageingMoney = (ageing: Record<AgeingBucket, number>) =>
    Object.fromEntries(AGEING_BUCKETS.map(({ bucket }) => [bucket, money(ageing[bucket])])) as Record<AgeingBucket, Money>;
  const dueAgeingMoney = (ageing: Record<DueAgeingColumn, number>) =>
    Object.fromEntries(DUE_AGEING_COLUMNS.map((bucket) => [bucket, money(ageing[bucket])])) as Record<DueAgeingColumn, Money>;
  const items = top.map((row) => ({
    customerId: row.customerId,
    customerNo: heads.get(row.customerId)?.customerNo ?? null,
    name: heads.get(row.customerId)?.name ?? null,
    outstanding: money(row.outstanding),
    openOrders: row.openOrders,
    ageing: ageingMoney(row.ageing),
    dueAgeing: dueAgeingMoney(row.dueAgeing),
  }));
  const totalAgeing = Object.fromEntries(AGEING_BUCKETS.map(({ bucket }) => [bucket, open.reduce((sum, row) => sum + row.ageing[bucket], 0)])) as Record<AgeingBucket, number>;
  const totalDueAgeing = Object.fromEntries(DUE_AGEING_COLUMNS.map((bucket) => [bucket, open.reduce((sum, row) => sum + row.dueAgeing[bucket], 0)])) as Record<DueAgeingColumn, number>;
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
        dueAgeing: dueAgeingMoney(totalDueAgeing),
      },
      items,
    },
    table: {
      filename: `receivables-${asOf}.csv`,
      header: ['customerId', 'customerNo', 'name', 'outstanding', 'currency', 'openOrders', ...AGEING_BUCKETS.map(({ bucket }) => bucket), ...DUE_AGEING_COLUMNS],
      rows: items.map((row) => [
        row.customerId,
        row.customerNo,
        row.name,
        decimalOf(row.outstanding),
        row.outstanding.currency,
        row.openOrders,
        ...AGEING_BUCKETS.map(({ bucket }) => decimalOf(row.ageing[bucket])),
        ...DUE_AGEING_COLUMNS.map((bucket) => decimalOf(row.dueAgeing[bucket])),
      ]),
    },
  };
};
