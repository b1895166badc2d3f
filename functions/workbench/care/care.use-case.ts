import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Caller } from '#shared/auth/caller';
import type { PageKey } from '#shared/http/cursor';
import { careSourceOf } from '#shared/reminders/care-reminder';
import { isNoContactFirstLook, noContactCustomerOf } from '#shared/reminders/no-contact-reminder';
import type { Reminder } from '#shared/reminders/reminder';
import type { CareCustomer, CareRepository } from './care.ports';
import type { CareItem } from './care.schema';

/** The most care items one customer contributes to a page (a customer's contacts' days in a quarter). */
export const CARE_PER_CUSTOMER_LIMIT = 50;

/** A care reminder as the list shows it; undefined for a silence check not yet placed by the job (its first look). */
const itemOf = (reminder: Reminder, customer: CareCustomer): CareItem | undefined => {
  const base = { customerId: customer.id, customerName: customer.name, title: reminder.title, at: reminder.dueAt, remindAt: reminder.remindAt, path: reminder.path };
  const day = careSourceOf(reminder.sourceId);
  if (day) return { kind: 'special-day', ...base, contactId: day.contactId, occasion: day.type };
  if (noContactCustomerOf(reminder.sourceId) && !isNoContactFirstLook(reminder)) return { kind: 'no-contact', ...base, occasion: 'no-contact' };
  return undefined;
};

/**
 * A user's coming care (客户关怀): the special days of their customers' contacts and the "no contact for N days"
 * checks, both stored as care reminders (shared/reminders/care-reminder.ts, no-contact-reminder.ts).
 *
 * Primary course: the caller's own care list, or — managers and executives (scope `all`) — any user's. One Query of
 * the user's customers (`limit` of them, name order, the owner index), then one Query per customer, in parallel, of
 * its care reminders due in the window (the reminder's customer index, docs/data-model.md "Care list"). The page's
 * items are sorted soonest first; `nextCursor` continues with the next customers. Care reminders go to whoever owns
 * the customer, so the list follows the customer's current owner.
 *
 * Alternates: an account manager asking for someone else's list → Forbidden (403). A customer with more than
 * CARE_PER_CUSTOMER_LIMIT items in the window is cut there and the answer says `truncated`. A silence check an
 * activity has just armed (looked at a day later, not yet placed by the reminder job) is not shown.
 */
export const listCare = async (
  deps: { care: CareRepository },
  request: { caller: Caller; query: { from: string; to: string; userId?: string | undefined }; page: { limit: number; startKey?: PageKey } },
): Promise<{ userId: string; from: string; to: string; items: CareItem[]; truncated: boolean; lastKey?: PageKey }> => {
  const { caller, query } = request;
  const userId = query.userId ?? caller.username;
  if (caller.scope === 'own' && userId !== caller.username) {
    throw new DomainError(ErrorCode.Forbidden, 'Account managers read their own care list only.');
  }
  const customers = await deps.care.customersOf(userId, request.page);
  const perCustomer = await Promise.all(
    customers.items.map(async (customer) => ({ customer, reminders: await deps.care.careOf(customer.id, query.from, query.to, CARE_PER_CUSTOMER_LIMIT + 1) })),
  );
  const truncated = perCustomer.some(({ reminders }) => reminders.length > CARE_PER_CUSTOMER_LIMIT);
  const items = perCustomer
    .flatMap(({ customer, reminders }) => reminders.slice(0, CARE_PER_CUSTOMER_LIMIT).map((reminder) => itemOf(reminder, customer)))
    .filter((item): item is CareItem => item !== undefined)
    .sort((a, b) => (a.at === b.at ? a.title.localeCompare(b.title) : a.at.localeCompare(b.at)));
  return { userId, from: query.from, to: query.to, items, truncated, ...(customers.lastKey ? { lastKey: customers.lastKey } : {}) };
};
