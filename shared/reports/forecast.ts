import type { Money } from '#shared/core/schema-primitives';

/**
 * The sales forecast (issue 20): open opportunities' estimated amounts, unweighted and weighted by their
 * probability, by expected close month, stage and owner. Kept as aggregate cells (one per month × owner × stage,
 * shared/reports/forecast-aggregate.entity.ts) moved by the difference in every opportunity write's transaction, so
 * the report reads the cells of the months asked and never an opportunity. No AWS import.
 *
 * Amounts are exact integers per currency (never added across currencies). The weighted amount is kept exact as
 * Σ amount × probability (minor units × percent) and rounded to the minor unit only when shown.
 */

/** The owner of an unassigned opportunity's cells. */
export const UNASSIGNED_OWNER = '-';
/** The stage of an opportunity stored before stages and not back-filled yet (it has no probability, so no share). */
const NO_STAGE = '-';

/** What one opportunity's share depends on. */
export interface ForecastSubject {
  readonly status: string;
  readonly stage?: string | undefined;
  readonly probability?: number | undefined;
  readonly estimatedAmount?: Money | undefined;
  readonly expectedCloseDate?: string | undefined;
  readonly assigneeId?: string | undefined;
}

/** One cell of the forecast: an expected close month, an owner, a stage. */
export type ForecastCell = {
  readonly month: string;
  readonly ownerId: string;
  readonly stage: string;
};

/** A change of one cell's counters, possibly negative: `count`, `amount_<cur>`, `weighted_<cur>`. */
export interface ForecastDelta {
  readonly cell: ForecastCell;
  readonly counts: Readonly<Record<string, number>>;
}

export const forecastAmountAttribute = (currency: string): string => `amount_${currency}`;
export const forecastWeightedAttribute = (currency: string): string => `weighted_${currency}`;
const attributePattern = /^(amount|weighted)_([A-Z]{3})$/;

const OPEN = new Set(['unassigned', 'assigned']);

/**
 * The cell an opportunity counts in, or undefined when it counts nowhere: closed (won, lost), without an expected
 * close date, or without a probability (stored before stages, until the back-fill gives it one).
 */
export const forecastCellOf = (subject: ForecastSubject | undefined): ForecastCell | undefined =>
  subject && OPEN.has(subject.status) && subject.expectedCloseDate !== undefined && subject.probability !== undefined
    ? { month: subject.expectedCloseDate.slice(0, 7), ownerId: subject.assigneeId ?? UNASSIGNED_OWNER, stage: subject.stage ?? NO_STAGE }
    : undefined;

const cellKey = (cell: ForecastCell): string => `${cell.month}#${cell.ownerId}#${cell.stage}`;

/**
 * The cells to change when an opportunity goes from `before` to `after` (either absent: created, or not counted):
 * its share leaves the old cell and joins the new one. Zero changes are left out, so a write that moves nothing
 * the forecast depends on writes no aggregate.
 */
export const forecastDeltas = (before: ForecastSubject | undefined, after: ForecastSubject | undefined): ForecastDelta[] => {
  const deltas = new Map<string, { cell: ForecastCell; counts: Record<string, number> }>();
  const add = (subject: ForecastSubject | undefined, sign: 1 | -1) => {
    const cell = forecastCellOf(subject);
    if (!cell || !subject) return;
    const entry = deltas.get(cellKey(cell)) ?? { cell, counts: {} };
    entry.counts.count = (entry.counts.count ?? 0) + sign;
    if (subject.estimatedAmount) {
      const { currency, amount } = subject.estimatedAmount;
      const amountAttribute = forecastAmountAttribute(currency);
      const weightedAttribute = forecastWeightedAttribute(currency);
      entry.counts[amountAttribute] = (entry.counts[amountAttribute] ?? 0) + sign * amount;
      entry.counts[weightedAttribute] = (entry.counts[weightedAttribute] ?? 0) + sign * amount * (subject.probability ?? 0);
    }
    deltas.set(cellKey(cell), entry);
  };
  add(before, -1);
  add(after, 1);
  return [...deltas.values()]
    .map(({ cell, counts }) => ({ cell, counts: Object.fromEntries(Object.entries(counts).filter(([, value]) => value !== 0)) }))
    .filter((delta) => Object.keys(delta.counts).length > 0);
};

/** Figures of one group of cells: how many opportunities, their amounts and weighted amounts per currency. */
export interface ForecastFigures {
  readonly count: number;
  /** One entry per currency, sorted by currency, minor units. */
  readonly amounts: Money[];
  /** Σ amount × probability / 100 per currency, rounded half up to the minor unit. */
  readonly weightedAmounts: Money[];
}

/** A stored cell, as plain attributes. */
export type ForecastItem = Readonly<Record<string, unknown>>;

class Totals {
  count = 0;
  readonly amounts = new Map<string, number>();
  readonly weighted = new Map<string, number>();

