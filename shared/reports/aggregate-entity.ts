import type { Key } from '#shared/db/entity';
import type { UpdatePlan } from '#shared/db/update-expression';

/**
 * A report aggregate item: counters kept with `ADD` in the same transaction as the business write they count
 * (unconditional, so they never refuse it), read by the reports feature one partition at a time. Declared once per
 * item type: its `entity` marker, the attributes that say which bucket it is (`identity`, SET on every update),
 * and its key. Its counters are named by the writer's figures (months, days, statuses, currencies), so an aggregate
 * has no fixed field list; readers take the attributes they add up.
 */
export interface AggregateEntity<I extends Record<string, unknown>> {
  readonly name: string;
  readonly keyOf: (identity: I) => Key;
  /** One update: the identity (and entity marker) SET, the counts ADDed. */
  readonly addPlan: (identity: I, counts: Readonly<Record<string, number>>) => UpdatePlan;
}

export const defineAggregate = <I extends Record<string, unknown>>(spec: {
  name: string;
  keyOf: (identity: I) => Key;
  /** The identity attributes the item stores, when not all of them (default: all). */
  stored?: (identity: I) => Record<string, unknown>;
}): AggregateEntity<I> => ({
  name: spec.name,
  keyOf: spec.keyOf,
  addPlan: (identity, counts) => {
    // An absent identity attribute (the reason of an events item) is left out, never SET to undefined.
    const stored = Object.entries(spec.stored ? spec.stored(identity) : identity).filter(([, value]) => value !== undefined);
    return { set: { entity: spec.name, ...Object.fromEntries(stored) }, add: { ...counts } };
  },
});

/** `MONTH#<yyyy-mm>#…` → `yyyy-mm`: the month of a monthly aggregate's sort key. */
export const monthOfSortKey = (sk: unknown): string => String(sk).slice('MONTH#'.length, 'MONTH#'.length + 7);
