import { seededRandom, ulidGenerator, type Clock } from '#shared/core/clock';
import type { OrdersDependencies } from '#functions/orders/orders.dependencies';
import type { Product } from '#functions/orders/products/product.schema';
import { InMemoryOrdersStore } from './in-memory-orders.repository';

export { callers, PINNED_NOW } from './customer-test-kit';
import { PINNED_NOW } from './customer-test-kit';

/** Use-case dependencies of the orders feature with pinned time, seeded ids and in-memory storage. */
export const ordersTestKit = (seed = 7) => {
  const store = new InMemoryOrdersStore();
  const clock: Clock = { now: () => PINNED_NOW };
  const ids = ulidGenerator(seededRandom(seed));
  const deps: OrdersDependencies = {
    products: store.productRepository,
    orders: store.orderRepository,
    idempotency: store.idempotencyStore,
    clock,
    ids,
  };
  const at = PINNED_NOW.toISOString();
  /** A product straight into the store (no use case): active, 12.50 CNY, 10 on hand unless told otherwise. */
  const addProduct = (overrides: Partial<Product> = {}): Product => {
    const product: Product = {
      id: ids.next(),
      code: `P-${store.products.size + 1}`,
      name: `Product ${store.products.size + 1}`,
      unit: 'pcs',
      unitPrice: { amount: 12_50, currency: 'CNY' },
      stockOnHand: 10,
      active: true,
      version: 1,
      createdAt: at,
      createdBy: 'admin',
      updatedAt: at,
      updatedBy: 'admin',
      ...overrides,
    };
    store.products.set(product.id, product);
    store.codes.add(product.code);
    return product;
  };
  /** A customer snapshot owned by `ownerId`, with an address. */
  const addCustomer = (ownerId: string, overrides: { archived?: boolean; address?: string; lastOrderAt?: string; paymentTermsDays?: number } = {}) => {
    const id = ids.next();
    store.addCustomer({ id, name: `Customer of ${ownerId}`, ownerId, status: 'active', address: '上海市浦东新区 1 号', ...overrides });
    return id;
  };
  return { deps, store, addProduct, addCustomer };
};
