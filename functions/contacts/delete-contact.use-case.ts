import { guardFor } from '#shared/customer-records/customer-head';
import type { Caller, ContactDependencies } from './contact.dependencies';
import { staleVersion, visibleContact } from './contact.rules';

/**
 * Delete (soft) a contact.
 *
 * Primary course: after one consistent read (scope, existence, version), one transaction moves the contact out
 * of the customer's live contacts into a restorable record, uncounts it, clears the primary pointer if it was
 * the primary contact, and marks it removed in the contact directory — so activities that name it stay readable
 * and show the contact as removed.
 *
 * Alternates: customer missing, archived or out of scope → CustomerNotFound (404); contact missing or already
 * removed → ContactNotFound (404); another version → VersionConflict (412).
 */
export const deleteContact = async (
  deps: ContactDependencies,
  request: { caller: Caller; customerId: string; contactId: string; expectedVersion: number },
): Promise<void> => {
  const { caller, customerId, contactId, expectedVersion } = request;
  const read = await deps.contacts.get(customerId, contactId);
  const { customer, contact } = visibleContact(caller, customerId, contactId, read);
  if (contact.version !== expectedVersion) throw staleVersion(contactId, contact.version);
  await deps.contacts.remove(contact, {
    guard: guardFor(caller, customerId),
    expectedVersion,
    wasPrimary: customer.primaryContactId === contactId,
    ownerId: customer.ownerId,
    actor: { username: caller.username, at: deps.clock.now().toISOString() },
  });
};
