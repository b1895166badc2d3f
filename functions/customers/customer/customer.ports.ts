import type { Customer } from './customer.schema';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import type { SyncWindow, Tombstone } from '#shared/customer-records/delta-sync';
import type { DuplicatePolicy } from '#shared/duplicates/duplicate-candidates';

/** The domain side of the customers feature: what the use cases need from storage, free of AWS types. */

/**
 * A stored customer, including the archive marker that the API never shows, and — for a customer merged into
 * another (functions/customers/merge/) — the survivor's id, which its 404 names (`mergedInto`).
 */
export type StoredCustomer = Customer & { deletedAt?: string; mergedInto?: string };

/**
 * What a merge adds to the archive of the merged customer (functions/customers/merge/): the survivor and merge ids
 * it is marked with, the merge's own transaction elements (given the merged customer as read), and how a refusal
 * of one of them is explained.
 */
export interface MergeRetirement {
  readonly survivorId: string;
  readonly mergeId: string;
  readonly parts: (before: Readonly<Record<string, unknown>>) => import('./customer-follow-ups').CustomerPart[];
  readonly refusal: (refused: import('#shared/db/transactions').RefusedParts<string>) => Error | undefined;
}

/** What a restore found: it brought the customer back, or the customer was live already. */
export type RestoreOutcome = 'restored' | 'live';

/** Editable fields and their new values; `null` clears an optional field. */
export type CustomerChanges = Partial<Record<keyof Customer, unknown>>;

/** A rule on a customer's change: throws (a DomainError) to refuse it. */
export type ChangeCheck = (before: StoredCustomer, after: StoredCustomer) => void;

export interface Actor {
  readonly username: string;
  readonly at: string;
}

export interface WriteGuard {
  readonly expectedVersion: number;
  /** When set, the write only applies to a customer owned by this user (else: not found). */
  readonly ownerScope?: string;
}

export type { IdempotencyClaim };

export type CreateOutcome = { kind: 'created'; customer: Customer } | { kind: 'replayed'; customer: Customer };

/** The list's criteria and its attribute filters: the shared planner's (shared/customer-records/customer-list-query.ts). */
import type { CustomerListCriteria } from '#shared/customer-records/customer-list-query';
export type { AttributeFilter, CustomerListCriteria } from '#shared/customer-records/customer-list-query';

export type PageKey = Record<string, string | number>;

export interface Page<T> {
  readonly items: T[];
  readonly lastKey?: PageKey;
}

/** An item of the delta feed: a customer changed in the window, or the tombstone of one that left the caller's view. */
export type CustomerFeedItem = Customer | Tombstone;

export interface CustomerRepository {
  /** Creates the customer, its unique-number sentinel, its duplicate keys and (if given) the idempotency record atomically. */
  create(customer: Customer, idempotency?: IdempotencyClaim, duplicates?: DuplicatePolicy): Promise<CreateOutcome>;
  get(customerId: string): Promise<StoredCustomer | undefined>;
  /**
   * `check` judges the customer as it would be after the change (and its state before) once the guard has passed
   * (404 / 412 first); it throws to refuse, and then nothing is written.
   */
  update(
    customerId: string,
    changes: CustomerChanges,
    guard: WriteGuard,
    actor: Actor,
    check?: ChangeCheck,
    duplicates?: DuplicatePolicy,
  ): Promise<Customer>;
  /** Archives the customer; with `merge`, retires it into a merge's survivor in the same transaction. */
  archive(customerId: string, guard: WriteGuard, actor: Actor, merge?: MergeRetirement): Promise<void>;
  /**
   * Brings back a customer the merge `mergeId` retired (its revert): on every list again, counted, searchable, its
   * duplicate keys and delta-feed presence back. `live` when it is not archived (a re-run).
   */
  restore(customerId: string, merge: { readonly mergeId: string }, actor: Actor): Promise<RestoreOutcome>;
  /** Moves the customer to a new owner and records the transfer, in one transaction. */
  transfer(
    customerId: string,
    owner: { ownerId: string; ownerName: string; reason?: string | undefined },
    guard: WriteGuard,
    actor: Actor,
  ): Promise<Customer>;
  list(criteria: CustomerListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<Customer>>;
  /** The delta feed of one scope (an owner's customers, or all) over a window of change times, in change order. */
  feed(scope: { ownerId?: string | undefined }, window: SyncWindow, page: { limit: number; startKey?: PageKey }): Promise<Page<CustomerFeedItem>>;
}
