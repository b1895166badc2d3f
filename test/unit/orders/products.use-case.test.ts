import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProduct } from '#functions/orders/products/create-product.use-case';
import { createStockAdjustment } from '#functions/orders/products/create-stock-adjustment.use-case';
import { getProduct } from '#functions/orders/products/get-product.use-case';
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

    const byInitials = await listProducts(kit.deps, { filters: { q: 'lx' }, page: { limit: 25 }, viewer: 'admin' });
    const byName = await listProducts(kit.deps, { filters: { q: '联想' }, page: { limit: 25 }, viewer: 'admin' });
    const inactive = await listProducts(kit.deps, { filters: { active: false }, page: { limit: 25 }, viewer: 'admin' });

    expect(byInitials.items.map((product) => product.code)).toEqual(['LX-1']);
    expect(byName.items.map((product) => product.code)).toEqual(['LX-1']);
    expect(inactive.items.map((product) => product.code)).toEqual(['HP-1']);
  });

  it('shows the cost price to administrators and sales managers only, in every product answer', async () => {
    const kit = ordersTestKit();
    const created = await createProduct(kit.deps, { caller: callers.admin, input: { ...input('COST-1', 'Pump'), costPrice: cny(3200_00) }, viewer: 'admin' });
    const id = created.value.id;

    const seen = await Promise.all(
      (['admin', 'sales-manager', 'account-manager', 'executive'] as const).map(async (viewer) => ({
        viewer,
        get: await getProduct(kit.deps, { productId: id, viewer }),
        list: (await listProducts(kit.deps, { filters: {}, page: { limit: 25 }, viewer })).items[0],
      })),
    );
    const updatedForSales = await updateProduct(kit.deps, { caller: callers.admin, productId: id, changes: { location: 'A-1' }, expectedVersion: 1, viewer: 'sales-manager' });
    const updatedForExec = await updateProduct(kit.deps, { caller: callers.admin, productId: id, changes: { location: 'A-2' }, expectedVersion: 2, viewer: 'executive' });
    const createdForNobody = await createProduct(kit.deps, { caller: callers.admin, input: { ...input('COST-2', 'Valve'), costPrice: cny(1) } });

    expect(created.value.costPrice).toEqual(cny(3200_00));
    expect(seen.map(({ viewer, get, list }) => [viewer, get.costPrice, list?.costPrice])).toEqual([
      ['admin', cny(3200_00), cny(3200_00)],
      ['sales-manager', cny(3200_00), cny(3200_00)],
      ['account-manager', undefined, undefined],
      ['executive', undefined, undefined],
    ]);
    for (const { get, list } of seen.slice(2)) {
      expect(get).not.toHaveProperty('costPrice');
      expect(list).not.toHaveProperty('costPrice');
    }
    expect(updatedForSales.costPrice).toEqual(cny(3200_00));
    expect(updatedForExec).not.toHaveProperty('costPrice');
    expect(createdForNobody.value).not.toHaveProperty('costPrice');
    // Stored all the same: hiding is a view, not a loss.
    expect(kit.store.products.get(id)?.costPrice).toEqual(cny(3200_00));
  });

  it('flags a product below its reorder level when the stock on hand is at or below it (derived, never stored)', async () => {
    const kit = ordersTestKit();
    const { value: product } = await createProduct(kit.deps, { caller: callers.admin, input: { ...input('RO-1', 'Filter', 5), reorderLevel: 4 }, viewer: 'admin' });
    const plain = await createProduct(kit.deps, { caller: callers.admin, input: input('RO-2', 'Hose', 0), viewer: 'admin' });

    const above = await getProduct(kit.deps, { productId: product.id, viewer: 'account-manager' });
    await createStockAdjustment(kit.deps, { caller: callers.admin, productId: product.id, input: { delta: -1, reason: 'counted' } });
    const atLevel = await getProduct(kit.deps, { productId: product.id, viewer: 'account-manager' });
    await createStockAdjustment(kit.deps, { caller: callers.admin, productId: product.id, input: { delta: -3, reason: 'counted' } });
    const below = await getProduct(kit.deps, { productId: product.id, viewer: 'executive' });
    const raised = await updateProduct(kit.deps, { caller: callers.admin, productId: product.id, changes: { reorderLevel: null }, expectedVersion: 1, viewer: 'admin' });

    expect(product.belowReorderLevel).toBe(false);
    expect([above.belowReorderLevel, atLevel.belowReorderLevel, below.belowReorderLevel]).toEqual([false, true, true]);
    expect(raised).toMatchObject({ belowReorderLevel: false });
    expect(raised).not.toHaveProperty('reorderLevel');
    expect(plain.value.belowReorderLevel).toBe(false);
    expect(kit.store.products.get(product.id)).not.toHaveProperty('belowReorderLevel');
  });

  it('stores the description, category, cost price and reorder level, and clears them with null', async () => {
    const kit = ordersTestKit();
    const { value: product } = await createProduct(kit.deps, {
      caller: callers.admin,
      input: { ...input('FULL-1', 'Gear pump', 3), description: '齿轮泵，316 不锈钢', category: 'hardware', costPrice: cny(2500_00), reorderLevel: 2 },
      viewer: 'admin',
    });

    const cleared = await updateProduct(kit.deps, {
      caller: callers.admin,
      productId: product.id,
      changes: { description: null, category: null, costPrice: null, reorderLevel: null },
      expectedVersion: 1,
      viewer: 'admin',
    });

    expect(product).toMatchObject({ description: '齿轮泵，316 不锈钢', category: 'hardware', costPrice: cny(2500_00), reorderLevel: 2, belowReorderLevel: false });
    for (const field of ['description', 'category', 'costPrice', 'reorderLevel']) expect(cleared).not.toHaveProperty(field);
  });
});
