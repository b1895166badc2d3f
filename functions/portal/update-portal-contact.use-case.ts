import type { ContactDependencies } from '#functions/contacts/contact.dependencies';
import type { Contact } from '#functions/contacts/contact.schema';
import { updateContact } from '#functions/contacts/update-contact.use-case';
import type { Reminder } from '#shared/reminders/reminder';
import { portalActorOf, type PortalSession } from './portal-session';
import type { UpdatePortalContactInput } from './portal-contact.schema';

/**
 * A portal user updates their own contact details.
 *
 * Primary course:
 * 1. The contact is the session record's (customer and contact) — never one named in the request.
 * 2. The contacts feature's own update (update-contact.use-case.ts) applies the changes on the version read
 *    (If-Match), in its one transaction with the audit entry — the actor is the portal user (`portal+<sub>`) — and,
 *    in that same transaction, a `portal` reminder tells the customer's owner a minute later (the reminder job
 *    delivers it to their inbox and mail). Both are written, or neither.
 *
 * Alternates: the customer archived (404 at the session) or the contact removed since the invite → 404; stale
 * If-Match → 412.
 */
export const updatePortalContact = async (
  contacts: ContactDependencies,
  request: { session: PortalSession; changes: UpdatePortalContactInput; expectedVersion: number },
): Promise<Contact> => {
  const { user, company } = request.session;
  return updateContact(contacts, {
    caller: { username: portalActorOf(user), scope: 'all' },
    customerId: user.customerId,
    contactId: user.contactId,
    changes: request.changes,
    expectedVersion: request.expectedVersion,
    notify: (updated) => ownerReminderOf(updated, company, user.customerId),
  });
};

const ownerReminderOf = (contact: Contact, company: { name: string; ownerId: string }, customerId: string): Reminder => ({
  remindAt: new Date(Date.parse(contact.updatedAt) + 60_000).toISOString(),
  kind: 'portal',
  sourceId: contact.id,
  recipientId: company.ownerId,
  title: `${contact.name} (${company.name}) changed their contact details in the portal`,
  dueAt: contact.updatedAt,
  customerId,
  customerName: company.name,
  path: `/v1/customers/${customerId}/contacts/${contact.id}`,
});
