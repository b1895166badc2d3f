import type { LostCustomer } from '#functions/customers/lost-customers/lost-customer.schema';
import type { WatchedCustomer } from '#shared/churn/churn-watch.entity';

/** A customer as the watch index shows it (shared/churn/churn-watch.entity.ts). */
export type { WatchedCustomer };

export type PageKey = Record<string, string | number>;

export interface ChurnWatchRepository {
  /** One page of a watch shard, oldest first: customers whose watch key is before `before` (a range Query). */
  atRisk(shard: number, before: string, page: { limit: number; startKey?: PageKey }): Promise<{ items: WatchedCustomer[]; lastKey?: PageKey }>;
  /**
   * In one transaction: takes the customer out of the watch (conditional on the watch key, status, owner and
   * churn status read), writes the record in `warning` (never over an open one; a closed one is kept as an
   * episode), and counts the warning in the churn aggregates. `skipped` when the customer or the record changed
   * meanwhile (e.g. a concurrent run got there first): nothing is written then.
   */
  openWarning(customer: WatchedCustomer, record: LostCustomer): Promise<'opened' | 'skipped'>;
  /** Takes a customer that should not be watched (not active, archived, already under an open record) out. */
  leaveWatch(customer: WatchedCustomer): Promise<'left' | 'skipped'>;
}
