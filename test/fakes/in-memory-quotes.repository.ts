import { DomainError, ErrorCode } from '#shared/core/errors';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import type { OrderPlacement } from '#functions/orders/order/order.ports';
import type { CreateOutcome, Page, PageKey, QuoteRepository, QuoteWriteGuard, Stale } from '#functions/orders/quotes/quote.ports';
import { quoteExpired, quoteNotFound } from '#functions/orders/quotes/quote.rules';
import type { Quote } from '#functions/orders/quotes/quote.schema';
import type { OrderDetail } from '#functions/orders/order/order.schema';
import type { InMemoryOrdersStore } from './in-memory-orders.repository';

const clone = <T>(value: T): T => structuredClone(value);

/**
 * In-memory quotes with the DynamoDB repository's observable rules (version and status conditions, the number
 * sentinel, idempotency records), accepting through the in-memory orders store's placement so an acceptance moves
 * stock and figures exactly like an order — all or nothing.
 */
export class InMemoryQuotesStore {
  readonly quotes = new Map<string, Quote>();
  readonly quoteNos = new Set<string>();
  readonly idempotencyRecords = new Map<string, { fingerprint: string; response: unknown }>();
  /** What other features hold, as the quotes see it: opportunity id → its customer (null: a prospect's), live contacts by customer. */
  readonly opportunities = new Map<string, string | null>();
  readonly liveContacts = new Map<string, Set<string>>();
  writes = 0;

  constructor(private readonly orders: InMemoryOrdersStore) {}

  private guard(current: Quote, expectedVersion: number, status: Quote['status']): void {
    const stored = this.quotes.get(current.id);
    if (!stored) throw quoteNotFound(current.id);
    if (stored.status !== status) throw new DomainError(ErrorCode.InvalidTransition, `now ${stored.status}`);
    if (stored.version !== expectedVersion) throw new DomainError(ErrorCode.VersionConflict, 'stale');
  }

  readonly repository: QuoteRepository = {
    create: async (quote: Quote, claim?: IdempotencyClaim): Promise<CreateOutcome<Quote>> => {
      const key = claim && `${claim.username}#${claim.operationId}#${claim.key}`;
      const record = key ? this.idempotencyRecords.get(key) : undefined;
      if (record && claim) {
        if (record.fingerprint !== claim.fingerprint) throw new DomainError(ErrorCode.IdempotencyKeyReused, 'reused');
        return { kind: 'replayed', value: clone(record.response) as Quote };
      }
      if (this.quoteNos.has(quote.quoteNo)) throw new DomainError(ErrorCode.QuoteNoTaken, 'taken');
      this.quotes.set(quote.id, clone(quote));
      this.quoteNos.add(quote.quoteNo);
      if (key && claim) this.idempotencyRecords.set(key, { fingerprint: claim.fingerprint, response: clone(quote) });
      this.writes += 1;
      return { kind: 'created', value: clone(quote) };
    },
    get: async (quoteId) => clone(this.quotes.get(quoteId)),
    references: async (customerId, refs) => {
      const opportunityCustomer = refs.opportunityId ? this.opportunities.get(refs.opportunityId) : undefined;
      return {
        ...(refs.opportunityId
          ? { opportunity: { exists: opportunityCustomer !== undefined, ...(opportunityCustomer ? { customerId: opportunityCustomer } : {}) } }
          : {}),
        ...(refs.contactId ? { contact: { live: this.liveContacts.get(customerId)?.has(refs.contactId) === true } } : {}),
      };
    },
    listByCustomer: async (customerId: string, page: { limit: number; startKey?: PageKey }): Promise<Page<Quote>> => {
      const sorted = [...this.quotes.values()].filter((quote) => quote.customerId === customerId).sort((a, b) => (a.createdAt + a.id < b.createdAt + b.id ? 1 : -1));
      return { items: sorted.slice(0, page.limit).map(clone) };
    },
    replace: async (current: Quote, next: Quote, guard: QuoteWriteGuard) => {
      this.guard(current, guard.expectedVersion, current.status);
      this.quotes.set(next.id, clone(next));
      this.writes += 1;
    },
    accept: async (current: Quote, next: Quote, placement: OrderPlacement, now: string): Promise<OrderDetail | Stale> => {
      this.guard(current, current.version, 'sent');
      if (this.quotes.get(current.id)!.expiresAt <= now) throw quoteExpired(current);
      const outcome = await this.orders.orderRepository.place(placement);
      if (outcome.kind === 'stale') return outcome;
      this.quotes.set(next.id, clone(next));
      this.writes += 1;
      return outcome.value;
    },
    listDue: async (until: string, page: { limit: number; startKey?: PageKey }): Promise<Page<Quote>> => {
      const due = [...this.quotes.values()]
        .filter((quote) => quote.status === 'sent' && quote.expiresAt <= until)
        .sort((a, b) => (a.expiresAt + a.id < b.expiresAt + b.id ? -1 : 1));
      return { items: due.slice(0, page.limit).map(clone) };
    },
  };
}
