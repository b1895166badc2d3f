import { defineEntity, fieldsOf } from '#shared/db/entity';
import { searchKeys, type CustomerTermKind } from './search.keys';

/**
 * One term of a customer in the search index (`TERM#<kind>#<term>`, sort keys in shared/search/search.keys.ts). It carries what a result shows (number, name, owner), so a search answers from
 * the term items alone — every one of those fields rewrites the terms when it changes (a rename, a transfer), in
 * the customer's own transaction (shared/search/search-terms.writes.ts).
 */
export interface CustomerSearchTerm {
  readonly kind: CustomerTermKind;
  /** The n-gram, the phone's last 4 digits, the e-mail or the number. */
  readonly term: string;
  /** The term starts the name, or is a whole value (sorts first). */
  readonly prefix: boolean;
  /** The whole value matched (phone digits, e-mail, number); absent for name terms. */
  readonly value?: string;
  readonly customerId: string;
  readonly customerNo: string;
  readonly name: string;
  /** The normalised name (shared/core/search-key.ts): what a name query must be contained in. */
  readonly nameKey: string;
  readonly ownerId: string;
  readonly ownerName: string;
}

export const customerSearchTermEntity = defineEntity<CustomerSearchTerm>({
  name: 'CustomerSearchTerm',
  fields: fieldsOf<CustomerSearchTerm>()('kind', 'term', 'prefix', 'value', 'customerId', 'customerNo', 'name', 'nameKey', 'ownerId', 'ownerName'),
  keyOf: (term) => searchKeys.customerTerm(term),
});
