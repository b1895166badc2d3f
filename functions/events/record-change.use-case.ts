import type { AuditEntry } from '#shared/audit/audit';
import { ALL_SCOPE, type ChangeFeedEntry } from '#shared/events/change-feed.entity';
import { CHANGE_RETENTION_MS, customerOf, ownersNamedBy, recordedChangeOf, type RecordedChange } from '#shared/events/change-feed';
import { isDomainChange } from '#shared/events/domain-event';
import type { ChangeRecorder } from './change-feed.ports';

export interface RecordChangeDependencies {
  readonly changes: ChangeRecorder;
  /** The owner of a customer (the handler memoizes it per batch: one read per customer and batch). */
  readonly ownerOf: (customerId: string) => Promise<string | undefined>;
}

/**
 * Records the change of one stream record in the change feed (issue 22, part 3).
 *
 * Primary course: the record inserted an audit entry of a business change → its change, stamped `recordedAt` (the
 * consumer's clock when it took the record, so the feed's order is the order of recording) → the owners of the
 * customer it is under (named by the entry for a customer's create and transfer — both the previous and the new
 * owner; else the customer's owner now, read) → one transaction: the marker of the event id, a copy in the
 * company's partition of the day and one per owner → the change is answered.
 *
 * Alternates: not an audit entry's INSERT, or not a change (an export) → nothing, undefined. The record is handed
 * over again (a retried batch) → the marker refuses the transaction, nothing is written twice, undefined. A record
 * under no customer (a product, a user) → the company copy only. A customer that no longer exists → the company copy
 * only. A failed write → the error propagates: the record is reported failed and retried, as its publication is.
 */
export const recordChange = async (
  deps: RecordChangeDependencies,
  entry: AuditEntry | undefined,
  eventId: string,
  recordedAt: Date,
): Promise<RecordedChange | undefined> => {
  if (!entry || !isDomainChange(entry)) return undefined;
  const change = recordedChangeOf(entry, eventId, recordedAt.toISOString());
  const ttl = Math.floor((recordedAt.getTime() + CHANGE_RETENTION_MS) / 1000);
  const customerId = customerOf(entry);
  const owners = ownersNamedBy(entry) ?? (customerId ? [await deps.ownerOf(customerId)].filter((owner): owner is string => !!owner) : []);
  const copies: ChangeFeedEntry[] = [ALL_SCOPE, ...owners].map((scope) => ({ ...change, scope, ttl }));
  const recorded = await deps.changes.record({ eventId, recordedAt: change.recordedAt, ttl }, copies);
  return recorded ? change : undefined;
};
