import type { CareCustomer, CareRepository } from '#functions/workbench/care/care.ports';
import type { Reminder } from '#shared/reminders/reminder';

/**
 * The care list's reads in memory: customers per owner (name order) and care reminders per customer; records every
 * request so a test can count them. A page key is `{ after: <customer id> }`.
 */
export const inMemoryCare = (owners: Record<string, CareCustomer[]>, reminders: Reminder[]) => {
  const requests: string[] = [];
  const care: CareRepository = {
    async customersOf(ownerId, page) {
      requests.push(`customers:${ownerId}`);
      const all = [...(owners[ownerId] ?? [])].sort((a, b) => a.name.localeCompare(b.name));
      const start = page.startKey ? all.findIndex((customer) => customer.id === page.startKey?.after) + 1 : 0;
      const items = all.slice(start, start + page.limit);
      return { items, ...(start + page.limit < all.length ? { lastKey: { after: items.at(-1)!.id } } : {}) };
    },
    async careOf(customerId, from, to, limit) {
      requests.push(`care:${customerId}`);
      return reminders
        .filter((reminder) => reminder.kind === 'care' && reminder.customerId === customerId && reminder.dueAt >= from && reminder.dueAt < to)
        .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
        .slice(0, limit);
    },
  };
  return { care, requests };
};
