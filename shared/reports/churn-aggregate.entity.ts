import { churnAggregateKeys } from '#shared/churn/churn.keys';
import { defineAggregate } from './aggregate-entity';

/**
 * The churn counts (`pk = AGG#CHURN`): per month and shard the records opened, recovered and confirmed lost
 * (`MONTH#<m>#EVENTS#<shard>`), and per month and reason the customers confirmed lost (`MONTH#<m>#REASON#<r>`).
 * Kept by the churn job and the lost-customer writes (shared/churn).
 */
export const churnAggregateEntity = {
  ...defineAggregate<{ month: string; shard?: number; reason?: string }>({
    name: 'ChurnAggregate',
    keyOf: ({ month, shard, reason }) =>
      reason === undefined ? churnAggregateKeys.events(month, shard ?? 0) : churnAggregateKeys.reason(month, reason),
  }),
  partition: churnAggregateKeys.partition,
  /** What an item of the month counts: the events of a shard, or the losses of one reason. */
  kindOf: (sk: unknown, month: string): { events: true } | { reason: string } | undefined => {
    const rest = String(sk).slice(`MONTH#${month}#`.length);
    if (rest.startsWith('EVENTS#')) return { events: true };
    if (rest.startsWith('REASON#')) return { reason: rest.slice('REASON#'.length) };
    return undefined;
  },
};
