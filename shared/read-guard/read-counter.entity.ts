import type { Item } from '#shared/db/item';
import type { UpdatePlan } from '#shared/db/update-expression';
import { readGuardKeys } from './read-guard.keys';
import type { ReadTally } from './read-window';

/**
 * The read guard's counter item of one user (`pk = READGUARD#<username>`), declared once (docs/data-model.md,
 * "Customer read guard and account locks"): one number attribute per fixed window (`w<window index>`), `ttl`
 * (epoch seconds: an idle counter expires) and, once the guard tripped, `lockedAt`. Its attributes are named by
 * the window, so it is described by its updates rather than by a field list.
 */
export const readCounterEntity = {
  name: 'ReadGuard',
  keyOf: (username: string) => readGuardKeys.counter(username),

  /**
   * One count: `ADD` to the current window (and the credit of an unused charge to the previous one), `REMOVE` of
   * the two windows before the previous one (no longer weighed), a fresh TTL.
   */
  countPlan: (window: number, amounts: { current: number; previous: number }, expiresAtSeconds: number): UpdatePlan => ({
    set: { ttl: expiresAtSeconds, entity: readCounterEntity.name },
    add: {
      [readGuardKeys.windowAttribute(window)]: amounts.current,
      ...(amounts.previous !== 0 ? { [readGuardKeys.windowAttribute(window - 1)]: amounts.previous } : {}),
    },
    remove: [readGuardKeys.windowAttribute(window - 2), readGuardKeys.windowAttribute(window - 3)],
  }),

  /** The lock marker (written once: the update is conditional on its absence). */
  lockPlan: (at: string): UpdatePlan => ({ set: { lockedAt: at } }),

  /** The counts of `window` and the one before it, and the lock marker, as an item (ALL_NEW) holds them. */
  tallyOf: (item: Item, window: number): ReadTally => {
    const count = (attribute: string): number => (typeof item[attribute] === 'number' ? (item[attribute] as number) : 0);
    return {
      window,
      current: count(readGuardKeys.windowAttribute(window)),
      previous: count(readGuardKeys.windowAttribute(window - 1)),
      lockedAt: typeof item['lockedAt'] === 'string' ? item['lockedAt'] : undefined,
    };
  },
} as const;
