import type { Item } from '#shared/db/item';
import type { UpdatePlan } from '#shared/db/update-expression';
import { readGuardKeys } from './read-guard.keys';

/**
 * The one list of locked accounts (`pk = sk = ACCOUNT_LOCKS`), declared once: a string set `usernames` and
 * `updatedAt`. Every function reads it for its lock check (shared/auth/account-lock.ts); the read guard and
 * administrators change it (shared/read-guard/read-counter.repository.ts, shared/auth/account-lock-admin.ts).
 * DynamoDB removes an empty set, so an absent attribute (or item) is an empty list.
 *
 * Type-only imports besides the keys: every function loads this module at start-up.
 */
export const lockedAccountsEntity = {
  name: 'AccountLocks',
  key: () => readGuardKeys.lockedAccounts(),
  /** The attribute a lock check reads (a projection: nothing else leaves the table). */
  usernamesAttribute: 'usernames',

  usernamesOf: (item: Item | undefined): ReadonlySet<string> => {
    const usernames = item?.['usernames'];
    return usernames instanceof Set ? (usernames as Set<string>) : new Set<string>();
  },

  /** The user joins the list. */
  addPlan: (username: string, at: string): UpdatePlan => ({
    set: { updatedAt: at, entity: lockedAccountsEntity.name },
    add: { usernames: new Set([username]) },
  }),

  /** The user leaves the list. */
  removePlan: (username: string, at: string): UpdatePlan => ({
    set: { updatedAt: at },
    delete: { usernames: new Set([username]) },
  }),
} as const;
