import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '#shared/core/errors';
import { acceptQuote } from '#functions/orders/quotes/accept-quote.use-case';
import { createQuote } from '#functions/orders/quotes/create-quote.use-case';
import { getQuote } from '#functions/orders/quotes/get-quote.use-case';
import { rejectQuote } from '#functions/orders/quotes/reject-quote.use-case';
import { sendQuote } from '#functions/orders/quotes/send-quote.use-case';
import { updateQuote } from '#functions/orders/quotes/update-quote.use-case';
import type { CreateQuoteInput } from '#functions/orders/quotes/quote.schema';
import { createOrder } from '#functions/orders/order/create-order.use-case';
import { callers, PINNED_NOW, quotesTestKit } from '#test/fakes/quotes-test-kit';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const input = (productId: string, extra: Partial<CreateQuoteInput> = {}): CreateQuoteInput => ({
  lines: [{ productId, quantity: 3, discountPercent: 10 }],
  validUntil: '2026-11-30',
  currency: 'CNY',
  terms: '款到发货',
  ...extra,
});

describe('quote use cases', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(PINNED_NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('draws up a draft priced from the product, with a unique number, validity and terms', async () => {
    // Prepare
    const kit = quotesTestKit();
    const product = kit.addProduct({ unitPrice: cny(33_33) });
    const customerId = kit.addCustomer('am1');

    // Act
    const { value: quote, kind } = await createQuote(kit.deps, { caller: callers.am1, customerId, input: input(product.id) });

    // Assess: 3 × 33.33 = 99.99, 10 % = 9.999 → 10.00
    expect(kind).toBe('created');
    expect(quote).toMatchObject({
      status: 'draft', customerId, customerName: 'Customer of am1', subtotal: cny(99_99), discountTotal: cny(10_00), total: cny(89_99),
      validUntil: '2026-11-30', expiresAt: '2026-11-30T16:00:00.000Z', terms: '款到发货', version: 1, createdBy: 'am1',
    });
    expect(quote.quoteNo).toMatch(/^Q261122-[0-9A-Z]{5}$/);
    expect(kit.quoteStore.quotes.get(quote.id)).toEqual(quote);
  });

  it('refuses another owner’s customer (404), a validity that is over (400), and writes nothing', async () => {
    const kit = quotesTestKit();
    const product = kit.addProduct();
    const customerId = kit.addCustomer('am1');
    await expect(createQuote(kit.deps, { caller: callers.am2, customerId, input: input(product.id) })).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
    await expect(createQuote(kit.deps, { caller: callers.am1, customerId, input: input(product.id, { validUntil: '2026-11-21' }) })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
    });
    expect(kit.quoteStore.writes).toBe(0);
  });

  it('names only an opportunity and a live contact of the quote’s own customer: another customer’s or a prospect’s → 400 naming the field, nothing written', async () => {
    // Prepare
    const kit = quotesTestKit();
    const product = kit.addProduct();
    const customerId = kit.addCustomer('am1');
    const otherCustomerId = kit.addCustomer('am1');
    kit.quoteStore.opportunities.set('01JOPPOFTHISCUSTOMER000000', customerId);
    kit.quoteStore.opportunities.set('01JOPPOFOTHERCUSTOMER00000', otherCustomerId);
    kit.quoteStore.opportunities.set('01JOPPOFAPROSPECT000000000', null);
    kit.quoteStore.liveContacts.set(customerId, new Set(['01JCONTACTOFTHISCUSTOMER00']));
    kit.quoteStore.liveContacts.set(otherCustomerId, new Set(['01JCONTACTOFOTHERCUSTOMER0']));
    const create = (refs: Partial<CreateQuoteInput>) => createQuote(kit.deps, { caller: callers.am1, customerId, input: input(product.id, refs) });

    // Act
    const fine = await create({ opportunityId: '01JOPPOFTHISCUSTOMER000000', contactId: '01JCONTACTOFTHISCUSTOMER00' });
    const refusals = await Promise.all(
      [
        { opportunityId: '01JOPPOFOTHERCUSTOMER00000' },
        { opportunityId: '01JOPPOFAPROSPECT000000000' },
        { opportunityId: '01JNOSUCHOPPORTUNITY000000' },
        { contactId: '01JCONTACTOFOTHERCUSTOMER0' },
      ].map((refs) => create(refs).catch((error: unknown) => error)),
    );
    const patched = updateQuote(kit.deps, { caller: callers.am1, quoteId: fine.value.id, input: { contactId: '01JCONTACTOFOTHERCUSTOMER0' }, expectedVersion: 1 });
    const cleared = await updateQuote(kit.deps, { caller: callers.am1, quoteId: fine.value.id, input: { contactId: null, opportunityId: null }, expectedVersion: 1 });

    // Assess
    expect(fine.value).toMatchObject({ opportunityId: '01JOPPOFTHISCUSTOMER000000', contactId: '01JCONTACTOFTHISCUSTOMER00' });
    expect(refusals.map((error) => (error as { details?: { errors?: { path: string }[] } }).details?.errors?.map((e) => e.path))).toEqual([
      ['body.opportunityId'],
      ['body.opportunityId'],
      ['body.opportunityId'],
      ['body.contactId'],
    ]);
    await expect(patched).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    expect(cleared).not.toHaveProperty('contactId');
    expect(cleared).not.toHaveProperty('opportunityId');
    expect(kit.quoteStore.quotes.size).toBe(1);
  });

  it('changes a draft only, with the version read; then send → accept places the order exactly as a direct order would', async () => {
    // Prepare: two identical products and customers, one ordered directly, one through a quote.
    const kit = quotesTestKit();
    const viaQuote = kit.addProduct({ stockOnHand: 10 });
    const direct = kit.addProduct({ stockOnHand: 10 });
    const customerOfQuote = kit.addCustomer('am1');
    const customerOfOrder = kit.addCustomer('am1');
    const draft = (await createQuote(kit.deps, { caller: callers.am1, customerId: customerOfQuote, input: input(viaQuote.id) })).value;

    // Act
    const changed = await updateQuote(kit.deps, { caller: callers.am1, quoteId: draft.id, input: { lines: [{ productId: viaQuote.id, quantity: 4 }] }, expectedVersion: 1 });
    const sent = await sendQuote(kit.deps, { caller: callers.am1, quoteId: draft.id, expectedVersion: changed.version });
    const { quote, order } = await acceptQuote(kit.deps, { caller: callers.am1, quoteId: draft.id, input: {}, expectedVersion: sent.version });
    const placed = (await createOrder(kit.ordersDeps, { caller: callers.am1, customerId: customerOfOrder, input: { lines: [{ productId: direct.id, quantity: 4 }] } })).value;

    // Assess
    expect(changed).toMatchObject({ version: 2, total: cny(4 * 12_50), discountTotal: cny(0) });
    expect(sent).toMatchObject({ status: 'sent', sentAt: PINNED_NOW.toISOString(), version: 3 });
    expect(quote).toMatchObject({ status: 'accepted', orderId: order.id, orderNo: order.orderNo, version: 4 });
    expect(order).toMatchObject({ status: 'placed', total: placed.total, balance: placed.balance, subtotal: placed.subtotal, paymentStatus: 'unpaid', note: `Quote ${draft.quoteNo}` });
    expect(kit.store.products.get(viaQuote.id)!.stockOnHand).toBe(kit.store.products.get(direct.id)!.stockOnHand);
    expect(kit.store.customers.get(customerOfQuote)!.lifetimeValue).toEqual(kit.store.customers.get(customerOfOrder)!.lifetimeValue);
    expect(kit.store.receivables.get(customerOfQuote)).toEqual(kit.store.receivables.get(customerOfOrder));
    await expect(updateQuote(kit.deps, { caller: callers.am1, quoteId: draft.id, input: { terms: 'x' }, expectedVersion: 4 })).rejects.toMatchObject({
      code: ErrorCode.InvalidTransition,
    });
  });

  it('accepts only once: a second accept (same or new version) is 409 and places no second order', async () => {
    const kit = quotesTestKit();
    const product = kit.addProduct({ stockOnHand: 10 });
    const customerId = kit.addCustomer('am1');
    const draft = (await createQuote(kit.deps, { caller: callers.admin, customerId, input: input(product.id) })).value;
    await sendQuote(kit.deps, { caller: callers.admin, quoteId: draft.id, expectedVersion: 1 });
    await acceptQuote(kit.deps, { caller: callers.admin, quoteId: draft.id, input: {}, expectedVersion: 2 });

    await expect(acceptQuote(kit.deps, { caller: callers.admin, quoteId: draft.id, input: {}, expectedVersion: 3 })).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    // The loser of a race read version 2: "accepted already" (409), not 412 — RFC 9110 §13.2.1.
    await expect(acceptQuote(kit.deps, { caller: callers.admin, quoteId: draft.id, input: {}, expectedVersion: 2 })).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    expect(kit.store.orders.size).toBe(1);
    expect(kit.store.products.get(product.id)!.stockOnHand).toBe(7);
  });

  it('refuses accepting after the validity (409 QuoteExpired), short of stock (409 naming the product), a stale If-Match (412) — nothing written', async () => {
    // Prepare
    const kit = quotesTestKit();
    const scarce = kit.addProduct({ stockOnHand: 2, code: 'SCARCE-1' });
    const customerId = kit.addCustomer('am1');
    const short = (await createQuote(kit.deps, { caller: callers.am1, customerId, input: input(scarce.id) })).value;
    await sendQuote(kit.deps, { caller: callers.am1, quoteId: short.id, expectedVersion: 1 });
    const writes = kit.quoteStore.writes;

    // Act / Assess
    await expect(acceptQuote(kit.deps, { caller: callers.am1, quoteId: short.id, input: {}, expectedVersion: 1 })).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    const shortage = acceptQuote(kit.deps, { caller: callers.am1, quoteId: short.id, input: {}, expectedVersion: 2 });
    await expect(shortage).rejects.toMatchObject({ code: ErrorCode.InsufficientStock, message: expect.stringContaining('SCARCE-1') });
    vi.setSystemTime(new Date('2026-11-30T16:00:00.000Z'));
    await expect(acceptQuote(kit.deps, { caller: callers.am1, quoteId: short.id, input: {}, expectedVersion: 2 })).rejects.toMatchObject({ code: ErrorCode.QuoteExpired });
    expect(kit.quoteStore.writes).toBe(writes);
    expect(kit.store.orders.size).toBe(0);
    expect(kit.store.products.get(scarce.id)!.stockOnHand).toBe(2);
  });

  it('hides another owner’s quote (404) and rejects a sent quote only', async () => {
    const kit = quotesTestKit();
    const product = kit.addProduct();
    const customerId = kit.addCustomer('am1');
    const draft = (await createQuote(kit.deps, { caller: callers.am1, customerId, input: input(product.id) })).value;

    await expect(getQuote(kit.deps, { caller: callers.am2, quoteId: draft.id })).rejects.toMatchObject({ code: ErrorCode.QuoteNotFound });
    await expect(rejectQuote(kit.deps, { caller: callers.am1, quoteId: draft.id, input: {}, expectedVersion: 1 })).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    await sendQuote(kit.deps, { caller: callers.am1, quoteId: draft.id, expectedVersion: 1 });
    const rejected = await rejectQuote(kit.deps, { caller: callers.am1, quoteId: draft.id, input: { reason: '价格太高' }, expectedVersion: 2 });
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '价格太高', version: 3 });
  });
});
