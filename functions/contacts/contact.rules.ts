import { DomainError, ErrorCode } from '#shared/core/errors';
import { customerNotFound, customerVisibleTo, type CustomerHead } from '#shared/customer-records/customer-head';
import type { Caller } from '#shared/auth/caller';
import type { Contact, StoredContact } from './contact.schema';

/** Rules shared by the contacts use cases. */

export const contactNotFound = (contactId: string): DomainError =>
  new DomainError(ErrorCode.ContactNotFound, `Contact ${contactId} does not exist at this customer.`);

/** `isPrimary` is not stored on the contact: it is "the customer's primary pointer names this contact". */
export const withPrimaryFlag = (contact: StoredContact, customer: Pick<CustomerHead, 'primaryContactId'>): Contact => ({
  ...contact,
  isPrimary: customer.primaryContactId === contact.id,
});

/**
 * The customer and the contact as a caller may see them: a customer outside the caller's scope (or missing, or
 * archived) answers "customer not found" before anything about the contact is said.
 */
export const visibleContact = (
  caller: Caller,
  customerId: string,
  contactId: string,
  read: { customer?: CustomerHead | undefined; contact?: StoredContact | undefined },
): { customer: CustomerHead; contact: StoredContact } => {
  if (!customerVisibleTo(caller, read.customer)) throw customerNotFound(customerId);
  if (!read.contact) throw contactNotFound(contactId);
  return { customer: read.customer, contact: read.contact };
};

export const staleVersion = (contactId: string, current: number): DomainError =>
  new DomainError(ErrorCode.VersionConflict, `Contact ${contactId} has changed since you read it (now version ${current}); read it again.`);
