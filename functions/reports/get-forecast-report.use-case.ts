import type { Caller } from '#shared/auth/caller';
import type { Money } from '#shared/core/schema-primitives';
import { DEFAULT_DICTIONARY } from '#shared/dictionary/dictionary';
import { summarizeForecast, type ForecastFigures } from '#shared/reports/forecast';
import { addMonths, decimalOf, monthsOf, utcMonth, type RenderedReport } from './report-format';
import type { ForecastDependencies } from './get-forecast-report.ports';
import type { ForecastQuery } from './get-forecast-report.schema';

/** The months a forecast covers when the query does not say: this month and the next 11. */
export const DEFAULT_FORECAST_MONTHS = 12;

const STAGE_ORDER = DEFAULT_DICTIONARY['opportunity-stages'].map((stage) => stage.code);

/** One CSV row per currency of a group (a group with no amount still gets its row). */
const rowsOf = (key: readonly unknown[], figures: ForecastFigures): unknown[][] => {
  const currencies = [...new Set([...figures.amounts, ...figures.weightedAmounts].map((money) => money.currency))].sort();
  const find = (list: Money[], currency: string): string => {
    const found = list.find((money) => money.currency === currency);
    return found ? decimalOf(found) : '0';
  };
  if (currencies.length === 0) return [[...key, figures.count, '', '', '']];
  return currencies.map((currency) => [...key, figures.count, find(figures.amounts, currency), find(figures.weightedAmounts, currency), currency]);
};

/**
 * The sales forecast (销售预测, issue 20): open opportunities' estimated amounts, unweighted and weighted by their
 * probability, by expected close month, stage and owner.
 *
 * Primary course: the months are resolved (default: this month and the next 11, UTC); the forecast cells of those
 * months — kept by the opportunity writes in their own transactions — are read in one Query (never an
 * opportunity), limited to one owner when asked or when the caller is an account manager (scope `own`: always
 * their own opportunities; another owner's are an empty forecast, never a wider one); they are summed per month
 * (every month answered), stage, owner and cell, and answered as JSON or as the rows of the CSV download.
 *
 * Alternates: `from` after `to`, or a range over 24 months → 400 (the query schema); no opportunity in the range →
 * zero figures, not 404.
 */
export const forecastReport = async (deps: ForecastDependencies, caller: Caller, query: ForecastQuery): Promise<RenderedReport> => {
  const thisMonth = utcMonth(deps.clock.now());
  const from = query.from ?? (query.to ? addMonths(query.to, 1 - DEFAULT_FORECAST_MONTHS) : thisMonth);
  const to = query.to ?? addMonths(from, DEFAULT_FORECAST_MONTHS - 1);
  const ownerId = caller.scope === 'own' ? caller.username : query.ownerId;
  const foreign = caller.scope === 'own' && query.ownerId !== undefined && query.ownerId !== caller.username;
  const items = foreign ? [] : await deps.forecast.cells(from, to, ownerId);
  const summary = summarizeForecast(items, monthsOf(from, to), STAGE_ORDER);
  return {
    body: {
      report: 'forecast',
      from,
      to,
      ownerId: ownerId ?? null,
      total: summary.total,
      byMonth: summary.byMonth,
      byStage: summary.byStage,
      byOwner: summary.byOwner,
      items: summary.cells,
    },
    table: {
      filename: `forecast-${from}-${to}.csv`,
      header: ['month', 'stage', 'ownerId', 'count', 'amount', 'weightedAmount', 'currency'],
      rows: summary.cells.flatMap((cell) => rowsOf([cell.month, cell.stage, cell.ownerId ?? ''], cell)),
    },
  };
};
