import type { Clock, IdGenerator } from '#shared/core/clock';
import type { IdempotencyStore, OrderRepository, ProductRepository } from '#functions/orders/order/order.ports';

/** What the orders use cases depend on; `orders.container.ts` wires the real ones, tests the fakes. */
export interface OrdersDependencies {
  readonly products: ProductRepository;
  readonly orders: OrderRepository;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type { Caller } from '#shared/auth/caller';
