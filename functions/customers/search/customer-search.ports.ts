import type { CustomerTermKind } from '#shared/search/search.keys';

/** The domain side of customer search: what the use case needs from the search index, free of AWS types. */

/** A customer as a search answer shows it (taken from its term item or its list-index item). */
export interface SearchHit {
  readonly customerId: string;
  readonly customerNo: string;
  readonly name: string;
  /** The normalised name (shared/core/search-key.ts). */
  readonly nameKey: string;
  readonly ownerId: string;
  readonly ownerName: string;
  /** The whole value of a lookup term (phone digits, e-mail, number). */
  readonly value?: string | undefined;
}

export interface HitPage {
  readonly hits: SearchHit[];
  /** More candidates exist beyond those read. */
  readonly more: boolean;
}

/** At most this many candidates are read per Query: a search costs the same at any table size. */
export const CANDIDATES_PER_READ = 200;

/** `ownerId`: only that owner's customers (an account manager's own); absent: everyone's. */
export interface Scope {
  readonly ownerId?: string | undefined;
}

export interface CustomerSearchIndex {
  /** Customers whose normalised name starts with `text`, from the partition of `term` (the query's first n-gram). */
  namesStartingWith(term: string, text: string, scope: Scope): Promise<HitPage>;
  /** Customers whose normalised name contains `text` somewhere after its start, from the partition of `term`. */
  namesContaining(term: string, text: string, scope: Scope): Promise<HitPage>;
  /** Customers indexed under a whole value: phone (last 4 digits), e-mail, customer number, tax number. */
  lookup(kind: Exclude<CustomerTermKind, 'name'>, term: string, scope: Scope): Promise<HitPage>;
  /**
   * Customers whose list-index key (pinyin initials of a Chinese name, or a Latin name) begins with `keyPrefix`,
   * and whose name begins with `namePrefix` when given.
   */
  listPrefix(prefix: { keyPrefix: string; namePrefix?: string | undefined }, scope: Scope & { limit: number }): Promise<HitPage>;
}
