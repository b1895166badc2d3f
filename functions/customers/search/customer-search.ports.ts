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

/** At most this many candidates are read per term partition segment: a search costs the same at any table size. */
export const CANDIDATES_PER_READ = 200;

export interface CustomerSearchIndex {
  /**
   * The customers indexed under one term (`TERM#<kind>#<term>`), prefix-rank items first; only `ownerId`'s when
   * given; for name terms only those whose normalised name contains `nameContains`. At most CANDIDATES_PER_READ
   * items are read per rank.
   */
  termHits(kind: CustomerTermKind, term: string, options: { ownerId?: string | undefined; nameContains?: string | undefined }): Promise<HitPage>;
  /** Customers whose list key (pinyin initials, or a Latin name) begins with `prefix`; only `ownerId`'s when given. */
  namePrefixHits(prefix: string, options: { ownerId?: string | undefined; limit: number }): Promise<HitPage>;
}
