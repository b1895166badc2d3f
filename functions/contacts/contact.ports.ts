import type { CustomerGuard, CustomerHead } from '#shared/customer-records/customer-head';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import type { Reminder } from '#shared/reminders/reminder';
import type { SyncWindow } from '#shared/customer-records/delta-sync';
import type { Contact, StoredContact } from './contact.schema';

/** The domain side of contacts: what the use cases need from storage, free of AWS types. */

export type { IdempotencyClaim };

export type PageKey = Record<string, string | number>;

export interface Actor {
  readonly username: string;
  readonly at: string;
}

export type CreateContactOutcome = { kind: 'created' | 'replayed'; contact: Contact };

/**
 * What happens to the customer's primary pointer: `set` makes this contact the primary one (taking the flag from
 * whoever had it, atomically, because the flag IS the pointer); `clear` removes it if it still points here.
 */
export type PrimaryChange = 'set' | 'clear' | 'keep';

/** Field changes of a PATCH: a value sets, `null` clears. */
export type ContactChanges = Partial<Record<keyof StoredContact, unknown>>;

/** What an `update` is given besides the record's ids. */
export interface ContactUpdate {
  guard: CustomerGuard;
  /**
   * The customer's owner as read: the contact's place in the contacts feed (a transfer meanwhile: written again);
   * absent → the repository reads it.
   */
  ownerId?: string | undefined;
  expectedVersion: number;
  changes: ContactChanges;
  primary: PrimaryChange;
  /** The directory entry when the name changes. */
  rename?: string | undefined;
  actor: Actor;
  /** The contact as read at `expectedVersion` (with its `isPrimary`): the audit entry's old values. */
  before: Contact;
  /** A reminder written in the same transaction: someone told of the change (a portal user's own update, issue 21). */
  notify?: Reminder | undefined;
}

export interface ContactRepository {
  /**
   * Writes the contact, counts it on the customer (bounded), names it in the contact directory, moves the primary
   * pointer if asked, and stores the idempotency record — one transaction, guarded by the customer.
   */
  create(
    contact: StoredContact,
    options: { guard: CustomerGuard; makePrimary: boolean; response: Contact; idempotency?: IdempotencyClaim | undefined },
  ): Promise<CreateContactOutcome>;
  /** The customer and the contact, one consistent read. */
  get(customerId: string, contactId: string): Promise<{ customer?: CustomerHead | undefined; contact?: StoredContact | undefined }>;
  /** One page of live contacts in creation order, and the customer they belong to. */
  list(
    customerId: string,
    page: { limit: number; startKey?: PageKey | undefined },
  ): Promise<{ customer?: CustomerHead | undefined; items: StoredContact[]; lastKey?: PageKey | undefined }>;
  /**
   * The delta feed of one customer's contacts: the live contacts changed in the window and those deleted in it
   * (`deletedAt`), and the customer they belong to.
   */
  feed(
    customerId: string,
    window: SyncWindow,
  ): Promise<{ customer?: CustomerHead | undefined; changed: StoredContact[]; deleted: { id: string; deletedAt: string }[] }>;
  /** Applies the changes when the version is still `expectedVersion`; renames update the directory. */
  update(
    customerId: string,
    contactId: string,
    options: ContactUpdate,
  ): Promise<void>;
  /**
   * Moves the contact out of the live set (restorable), uncounts it, marks it removed in the directory, leaves its
   * tombstone in the contacts feed (`ownerId`: the customer's owner as read).
   */
  remove(
    contact: StoredContact,
    options: { guard: CustomerGuard; expectedVersion: number; wasPrimary: boolean; ownerId?: string | undefined; actor: Actor },
  ): Promise<void>;
}
