import { SERVICE_STATUSES, SERVICE_TYPES } from '#functions/services/service.schema';
import { monthOfSortKey } from '#shared/reports/aggregate-entity';
import { addMonths, averageOf, numberOf, utcMonth, type RenderedReport } from './report-format';
import type { LiveDependencies } from './report.dependencies';
import type { AggregateItem } from './report.ports';
import type { ServicesQuery } from './report.schema';

/** The months of the report: both given, or twelve from `from`, or the twelve up to `to` (default: this month, UTC). */
const resolveRange = (now: Date, from?: string, to?: string): { from: string; to: string } => {
  if (from && to) return { from, to };
  if (from) return { from, to: addMonths(from, 11) };
  const end = to ?? utcMonth(now);
  return { from: addMonths(end, -11), to: end };
};

/** Service requests per month and type (服务分析): counts per status, satisfaction, reopened. */
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
    const key = `${monthOfSortKey(item.sk)}#${String(item.type)}`;
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
