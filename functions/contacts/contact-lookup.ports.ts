import type { CustomerHead } from '#shared/customer-records/customer-head';
import type { SyncWindow, Tombstone } from '#shared/customer-records/delta-sync';
import type { PageKey } from './contact.ports';
import type { ContactTermKind } from '#shared/search/search.keys';
import type { StoredContact } from './contact.schema';

/** What the caller-ID lookup needs from storage (functions/contacts/find-contacts.use-case.ts). */

export interface ContactCandidate {
  readonly customerId: string;
  readonly contactId: string;
  /** The phone digits or e-mail the term was built from. */
  readonly value: string;
}

/** The customer a found contact belongs to, as the answer names it (and the scope check reads it). */
export type LookupCustomer = CustomerHead & { readonly customerNo: string; readonly name: string; readonly ownerName: string };

/** At most this many candidates are read from one term partition: a lookup costs the same at any table size. */
export const CONTACT_CANDIDATES_PER_READ = 100;

export interface ContactLookup {
  /** The contacts indexed under one term (`TERM#cphone#<last 4>` or `TERM#cemail#<e-mail>`), at most CONTACT_CANDIDATES_PER_READ. */
  candidates(kind: ContactTermKind, term: string): Promise<{ candidates: ContactCandidate[]; more: boolean }>;
  /** The customers and contacts of the candidates, in one batch read (at most 50 candidates). */
  load(candidates: readonly ContactCandidate[]): Promise<{ customers: Map<string, LookupCustomer>; contacts: Map<string, StoredContact> }>;
}

/** The contacts delta feed across customers (functions/contacts/sync-contacts-feed.use-case.ts). */
export interface ContactFeed {
  /**
   * One page of the feed's index in change order, `since ≤ changedAt < until`: an owner's partition (`ownerId`) or
   * everyone's — live contacts and tombstones.
   */
  page(
    scope: { ownerId?: string | undefined },
    window: SyncWindow,
    page: { limit: number; startKey?: PageKey | undefined },
  ): Promise<{ items: (StoredContact | Tombstone)[]; lastKey?: PageKey | undefined }>;
  /** The customers of these ids, in one batch read (at most 100). */
  heads(customerIds: readonly string[]): Promise<Map<string, CustomerHead>>;
}
