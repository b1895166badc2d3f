import { describe, expect, it } from 'vitest';
import { defaultPeriodOf } from '#functions/jobs/report-snapshots.use-case';
import { churnReport } from '#functions/reports/get-churn-report.use-case';
import { contributionReport } from '#functions/reports/get-contribution-report.use-case';
import { ageingOf, receivablesReport } from '#functions/reports/get-receivables-report.use-case';
import { servicesReport } from '#functions/reports/get-services-report.use-case';
import { formatOf } from '#functions/reports/report-handler';
import { addMonths, decimalOf } from '#functions/reports/report-format';
import type { AggregateItem, ReportStore } from '#functions/reports/report.ports';
import { compositionDeltas } from '#shared/reports/composition.writes';

/** An in-memory report store: the aggregate items a test gives, nothing else. */
const storeOf = (items: Partial<Record<keyof ReportStore, AggregateItem[]>>, names: Record<string, string> = {}): ReportStore => ({
  contribution: async () => items.contribution ?? [],
  composition: async () => items.composition ?? [],
  services: async (from, to) => (items.services ?? []).filter((item) => String(item.sk).slice(6, 13) >= from && String(item.sk).slice(6, 13) <= to),
  churn: async () => items.churn ?? [],
  pipeline: async () => items.pipeline ?? [],
  receivables: async () => items.receivables ?? [],
  customerHeads: async (ids) => new Map(ids.filter((id) => names[id]).map((id) => [id, { name: names[id], customerNo: `NO-${id}` }])),
});
const clock = (iso: string) => ({ now: () => new Date(iso) });

