import type { QuotesDependencies } from '#functions/orders/quotes/quote.ports';
import { InMemoryQuotesStore } from './in-memory-quotes.repository';
import { ordersTestKit } from './orders-test-kit';

export { callers, PINNED_NOW } from './orders-test-kit';

/** Use-case dependencies of the quotes with pinned time, seeded ids, in-memory quotes over the in-memory orders store. */
export const quotesTestKit = (seed = 11) => {
  const orders = ordersTestKit(seed);
  const quoteStore = new InMemoryQuotesStore(orders.store);
  const deps: QuotesDependencies = {
    quotes: quoteStore.repository,
    orders: orders.store.orderRepository,
    idempotency: orders.store.idempotencyStore,
    // The system time, which the tests pin (vi.setSystemTime) and move (a quote's expiry).
    clock: { now: () => new Date() },
    ids: orders.deps.ids,
  };
  return { ...orders, deps, quoteStore, ordersDeps: orders.deps };
};
