import { customerNotFound, customerVisibleTo } from '#shared/customer-records/customer-head';
import type { Caller, ContactDependencies } from './contact.dependencies';
import type { PageKey } from './contact.ports';
import type { Contact } from './contact.schema';
import { withPrimaryFlag } from './contact.rules';

/**
 * List a customer's live contacts in the order they were added, one page per call.
 *
 * Primary course: a first page is one Query that reads the customer and its contacts together; the customer is
 * visible to the caller → the page, each contact flagged `isPrimary` from the customer's pointer.
 *
 * Alternates: customer missing, archived or out of scope → CustomerNotFound (404): an account manager cannot
 * learn who works at another manager's customer, not even that it has contacts.
 */
export const listContacts = async (
  deps: ContactDependencies,
  request: { caller: Caller; customerId: string; page: { limit: number; startKey?: PageKey | undefined } },
): Promise<{ items: Contact[]; lastKey?: PageKey | undefined }> => {
  const page = await deps.contacts.list(request.customerId, request.page);
  if (!customerVisibleTo(request.caller, page.customer)) throw customerNotFound(request.customerId);
  const customer = page.customer;
  return { items: page.items.map((contact) => withPrimaryFlag(contact, customer)), lastKey: page.lastKey };
};