describe('report figures', () => {
  it('formats minor units as exact decimals, negative and small amounts included', () => {
    expect(decimalOf({ amount: 123_456, currency: 'CNY' })).toBe('1234.56');
    expect(decimalOf({ amount: 5, currency: 'CNY' })).toBe('0.05');
    expect(decimalOf({ amount: -1_00, currency: 'CNY' })).toBe('-1.00');
    expect(decimalOf({ amount: 9_007_199_254_740_991, currency: 'CNY' })).toBe('90071992547409.91');
    expect(decimalOf({ amount: 500, currency: 'JPY' })).toBe('500');
  });

  it('negotiates JSON by default, CSV when preferred, 406 for anything else', () => {
    expect(formatOf(undefined)).toBe('json');
    expect(formatOf('text/csv')).toBe('csv');
    expect(formatOf('text/csv;q=0.4, application/json;q=0.9')).toBe('json');
    expect(formatOf('application/xml, text/*;q=0.1')).toBe('csv');
    expect(() => formatOf('application/xml')).toThrow(expect.objectContaining({ code: 'NotAcceptable' }));
    expect(() => formatOf('text/csv;q=0')).toThrow(expect.objectContaining({ code: 'NotAcceptable' }));
  });

  it('ranks contribution by value, then count, then id; drops customers with nothing left; totals ignore the limit', async () => {
    const reports = storeOf(
      {
        contribution: [
          { customerId: 'A', orderValue: 100, orderCount: 1, orderValueM03: 100, orderCountM03: 1 },
          { customerId: 'B', orderValue: 300, orderCount: 2 },
          { customerId: 'C', orderValue: 300, orderCount: 3 },
          { customerId: 'D', orderValue: 0, orderCount: 0 },
        ],
      },
      { C: '华东' },
    );
    const year = await contributionReport({ reports, clock: clock('2026-06-01T00:00:00Z') }, { limit: 2 });
    expect(year.body).toMatchObject({ period: '2026', totals: { customers: 3, orderValue: { amount: 700, currency: 'CNY' }, orderCount: 6 } });
    expect((year.body.items as { customerId: string; name: string | null }[]).map((row) => [row.customerId, row.name])).toEqual([['C', '华东'], ['B', null]]);
    expect(year.table.rows[0]).toEqual([1, 'C', 'NO-C', '华东', '3.00', 'CNY', 3]);
    const march = await contributionReport({ reports, clock: clock('2026-06-01T00:00:00Z') }, { year: '2026', month: '3', limit: 25 });
    expect(march.body).toMatchObject({ period: '2026-03', totals: { customers: 1, orderCount: 1 } });
  });

  it('ages a balance by the day of its orders: 0–30, 31–60, 61–90, over 90 days', () => {
    const item = { outstandingD20261122: 1, outstandingD20261023: 2, outstandingD20261022: 4, outstandingD20260824: 8, outstandingD20260823: 16, outstandingD20250101: 0 };
    expect(ageingOf(item, new Date('2026-11-22T23:59:00Z'))).toEqual({ days0to30: 3, days31to60: 4, days61to90: 8, over90: 16 });
  });

  it('lists only customers with a balance, largest first', async () => {
    const reports = storeOf({ receivables: [
      { customerId: 'A', outstanding: 0, openOrders: 0 },
      { customerId: 'B', outstanding: 50, openOrders: 1, outstandingD20261101: 50 },
      { customerId: 'C', outstanding: 70, openOrders: 2, outstandingD20260101: 70 },
    ] });
    const report = await receivablesReport({ reports, clock: clock('2026-11-22T00:00:00Z') }, { limit: 25 });
    expect((report.body.items as { customerId: string }[]).map((row) => row.customerId)).toEqual(['C', 'B']);
    expect(report.body.totals).toMatchObject({ customers: 2, outstanding: { amount: 120 }, ageing: { days0to30: { amount: 50 }, over90: { amount: 70 } } });
  });

  it('defaults the services range to the last 12 months and sums shards per month and type', async () => {
    const cell = (month: string, type: string, shard: number, extra: Record<string, number>) => ({ sk: `MONTH#${month}#TYPE#${type}#${shard}`, type, ...extra });
    const reports = storeOf({ services: [
      cell('2026-11', 'complaint', 0, { count: 1, statusArchived: 1, satisfactionSum: 6, satisfactionCount: 2, reopened: 1 }),
      cell('2026-11', 'complaint', 3, { count: 1, statusAssigned: 1, satisfactionSum: 3, satisfactionCount: 1 }),
      cell('2025-11', 'complaint', 0, { count: 9 }),
    ] });
    const report = await servicesReport({ reports, clock: clock('2026-11-22T00:00:00Z') }, {});
    expect(report.body).toMatchObject({ from: '2025-12', to: '2026-11', total: { count: 2, averageSatisfaction: 3, reopened: 1 } });
    expect(report.body.items).toEqual([
      { month: '2026-11', type: 'complaint', count: 2, byStatus: { created: 0, assigned: 1, handled: 0, archived: 1 }, satisfactionCount: 3, averageSatisfaction: 3, reopened: 1 },
    ]);
  });

  it('counts churn per month (all twelve) and per reason', async () => {
    const reports = storeOf({ churn: [
      { sk: 'MONTH#2026-03#EVENTS#0', warned: 2, lost: 1 },
      { sk: 'MONTH#2026-03#EVENTS#2', warned: 1, recovered: 1 },
      { sk: 'MONTH#2026-03#REASON#price', lost: 1 },
      { sk: 'MONTH#2026-05#REASON#price', lost: 2 },
      { sk: 'MONTH#2026-05#REASON#competitor', lost: 1 },
    ] });
    const report = await churnReport({ reports, clock: clock('2026-06-01T00:00:00Z') }, {});
    expect(report.body.byMonth).toHaveLength(12);
    expect((report.body.byMonth as unknown[])[2]).toEqual({ month: '2026-03', warned: 3, recovered: 1, lost: 1 });
    expect(report.body.byReason).toEqual([
      { reason: 'price', lost: 3, byMonth: [{ month: '2026-03', lost: 1 }, { month: '2026-05', lost: 2 }] },
      { reason: 'competitor', lost: 1, byMonth: [{ month: '2026-05', lost: 1 }] },
    ]);
  });

  it('moves a customer between composition buckets only for the dimensions that changed', () => {
    expect(compositionDeltas(undefined, { level: 'major', credit: 5 })).toEqual([
      { field: 'level', value: 'major', delta: 1 },
      { field: 'credit', value: '5', delta: 1 },
      { field: 'satisfaction', value: '-', delta: 1 },
      { field: 'region', value: '-', delta: 1 },
      { field: 'industry', value: '-', delta: 1 },
    ]);
    expect(compositionDeltas({ level: 'major', region: 'east' }, { level: 'major', region: null })).toEqual([
      { field: 'region', value: 'east', delta: -1 },
      { field: 'region', value: '-', delta: 1 },
    ]);
    expect(compositionDeltas({ level: 'major' }, undefined).every((delta) => delta.delta === -1)).toBe(true);
  });

  it('snapshots the month of yesterday by default: on the 1st, the month just closed', () => {
    expect(defaultPeriodOf(new Date('2026-11-01T01:00:00Z'))).toBe('2026-10');
    expect(defaultPeriodOf(new Date('2026-11-15T00:30:00Z'))).toBe('2026-11');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 11)).toBe('2026-11');
  });
});
