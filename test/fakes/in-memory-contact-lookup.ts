import type { ContactCandidate, ContactLookup, LookupCustomer } from '#functions/contacts/contact-lookup.ports';
import type { StoredContact } from '#functions/contacts/contact.schema';
import { contactSearchTermsOf } from '#shared/search/search-terms.writes';
import type { ContactTermKind } from '#shared/search/search.keys';

/** The caller-ID lookup over in-memory customers and contacts; terms derived as the DynamoDB writes derive them. */
export class InMemoryContactLookup implements ContactLookup {
  readonly customers = new Map<string, LookupCustomer>();
  readonly contacts = new Map<string, StoredContact>();

  async candidates(kind: ContactTermKind, term: string): Promise<{ candidates: ContactCandidate[]; more: boolean }> {
    const candidates = [...this.contacts.values()]
      .flatMap((contact) => contactSearchTermsOf(contact))
      .filter((found) => found.kind === kind && found.term === term)
      .map(({ customerId, contactId, value }) => ({ customerId, contactId, value }));
    return { candidates, more: false };
  }

  async load(candidates: readonly ContactCandidate[]) {
    const customers = new Map<string, LookupCustomer>();
    const contacts = new Map<string, StoredContact>();
    for (const { customerId, contactId } of candidates) {
      const customer = this.customers.get(customerId);
      const contact = this.contacts.get(contactId);
      if (customer) customers.set(customerId, customer);
      if (contact) contacts.set(contactId, contact);
    }
    return { customers, contacts };
  }
}
