import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProduct } from '#functions/orders/products/create-product.use-case';
import { createStockAdjustment } from '#functions/orders/products/create-stock-adjustment.use-case';
import { listProducts } from '#functions/orders/products/list-products.use-case';
import { updateProduct } from '#functions/orders/products/update-product.use-case';
import { ErrorCode } from '#shared/core/errors';
import { callers, ordersTestKit, PINNED_NOW } from '#test/fakes/orders-test-kit';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const input = (code: string, name: string, stockOnHand = 0) => ({ code, name, unit: '台', unitPrice: cny(4999_00), active: true, stockOnHand });

describe('products and stock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(PINNED_NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('records the opening stock as the first adjustment, so stock always equals what was received', async () => {
    const kit = ordersTestKit();

    const { value: product } = await createProduct(kit.deps, { caller: callers.admin, input: input('LAPTOP-14', '联想笔记本电脑', 12) });

    expect(product).toMatchObject({ code: 'LAPTOP-14', stockOnHand: 12, active: true, version: 1, createdBy: 'admin' });
    expect(kit.store.adjustments).toEqual([expect.objectContaining({ productId: product.id, delta: 12, reason: 'Opening stock' })]);
  });

  it('refuses a product code in use (409)', async () => {
    const kit = ordersTestKit();
    await createProduct(kit.deps, { caller: callers.admin, input: input('DUP-1', 'A') });

    await expect(createProduct(kit.deps, { caller: callers.admin, input: input('DUP-1', 'B') })).rejects.toMatchObject({ code: ErrorCode.ProductCodeTaken });
  });

  it('adjusts stock up and down but never below zero (409), recording each adjustment', async () => {
    const kit = ordersTestKit();
    const product = kit.addProduct({ stockOnHand: 3 });

    await createStockAdjustment(kit.deps, { caller: callers.admin, productId: product.id, input: { delta: 5, reason: 'received' } });
    await createStockAdjustment(kit.deps, { caller: callers.admin, productId: product.id, input: { delta: -8, reason: 'counted' } });
    const below = createStockAdjustment(kit.deps, { caller: callers.admin, productId: product.id, input: { delta: -1, reason: 'damaged' } });

    await expect(below).rejects.toMatchObject({ code: ErrorCode.InsufficientStock });
    expect(kit.store.products.get(product.id)?.stockOnHand).toBe(0);
    expect(kit.store.adjustments.map((adjustment) => adjustment.delta)).toEqual([5, -8]);
  });

  it('updates the description with the expected version only', async () => {
    const kit = ordersTestKit();
    const product = kit.addProduct();

    const updated = await updateProduct(kit.deps, { caller: callers.admin, productId: product.id, changes: { unitPrice: cny(1), location: 'B-2' }, expectedVersion: 1 });
    await expect(
      updateProduct(kit.deps, { caller: callers.admin, productId: product.id, changes: { active: false }, expectedVersion: 1 }),
    ).rejects.toMatchObject({ code: ErrorCode.VersionConflict });

    expect(updated).toMatchObject({ unitPrice: cny(1), location: 'B-2', version: 2, stockOnHand: 10 });
  });

  it('finds products by name prefix and pinyin initials, and by active flag', async () => {
    const kit = ordersTestKit();
    await createProduct(kit.deps, { caller: callers.admin, input: input('LX-1', '联想笔记本电脑') });
    await createProduct(kit.deps, { caller: callers.admin, input: { ...input('HP-1', 'HP LaserJet'), active: false } });

    const byInitials = await listProducts(kit.deps, { filters: { q: 'lx' }, page: { limit: 25 } });
    const byName = await listProducts(kit.deps, { filters: { q: '联想' }, page: { limit: 25 } });
    const inactive = await listProducts(kit.deps, { filters: { active: false }, page: { limit: 25 } });

    expect(byInitials.items.map((product) => product.code)).toEqual(['LX-1']);
    expect(byName.items.map((product) => product.code)).toEqual(['LX-1']);
    expect(inactive.items.map((product) => product.code)).toEqual(['HP-1']);
  });
});