  add(item: ForecastItem): void {
    this.count += typeof item.count === 'number' ? item.count : 0;
    for (const [attribute, value] of Object.entries(item)) {
      const match = attributePattern.exec(attribute);
      if (!match || typeof value !== 'number') continue;
      const target = match[1] === 'amount' ? this.amounts : this.weighted;
      target.set(match[2] as string, (target.get(match[2] as string) ?? 0) + value);
    }
  }

  figures(): ForecastFigures {
    const sorted = (map: Map<string, number>, scale: (value: number) => number) =>
      [...map]
        .map(([currency, value]) => ({ currency, amount: scale(value) }))
        .filter((money) => money.amount !== 0)
        .sort((a, b) => (a.currency < b.currency ? -1 : 1))
        .map(({ amount, currency }) => ({ amount, currency }));
    // Exact integers: x / 100 rounded half up (x ≥ 0 for stored sums; negatives round half away from zero).
    const percentOf = (value: number) => Math.sign(value) * Math.floor((Math.abs(value) + 50) / 100);
    return { count: this.count, amounts: sorted(this.amounts, (value) => value), weightedAmounts: sorted(this.weighted, percentOf) };
  }
}

export interface ForecastSummary {
  readonly total: ForecastFigures;
  readonly byMonth: (ForecastFigures & { month: string })[];
  readonly byStage: (ForecastFigures & { stage: string })[];
  readonly byOwner: (ForecastFigures & { ownerId: string | null })[];
  readonly cells: (ForecastFigures & { month: string; stage: string; ownerId: string | null })[];
}

const ownerOf = (ownerId: string): string | null => (ownerId === UNASSIGNED_OWNER ? null : ownerId);

/**
 * Sums stored cells into the report's groups. `months` lists every month asked (each answered, zeros included);
 * `stageOrder` orders the stages (the list's order; unknown ones after, by code). Empty cells are left out.
 */
export const summarizeForecast = (items: readonly ForecastItem[], months: readonly string[], stageOrder: readonly string[] = []): ForecastSummary => {
  const total = new Totals();
  const byMonth = new Map(months.map((month) => [month, new Totals()]));
  const byStage = new Map<string, Totals>();
  const byOwner = new Map<string, Totals>();
  const cells = new Map<string, { cell: ForecastCell; totals: Totals }>();
  for (const item of items) {
    const cell = { month: String(item.month), ownerId: String(item.ownerId), stage: String(item.stage) };
    const monthTotals = byMonth.get(cell.month);
    if (!monthTotals) continue;
    total.add(item);
    monthTotals.add(item);
    for (const [map, key] of [[byStage, cell.stage], [byOwner, cell.ownerId]] as const) {
      const totals = map.get(key) ?? new Totals();
      totals.add(item);
      map.set(key, totals);
    }
    const entry = cells.get(cellKey(cell)) ?? { cell, totals: new Totals() };
    entry.totals.add(item);
    cells.set(cellKey(cell), entry);
  }
  const nonEmpty = (figures: ForecastFigures) => figures.count !== 0 || figures.amounts.length > 0;
  const rank = (stage: string) => {
    const index = stageOrder.indexOf(stage);
    return index === -1 ? stageOrder.length : index;
  };
  const byRankThenCode = (a: string, b: string) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
  return {
    total: total.figures(),
    byMonth: [...byMonth].map(([month, totals]) => ({ month, ...totals.figures() })),
    byStage: [...byStage]
      .sort(([a], [b]) => byRankThenCode(a, b))
      .map(([stage, totals]) => ({ stage, ...totals.figures() }))
      .filter(nonEmpty),
    byOwner: [...byOwner]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([ownerId, totals]) => ({ ownerId: ownerOf(ownerId), ...totals.figures() }))
      .filter(nonEmpty),
    cells: [...cells.values()]
      .sort((a, b) => (a.cell.month < b.cell.month ? -1 : a.cell.month > b.cell.month ? 1 : 0) || byRankThenCode(a.cell.stage, b.cell.stage) || (a.cell.ownerId < b.cell.ownerId ? -1 : a.cell.ownerId > b.cell.ownerId ? 1 : 0))
      .map(({ cell, totals }) => ({ month: cell.month, stage: cell.stage, ownerId: ownerOf(cell.ownerId), ...totals.figures() }))
      .filter(nonEmpty),
  };
};

/** The forecast recomputed from the opportunities themselves: what the stored cells must always add up to. */
export const forecastOf = (subjects: readonly ForecastSubject[], months: readonly string[], stageOrder: readonly string[] = []): ForecastSummary =>
  summarizeForecast(
    subjects.flatMap((subject) => forecastDeltas(undefined, subject).map(({ cell, counts }) => ({ ...cell, ...counts }))),
    months,
    stageOrder,
  );
