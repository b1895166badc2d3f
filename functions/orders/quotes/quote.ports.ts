import type { Clock, IdGenerator } from '#shared/core/clock';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import type { CreateOutcome, IdempotencyStore, OrderPlacement, OrderRepository, Page, PageKey, Stale } from '#functions/orders/order/order.ports';
import type { OrderDetail } from '#functions/orders/order/order.schema';
import type { Quote } from './quote.schema';

/** The domain side of quotations: what the quote use cases need from storage, free of AWS types. */

export interface QuoteWriteGuard {
  readonly expectedVersion: number;
}

/** What a quote's references point at (`QuoteRepository.references`). */
export interface QuoteReferences {
  /** Given an opportunity id: whether it exists, and the customer it is for (none while it is a prospect's). */
  readonly opportunity?: { readonly exists: boolean; readonly customerId?: string };
  /** Given a contact id: whether it is a live (not deleted) contact of the quote's customer. */
  readonly contact?: { readonly live: boolean };
}

export interface QuoteRepository {
  /** The quote, its number sentinel, its audit entry and the idempotency record, atomically. */
  create(quote: Quote, idempotency?: IdempotencyClaim): Promise<CreateOutcome<Quote>>;
  get(quoteId: string): Promise<Quote | undefined>;
  /** One read (BatchGetItem) of the opportunity and the customer's contact a quote names; nothing asked, nothing read. */
  references(customerId: string, refs: { opportunityId?: string; contactId?: string }): Promise<QuoteReferences>;
  listByCustomer(customerId: string, page: { limit: number; startKey?: PageKey }): Promise<Page<Quote>>;
  /**
   * Replaces the quote with `next` (an edit of a draft, sent, rejected, expired), conditional on its version and on
   * `current.status` still being the status read: 404 when gone, 412 when changed, 409 when its status moved.
   */
  replace(current: Quote, next: Quote, guard: QuoteWriteGuard): Promise<void>;
  /**
   * Accepting: ONE transaction of the order placement's parts (order, stock, customer figures, aggregates,
   * receivables …, order-placement.repository.ts) and the quote as accepted — conditional on it being sent, at the
   * version read and not expired at `now`. Stale reads → `stale` (read again); a refusal by the order → its problem.
   */
  accept(current: Quote, next: Quote, placement: OrderPlacement, now: string): Promise<OrderDetail | Stale>;
  /** Sent quotes whose expiry is at or before `until`, oldest first (the expiry job's Query). */
  listDue(until: string, page: { limit: number; startKey?: PageKey }): Promise<Page<Quote>>;
}

/** What the quote use cases depend on; quotes.container.ts wires the real ones, tests the fakes. */
export interface QuotesDependencies {
  readonly quotes: QuoteRepository;
  /** The orders' reads (customer, products, placement context) and nothing of their writes. */
  readonly orders: Pick<OrderRepository, 'customer' | 'placementContext'>;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type { Caller } from '#shared/auth/caller';
export type { CreateOutcome, Page, PageKey, Stale };
