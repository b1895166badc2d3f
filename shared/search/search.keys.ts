import { MAX_QUERY_LENGTH } from './search-text';

/**
 * Keys of the search index (docs/data-model.md, "Search index"): one small item per (term, record), in the
 * term's own partition, so a search is a Query of one partition and never a Scan.
 *
 *   a name term that starts the name:  pk `TERM#name#<term>`   sk `0#<normalised name>#<customerId>`
 *   any other name term:               pk `TERM#name#<term>`   sk `1#<ownerId>#<customerId>`
 *   a lookup term (phone, e-mail, no.): pk `TERM#<kind>#<term>`  sk `0#<ownerId>#<customerId>`
 *   a contact's phone or e-mail:       pk `TERM#<kind>#<term>`  sk `<customerId>#<contactId>#<value>`
 *
 * The names that start with a term sort by name, so every name that starts with the whole query is one
 * `begins_with(sk, '0#<query>')` — exact and prefix matches are read first and completely, however crowded the
 * partition (北京). The others sort by owner, so an account manager's infix search is a
 * `begins_with(sk, '1#<me>#')`. Usernames cannot hold `#` (shared/core/schema-primitives.ts) and terms and queries
 * hold no `#` or `:` (shared/search/search-text.ts), so no key part can spill into another.
 */
export type CustomerTermKind = 'name' | 'phone' | 'email' | 'no' | 'tax';
export type ContactTermKind = 'cphone' | 'cemail';
export type TermRank = '0' | '1';

/**
 * A name in a sort key: its first MAX_QUERY_LENGTH characters — every query is at most that long, so it is still a
 * prefix of it — which keeps the key far below DynamoDB's 1,024 bytes even when NFKC expands a character (ﷺ → 18).
 */
const nameInKey = (nameKey: string): string => [...nameKey].slice(0, MAX_QUERY_LENGTH).join('');

const partition = (kind: CustomerTermKind | ContactTermKind, term: string): string => `TERM#${kind}#${term}`;

export const searchKeys = {
  partition,
  customerTerm: (term: { kind: CustomerTermKind; term: string; prefix: boolean; nameKey: string; ownerId: string; customerId: string }) => ({
    pk: partition(term.kind, term.term),
    sk: term.kind === 'name' && term.prefix ? `0#${nameInKey(term.nameKey)}#${term.customerId}` : `${term.prefix ? '0' : '1'}#${term.ownerId}#${term.customerId}`,
  }),
  /** The names that start with `text` (a name partition's rank-0 items). */
  namesStartingWith: (text: string): string => `0#${text}`,
  /** A rank's items sorted by owner (name infixes: `1`, lookups: `0`), narrowed to one owner for an account manager. */
  ownerScope: (rank: TermRank, ownerId?: string): string => (ownerId === undefined ? `${rank}#` : `${rank}#${ownerId}#`),
  contactTerm: (kind: ContactTermKind, term: string, customerId: string, contactId: string, value: string) => ({
    pk: partition(kind, term),
    sk: `${customerId}#${contactId}#${value}`,
  }),
} as const;
