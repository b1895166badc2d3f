import type { PageKey } from '#shared/http/cursor';
import type { Reminder } from '#shared/reminders/reminder';

export interface CareCustomer {
  readonly id: string;
  readonly name: string;
}

/** What the care list reads: the user's customers a page at a time, then each one's care reminders in the window. */
export interface CareRepository {
  /** A page of the customers `ownerId` owns (not archived), in name order. */
  customersOf(ownerId: string, page: { limit: number; startKey?: PageKey }): Promise<{ items: CareCustomer[]; lastKey?: PageKey }>;
  /** The customer's pending care reminders due in [from, to), soonest first, at most `limit` (one Query). */
  careOf(customerId: string, from: string, to: string, limit: number): Promise<Reminder[]>;
}
