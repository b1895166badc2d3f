import type { Caller, ContactDependencies } from './contact.dependencies';
import type { Contact } from './contact.schema';
import { visibleContact, withPrimaryFlag } from './contact.rules';

/**
 * Read one contact.
 *
 * Primary course: one consistent read of the customer and the contact; the customer is visible to the caller and
 * the contact is live → the contact, with `isPrimary` from the customer's pointer.
 *
 * Alternates: customer missing, archived or out of scope → CustomerNotFound (404); contact missing or
 * removed → ContactNotFound (404).
 */
export const getContact = async (
  deps: ContactDependencies,
  request: { caller: Caller; customerId: string; contactId: string },
): Promise<Contact> => {
  const read = await deps.contacts.get(request.customerId, request.contactId);
  const { customer, contact } = visibleContact(request.caller, request.customerId, request.contactId, read);
  return withPrimaryFlag(contact, customer);
};
