import type { Money } from '#shared/core/schema-primitives';
import { OPPORTUNITY_STATUSES, type Opportunity, type OpportunityStatus } from './opportunity.model';

/**
 * The sales pipeline figures (count and estimated amount per status, win rate) that the reports read. They are
 * kept current by the writes themselves: every create, status move and amount edit carries the change of the
 * figures in the same transaction (docs/data-model.md). Amounts are exact integers in minor units, per currency:
 * amounts in different currencies are never added together.
 */

/** What one opportunity contributes to the pipeline. */
export type PipelineShare = Pick<Opportunity, 'status' | 'estimatedAmount'>;

/** A change of the figures of one status: counts and amounts (by currency) to ADD, possibly negative. */
export interface PipelineDelta {
  readonly status: OpportunityStatus;
  readonly count: number;
  readonly amounts: Readonly<Record<string, number>>;
}

/** The stored attribute that holds a status's estimated amount in one currency. */
export const amountAttributeOf = (currency: string): string => `amount_${currency}`;
export const currencyOfAttribute = (attribute: string): string | undefined => /^amount_([A-Z]{3})$/.exec(attribute)?.[1];

const add = (deltas: Map<OpportunityStatus, { count: number; amounts: Record<string, number> }>, share: PipelineShare, sign: 1 | -1) => {
  const entry = deltas.get(share.status) ?? { count: 0, amounts: {} };
  entry.count += sign;
  if (share.estimatedAmount) {
    const { currency, amount } = share.estimatedAmount;
    entry.amounts[currency] = (entry.amounts[currency] ?? 0) + sign * amount;
  }
  deltas.set(share.status, entry);
};

/**
 * The figures to change when an opportunity goes from `before` to `after` (either may be absent: created, or
 * — never in this feature — deleted). Zero changes are left out, so an edit that moves nothing writes nothing.
 */
export const pipelineDeltas = (before: PipelineShare | undefined, after: PipelineShare | undefined): PipelineDelta[] => {
  const deltas = new Map<OpportunityStatus, { count: number; amounts: Record<string, number> }>();
  if (before) add(deltas, before, -1);
  if (after) add(deltas, after, 1);
  return [...deltas]
    .map(([status, { count, amounts }]) => ({
      status,
      count,
      amounts: Object.fromEntries(Object.entries(amounts).filter(([, amount]) => amount !== 0)),
    }))
    .filter((delta) => delta.count !== 0 || Object.keys(delta.amounts).length > 0);
};

export interface StatusFigures {
  readonly count: number;
  /** One entry per currency, sorted by currency; amounts in minor units. */
  readonly estimatedAmounts: Money[];
}

export interface PipelineFigures {
  readonly byStatus: Record<OpportunityStatus, StatusFigures>;
  /** won / (won + lost), or null while nothing has closed. */
  readonly winRate: number | null;
}

/** A stored aggregate item (one shard of one status), as plain attributes. */
export type PipelineItem = Record<string, unknown> & { status?: unknown; count?: unknown };

/** Sums the shards of every status. Unknown statuses and attributes are ignored. */
export const summarizePipeline = (items: readonly PipelineItem[]): PipelineFigures => {
  const totals = new Map<OpportunityStatus, { count: number; amounts: Map<string, number> }>(
    OPPORTUNITY_STATUSES.map((status) => [status, { count: 0, amounts: new Map() }]),
  );
  for (const item of items) {
    const total = totals.get(item.status as OpportunityStatus);
    if (!total) continue;
    total.count += typeof item.count === 'number' ? item.count : 0;
    for (const [attribute, value] of Object.entries(item)) {
      const currency = currencyOfAttribute(attribute);
      if (currency && typeof value === 'number') total.amounts.set(currency, (total.amounts.get(currency) ?? 0) + value);
    }
  }
  const byStatus = Object.fromEntries(
    [...totals].map(([status, { count, amounts }]) => [
      status,
      {
        count,
        estimatedAmounts: [...amounts]
          .filter(([, amount]) => amount !== 0)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([currency, amount]) => ({ amount, currency })),
      },
    ]),
  ) as Record<OpportunityStatus, StatusFigures>;
  const closed = byStatus.won.count + byStatus.lost.count;
  return { byStatus, winRate: closed === 0 ? null : byStatus.won.count / closed };
};

/** The figures recomputed from the opportunities themselves: what the stored aggregates must always equal. */
export const pipelineOf = (opportunities: readonly PipelineShare[]): PipelineFigures =>
  summarizePipeline(
    opportunities.flatMap((opportunity) =>
      pipelineDeltas(undefined, opportunity).map((delta) => ({
        status: delta.status,
        count: delta.count,
        ...Object.fromEntries(Object.entries(delta.amounts).map(([currency, amount]) => [amountAttributeOf(currency), amount])),
      })),
    ),
  );
