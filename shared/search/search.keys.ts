/**
 * Keys of the search index (docs/data-model.md, "Search index"): one small item per (term, record), in the
 * term's own partition, so a search is a Query of one partition and never a Scan.
 *
 *   customers: pk `TERM#<kind>#<term>`   sk `<rank>#<ownerId>#<customerId>`
 *   contacts:  pk `TERM#<kind>#<term>`   sk `<customerId>#<contactId>#<value>`
 *
 * `rank` is `0` when the term starts the customer's name (or is a whole value: phone, e-mail, numbers), else `1`:
 * a Query reads prefix matches before infix ones. The owner follows, so an account manager's search is a
 * `begins_with(sk, '<rank>#<me>#')` — usernames cannot hold `#` (shared/core/schema-primitives.ts), and terms are
 * built from letters and digits only (shared/search/search-text.ts), so no key part can spill into another.
 */
export type CustomerTermKind = 'name' | 'phone' | 'email' | 'no' | 'tax';
export type ContactTermKind = 'cphone' | 'cemail';
export type TermRank = '0' | '1';

const partition = (kind: CustomerTermKind | ContactTermKind, term: string): string => `TERM#${kind}#${term}`;

export const searchKeys = {
  partition,
  customerTerm: (kind: CustomerTermKind, term: string, rank: TermRank, ownerId: string, customerId: string) => ({
    pk: partition(kind, term),
    sk: `${rank}#${ownerId}#${customerId}`,
  }),
  /** The sort-key prefix of a rank's items, narrowed to one owner for an account manager. */
  customerScope: (rank: TermRank, ownerId?: string): string => (ownerId === undefined ? `${rank}#` : `${rank}#${ownerId}#`),
  contactTerm: (kind: ContactTermKind, term: string, customerId: string, contactId: string, value: string) => ({
    pk: partition(kind, term),
    sk: `${customerId}#${contactId}#${value}`,
  }),
} as const;
