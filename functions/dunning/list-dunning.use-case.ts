import { daysOverdue, dueBucketOf } from '#shared/dunning/dunning';
import type { DunningDependencies, Caller } from './dunning.dependencies';
import type { PageKey } from './dunning.ports';
import type { OverdueBalance } from './dunning.schema';

/**
 * The overdue balances (欠款催收列表), oldest due date first.
 *
 * Primary course: one Query on the open-receivables index (shared/dunning/receivable.keys.ts) for the entries due
 * before now — managers and executives on the partition of all, account managers on their own — each with its days
 * overdue and ageing bucket. Paid-off and cancelled orders have left the index in their own transactions.
 *
 * Alternate: for an account manager, the page's customers are read (one BatchGetItem) and entries whose customer is
 * no longer theirs (transferred, archived) are left out, exactly as the order routes judge scope: the page may then
 * hold fewer than `limit` items; `nextCursor` goes on.
 */
export const listDunning = async (
  deps: DunningDependencies,
  request: { caller: Caller; page: { limit: number; startKey?: PageKey } },
): Promise<{ asOf: string; items: OverdueBalance[]; lastKey?: PageKey }> => {
  const now = deps.clock.now();
  const asOf = now.toISOString();
  const ownerId = request.caller.scope === 'own' ? request.caller.username : undefined;
  const page = await deps.dunning.overdue({ ownerId, before: asOf }, request.page);
  let entries = page.items;
  if (ownerId !== undefined && entries.length > 0) {
    const owners = await deps.dunning.currentOwners([...new Set(entries.map((entry) => entry.customerId))]);
    entries = entries.filter((entry) => owners.get(entry.customerId) === ownerId);
  }
  const items = entries.map((entry): OverdueBalance => {
    const days = daysOverdue(entry.dueAt, now);
    return {
      orderId: entry.orderId,
      orderNo: entry.orderNo,
      customerId: entry.customerId,
      customerName: entry.customerName,
      orderedAt: entry.orderedAt,
      paymentTermsDays: entry.paymentTermsDays,
      dueAt: entry.dueAt,
      total: entry.total,
      balance: entry.balance,
      daysOverdue: days,
      bucket: dueBucketOf(days),
    };
  });
  return { asOf, items, ...(page.lastKey ? { lastKey: page.lastKey } : {}) };
};
