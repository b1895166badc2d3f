import type { PaymentPromise } from '#shared/dunning/dunning';
import type { Receivable } from '#shared/dunning/receivable.entity';
import type { IdempotencyClaim, IdempotencyRequest } from '#shared/idempotency/idempotency';
import type { Money } from '#shared/core/schema-primitives';
import type { AuditEvent } from '#shared/audit/audit';
import type { DunningLetter, DunningNote } from './dunning.schema';
import type { StoredLetterTemplate } from './letter-template.entity';

/** What the dunning use cases need from storage, free of AWS types. */

export type { IdempotencyClaim, IdempotencyRequest };
export type PageKey = Record<string, string | number>;
export interface Page<T> {
  readonly items: T[];
  readonly lastKey?: PageKey;
}

/** The order as dunning sees it, with its customer's current owner. */
export interface DunnedOrderView {
  readonly id: string;
  readonly orderNo: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly status: string;
  readonly total: Money;
  readonly paidAmount: Money;
  readonly balance: Money;
  readonly orderedAt: string;
  readonly dueAt?: string | undefined;
  readonly promise?: PaymentPromise | undefined;
  readonly version: number;
  readonly createdAt: string;
  /** The customer's owner now; undefined when the customer is gone or archived. */
  readonly ownerId?: string | undefined;
}

export type CreateOutcome<T> = { kind: 'created'; value: T } | { kind: 'replayed'; value: T };

export interface NoteWrite {
  readonly note: DunningNote;
  readonly order: DunnedOrderView;
  /** The order's new promise (the note made one): the order moves to version + 1 and the reminder moves with it. */
  readonly promise?: PaymentPromise | undefined;
  readonly ownerScope?: string | undefined;
  readonly actor: { username: string; at: string };
}

export interface DunningRepository {
  /** Open receivables due before `before`, oldest due first: one Query on the owner's partition or on all. */
  overdue(criteria: { ownerId?: string | undefined; before: string }, page: { limit: number; startKey?: PageKey }): Promise<Page<Receivable>>;
  /** The current owner of each customer (absent: gone or archived), one BatchGetItem. */
  currentOwners(customerIds: readonly string[]): Promise<Map<string, string>>;
  order(orderId: string): Promise<DunnedOrderView | undefined>;
  /** The note, and with a promise the order's promise and its reminder, in one transaction: 'stale' when the order moved. */
  addNote(write: NoteWrite, idempotency?: IdempotencyClaim): Promise<CreateOutcome<DunningNote> | 'stale' | 'out-of-scope'>;
  /** A stored first answer of this claim (a retried create), if any. */
  storedAnswer(claim: IdempotencyClaim): Promise<DunningNote | undefined>;
  listNotes(orderId: string, page: { limit: number; startKey?: PageKey }): Promise<Page<DunningNote>>;
}

// ------------------------------------------------------------------------------------------- letters

/** The customer's primary contact as a letter needs it. */
export interface LetterContact {
  readonly name: string;
  readonly email?: string | undefined;
}

export interface LetterRepository {
  /** The customer's primary contact (absent: none, or removed). */
  primaryContact(customerId: string): Promise<LetterContact | undefined>;
  /** The order's letters, oldest first (one Query). */
  letters(orderId: string): Promise<DunningLetter[]>;
  letter(orderId: string, letterId: string): Promise<DunningLetter | undefined>;
  /** A new letter and its audit entry, in one transaction. */
  create(letter: DunningLetter): Promise<void>;
  /** `next` (version + 1) if the letter is still at `current.version`, with its audit entry; false when it moved. */
  update(current: DunningLetter, next: DunningLetter): Promise<boolean>;
  /** The administrators' letter template (one GetItem, consistent); absent while the built-in one is used. */
  template(): Promise<StoredLetterTemplate | undefined>;
  /**
   * Stores `next` if the stored template is still at `expectedVersion` (0: none stored yet), with its audit entry, in
   * one transaction; false when it moved meanwhile.
   */
  replaceTemplate(next: StoredLetterTemplate, expectedVersion: number, audit: AuditEvent): Promise<boolean>;
}

/** Letters go through the shared mail port (shared/mail/mailer.ts), the same one the reminder job uses. */
export type { Mailer as LetterMailer, SendOutcome as LetterSendOutcome } from '#shared/mail/mailer';
