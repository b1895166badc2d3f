import { defineEntity, fieldsOf } from '#shared/db/entity';
import { searchKeys, type ContactTermKind } from './search.keys';

/**
 * One phone number or e-mail of a contact in the search index (`TERM#cphone#<last 4 digits>` or
 * `TERM#cemail#<e-mail>`, sk `<customerId>#<contactId>#<value>`). No owner here: a transfer moves a customer with
 * up to 50 contacts, which would not fit one transaction; a lookup reads the candidates' customers instead
 * (functions/contacts/find-contacts.use-case.ts) — a bounded second request.
 */
export interface ContactSearchTerm {
  readonly kind: ContactTermKind;
  readonly term: string;
  /** Phone digits or the normalised e-mail. */
  readonly value: string;
  readonly customerId: string;
  readonly contactId: string;
}

export const contactSearchTermEntity = defineEntity<ContactSearchTerm>({
  name: 'ContactSearchTerm',
  fields: fieldsOf<ContactSearchTerm>()('kind', 'term', 'value', 'customerId', 'contactId'),
  keyOf: (term) => searchKeys.contactTerm(term.kind, term.term, term.customerId, term.contactId, term.value),
});
