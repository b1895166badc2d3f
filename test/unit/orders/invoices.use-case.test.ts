import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOrder } from '#functions/orders/order/create-order.use-case';
import type { OrderDetail } from '#functions/orders/order/order.schema';
import { updateOrder } from '#functions/orders/order/update-order.use-case';
import { createInvoice } from '#functions/orders/invoices/create-invoice.use-case';
import { taxOf } from '#functions/orders/invoices/invoice.rules';
import { createInvoiceBody, type CreateInvoiceInput } from '#functions/orders/invoices/invoice.schema';
import { listInvoices } from '#functions/orders/invoices/list-invoices.use-case';
import { voidInvoice } from '#functions/orders/invoices/void-invoice.use-case';
import type { Caller } from '#shared/auth/caller';
import { ErrorCode } from '#shared/core/errors';
import { callers, PINNED_NOW } from '#test/fakes/orders-test-kit';
import { invoicesTestKit } from './invoices-test-kit';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const HOUR = 3_600_000;

describe('invoice tax to the fen', () => {
  it.each([
    [113_00, 13, 100_00, 13_00],
    [1_00, 13, 88, 12], // 11.504… fen → 12
    [106_00, 6, 100_00, 6_00],
    [1, 3, 1, 0], // 0.029… fen → 0
    [10_000_00, 0, 10_000_00, 0],
    [3_33, 6.5, 3_13, 20], // 20.32… fen → 20
  ])('%i fen at %d %% → net %i, tax %i (round half up, net + tax = amount)', (amount, rate, net, tax) => {
    expect(taxOf(amount, rate)).toEqual({ netAmount: net, taxAmount: tax });
  });

  it('rounds an exact half fen up', () => {
    // 2 fen at 100 %: the tax is exactly 1 fen; 1 fen at 100 %: exactly 0.5 fen → 1.
    expect(taxOf(2, 100)).toEqual({ netAmount: 1, taxAmount: 1 });
    expect(taxOf(1, 100)).toEqual({ netAmount: 0, taxAmount: 1 });
  });

  it('is the exact tax rounded half up, and net + tax = amount, for any amount up to 10^12 fen and any rate (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000_000_000 }), fc.integer({ min: 0, max: 10_000 }), (amount, basisPoints) => {
        const { netAmount, taxAmount } = taxOf(amount, basisPoints / 100);
        // |tax − amount × r / (10000 + r)| ≤ ½, the half going up: 2·tax·d − 2·amount·r ∈ (−d, d].
        const d = 10_000n + BigInt(basisPoints);
        const twice = 2n * BigInt(taxAmount) * d - 2n * BigInt(amount) * BigInt(basisPoints);
        expect(twice > -d && twice <= d).toBe(true);
        expect(netAmount + taxAmount).toBe(amount);
        expect(Number.isSafeInteger(taxAmount) && taxAmount >= 0).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the invoice body', () => {
  it('takes a rate with at most two decimals, stored exactly; refuses more; rounds a denormal rate (5e-324: DynamoDB cannot store it) to 0', () => {
    const body = (taxRate: number) => createInvoiceBody.safeParse({ type: 'ordinary', taxRate, issuedAt: '2026-11-22', amount: cny(1_00) });

    expect(body(6.5)).toMatchObject({ success: true, data: { taxRate: 6.5, issuedAt: '2026-11-22T00:00:00.000Z' } });
    expect(body(0.1 + 0.2)).toMatchObject({ success: true, data: { taxRate: 0.3 } });
    expect(body(5e-324)).toMatchObject({ success: true, data: { taxRate: 0 } });
    expect(Object.is((body(-0) as { data: { taxRate: number } }).data.taxRate, 0)).toBe(true);
    expect(body(13.001).success).toBe(false);
    expect(body(100.01).success).toBe(false);
    expect(createInvoiceBody.safeParse({ type: 'ordinary', taxRate: 13, issuedAt: '2026-11-22', amount: cny(1_00), lines: [] }).success).toBe(false);
  });
});

describe('invoices of an order', () => {
  let kit: ReturnType<typeof invoicesTestKit>;
  let order: OrderDetail;
  let a: string;
  const issuedAt = PINNED_NOW.toISOString();

  beforeEach(async () => {
    // Only the clock is pinned: a lost optimistic race waits a real (jittered, milliseconds) moment before reading again.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(PINNED_NOW);
    kit = invoicesTestKit();
    a = kit.addProduct({ stockOnHand: 10, unitPrice: cny(33_33) }).id;
    const customerId = kit.addCustomer('am1');
    kit.details.set(customerId, { nationalTaxNo: '91310000MA1FL0000X', bank: '招商银行上海分行', bankAccount: '6225 8800 0000 0000', phone: '021-50000000' });
    // 3 × 33.33 = 99.99
    order = (await createOrder(kit.deps, { caller: callers.am1, customerId, input: { lines: [{ productId: a, quantity: 3 }] } })).value;
  });
  afterEach(() => vi.useRealTimers());

  const versionNow = () => kit.store.orders.get(order.id)!.version;
  const issue = (input: Partial<CreateInvoiceInput>, caller: Caller = callers.am1, expectedVersion = versionNow()) =>
    createInvoice(kit.invoiceDeps, { caller, orderId: order.id, input: { type: 'special', taxRate: 13, issuedAt, ...input } as CreateInvoiceInput, expectedVersion });
  const voiding = (invoiceId: string, expectedVersion: number, caller: Caller = callers.am1) =>
    voidInvoice(kit.invoiceDeps, { caller, orderId: order.id, invoiceId, input: { reason: '开错抬头' }, expectedVersion });

  it('issues a special invoice: the tax to the fen, the customer’s tax and bank details copied (a later change leaves it)', async () => {
    // Act
    const issued = (await issue({ amount: cny(50_00) })).value;
    kit.details.set(order.customerId, { nationalTaxNo: 'CHANGED' });

    // Assess
    expect(issued).toMatchObject({
      status: 'issued',
      type: 'special',
      amount: cny(50_00),
      netAmount: cny(44_25),
      taxAmount: cny(5_75), // 50.00 × 13 / 113 = 5.752… → 5.75
      buyer: { name: order.customerName, nationalTaxNo: '91310000MA1FL0000X', bank: '招商银行上海分行', bankAccount: '6225 8800 0000 0000', phone: '021-50000000', address: '上海市浦东新区 1 号' },
      orderVersion: 2,
      version: 1,
      issuedAt,
    });
    expect(issued.number).toMatch(/^I261122-[0-9A-Z]{5}$/);
    expect(kit.invoices.get(`${order.id}#${issued.id}`)!.buyer.nationalTaxNo).toBe('91310000MA1FL0000X');
    expect(kit.store.orders.get(order.id)).toMatchObject({ invoicedAmount: cny(50_00), version: 2 });
  });

  it('invoices lines at their share of the order lines, refuses a total over the order’s (409), and takes a voided amount again', async () => {
    // Prepare: 2 of 3 → round-half-up(99.99 × 2 / 3) = 66.66
    const first = (await issue({ lines: [{ productId: a, quantity: 2 }] })).value;
    const writes = kit.state.writes;

    // Act
    const over = issue({ amount: cny(33_34) });
    await expect(over).rejects.toMatchObject({ code: ErrorCode.InvoiceExceedsOrder, details: { errors: [{ path: 'body.amount', message: 'At most 3333 fen.' }] } });
    const rest = (await issue({ amount: cny(33_33) })).value;
    const voided = await voiding(first.id, 1);
    const again = (await issue({ amount: cny(66_66) })).value;

    // Assess
    expect(kit.state.writes).toBe(writes + 3);
    expect(first).toMatchObject({ amount: cny(66_66), lines: [{ productId: a, quantity: 2, amount: cny(66_66) }] });
    expect(rest.amount).toEqual(cny(33_33));
    expect(voided).toMatchObject({ status: 'void', voidReason: '开错抬头', version: 2, voidedAt: PINNED_NOW.toISOString(), orderVersion: 4 });
    expect(again.amount).toEqual(cny(66_66));
    expect(kit.store.orders.get(order.id)).toMatchObject({ invoicedAmount: cny(99_99), version: 5 });
    const listed = await listInvoices(kit.invoiceDeps, { caller: callers.sales, orderId: order.id, page: { limit: 10 } });
    expect(listed.items.map((invoice) => [invoice.id, invoice.status])).toEqual([[first.id, 'void'], [rest.id, 'issued'], [again.id, 'issued']]);
  });

  it('invoices at most the order total net of its credit notes (returns)', async () => {
    // Prepare: a return credited 33.33 of the 99.99.
    const stored = kit.store.orders.get(order.id)!;
    kit.store.orders.set(order.id, { ...stored, creditedAmount: cny(33_33) });

    // Act / Assess
    await expect(issue({ amount: cny(66_67) })).rejects.toMatchObject({ code: ErrorCode.InvoiceExceedsOrder });
    expect((await issue({ amount: cny(66_66) })).value.amount).toEqual(cny(66_66));
    await expect(issue({ amount: cny(1) })).rejects.toMatchObject({ code: ErrorCode.InvoiceExceedsOrder });
  });

  it('refuses, writing nothing: no tax number for 专票, a number in use, a product not on the order, more than ordered, a date before the order or in the future, a stale If-Match, another owner', async () => {
    // Prepare
    kit.details.set(order.customerId, {});
    const first = (await issue({ type: 'ordinary', amount: cny(1_00), number: 'FP-0001' })).value;
    const writes = kit.state.writes;
    const before = structuredClone(kit.store.orders.get(order.id));

    // Act / Assess
    await expect(issue({ amount: cny(1_00) })).rejects.toMatchObject({ code: ErrorCode.TaxNumberMissing, details: { errors: [{ path: 'body.type' }] } });
    await expect(issue({ type: 'ordinary', amount: cny(1_00), number: 'FP-0001' })).rejects.toMatchObject({ code: ErrorCode.InvoiceNumberTaken });
    await expect(issue({ type: 'ordinary', lines: [{ productId: kit.addProduct().id, quantity: 1 }] })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      details: { errors: [{ path: 'body.lines.0.productId' }] },
    });
    await expect(issue({ type: 'ordinary', lines: [{ productId: a, quantity: 4 }] })).rejects.toMatchObject({ details: { errors: [{ path: 'body.lines.0.quantity' }] } });
    await expect(issue({ type: 'ordinary', amount: cny(1_00), issuedAt: '2026-11-21T00:00:00.000Z' })).rejects.toMatchObject({
      details: { errors: [{ path: 'body.issuedAt' }] },
    });
    await expect(issue({ type: 'ordinary', amount: cny(1_00), issuedAt: new Date(PINNED_NOW.getTime() + HOUR).toISOString() })).rejects.toMatchObject({
      details: { errors: [{ path: 'body.issuedAt' }] },
    });
    await expect(issue({ type: 'ordinary', amount: cny(1_00) }, callers.am1, 1)).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    await expect(issue({ type: 'ordinary', amount: cny(1_00) }, callers.am2)).rejects.toMatchObject({ code: ErrorCode.OrderNotFound });

    expect(first.buyer).toEqual({ name: order.customerName, address: '上海市浦东新区 1 号' });
    expect(kit.state.writes).toBe(writes);
    expect(kit.store.orders.get(order.id)).toEqual(before);
  });

  it('an order with invoices not voided cannot be cancelled, nor edited below what is invoiced (409); voided, it can; a cancelled order takes none', async () => {
    // Prepare
    const issued = (await issue({ amount: cny(50_00) })).value;

    // Act / Assess
    await expect(updateOrder(kit.deps, { caller: callers.sales, orderId: order.id, input: { status: 'cancelled' }, expectedVersion: 2 })).rejects.toMatchObject({
      code: ErrorCode.InvalidTransition,
      message: expect.stringContaining('void them'),
    });
    await expect(updateOrder(kit.deps, { caller: callers.sales, orderId: order.id, input: { lines: [{ productId: a, quantity: 1 }] }, expectedVersion: 2 })).rejects.toMatchObject({
      code: ErrorCode.InvoiceExceedsOrder,
    });
    expect(kit.store.orders.get(order.id)).toMatchObject({ status: 'placed', version: 2 });
    const edited = await updateOrder(kit.deps, { caller: callers.sales, orderId: order.id, input: { lines: [{ productId: a, quantity: 2 }] }, expectedVersion: 2 });
    expect(edited.total).toEqual(cny(66_66));
    await voiding(issued.id, 1, callers.sales);
    await updateOrder(kit.deps, { caller: callers.sales, orderId: order.id, input: { status: 'cancelled' }, expectedVersion: 4 });
    await expect(issue({ type: 'ordinary', amount: cny(1_00) })).rejects.toMatchObject({ code: ErrorCode.InvalidTransition, message: expect.stringContaining('cancelled') });
  });

  it('voids once: a stale If-Match is 412, a second void 409, another owner 404; an order changed meanwhile is read again', async () => {
    // Prepare
    const issued = (await issue({ amount: cny(10_00) })).value;
    kit.state.beforeWrite = () => {
      const stored = kit.store.orders.get(order.id)!;
      kit.store.orders.set(order.id, { ...stored, version: stored.version + 1 });
    };

    // Act
    await expect(voiding(issued.id, 2)).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    await expect(voiding(issued.id, 1, callers.am2)).rejects.toMatchObject({ code: ErrorCode.OrderNotFound });
    await expect(voidInvoice(kit.invoiceDeps, { caller: callers.am1, orderId: order.id, invoiceId: order.id, input: {}, expectedVersion: 1 })).rejects.toMatchObject({
      code: ErrorCode.InvoiceNotFound,
    });
    const voided = await voiding(issued.id, 1);

    // Assess: the first write met an order moved by someone else and read again.
    expect(voided).toMatchObject({ status: 'void', orderVersion: 4 });
    expect(kit.store.orders.get(order.id)).toMatchObject({ invoicedAmount: cny(0), version: 4 });
    await expect(voiding(issued.id, 2)).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
  });

  it('draws a generated number again when it is in use, refuses a given one at once; replays a retried Idempotency-Key', async () => {
    // Prepare
    kit.state.numberTakenOnce = true;
    const idempotency = { username: 'am1', key: 'k-1', operationId: 'createInvoice', fingerprint: 'f-1' };
    const request = { caller: callers.am1, orderId: order.id, input: { type: 'ordinary' as const, taxRate: 6, issuedAt, amount: cny(10_00) }, expectedVersion: 1, idempotency };

    // Act
    const first = await createInvoice(kit.invoiceDeps, request);
    const replay = await createInvoice(kit.invoiceDeps, request);

    // Assess
    expect(kit.state.numbersTried).toHaveLength(2);
    expect(kit.state.numbersTried[0]).not.toBe(kit.state.numbersTried[1]);
    expect(first).toMatchObject({ kind: 'created', value: { number: kit.state.numbersTried[1] } });
    expect(replay).toEqual({ kind: 'replayed', value: first.value });
    kit.state.numberTakenOnce = true;
    await expect(issue({ type: 'ordinary', amount: cny(1_00), number: 'FP-0002' })).rejects.toMatchObject({ code: ErrorCode.InvoiceNumberTaken });
    expect(kit.store.orders.get(order.id)).toMatchObject({ invoicedAmount: cny(10_00), version: 2 });
  });
});
