import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestGateway } from '#test/support/e2e';
import { quotesDependencies, useQuotesDependencies } from '#functions/orders/quotes/quotes.container';
import { arrangeCustomer } from './scenarios/route-scenarios';
import { arrangeProduct, cny } from './scenarios/orders.scenarios';
import { defineField, uniqueFieldKey } from './scenarios/custom-fields.scenarios';
import { arrangeQuote, expectQuoteUntouched, validUntilAhead } from './scenarios/quotes.scenarios';

type Client = ReturnType<typeof api>;
type Money = { amount: number; currency: string };
type Quote = { id: string; quoteNo: string; status: string; version: number; total: Money; orderId?: string; orderNo?: string };
type Order = { id: string; orderNo: string; status: string; total: Money; balance: Money; subtotal: Money; discountTotal: Money; lines: { amount: Money }[]; note?: string };
type Problem = { status: number; code: string; detail: string; errors?: { path: string; message: string }[] };
type Customer = { lifetimeValue?: Money; lastOrderAt?: string };

describe('quotes end to end', () => {
  let client: Client;
  let stop: () => Promise<void>;
  const stockOf = async (productId: string) => (await client.get<{ stockOnHand: number }>(`/v1/products/${productId}`, { as: 'exec' })).json.stockOnHand;
  const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

  beforeAll(async () => {
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
  });
  afterEach(() => useQuotesDependencies(undefined));
  afterAll(() => stop());

  it('create → send → accept (am1): the order is placed with stock and customer figures moved exactly as a direct order', async () => {
    // Prepare: the same lines once through a quote (at the quoted 10 %), once as a direct order with the same discount in fen.
    const viaQuote = await arrangeCustomer(client, 'am1', { address: '北京市朝阳区 1 号' });
    const direct = await arrangeCustomer(client, 'am1', { address: '北京市朝阳区 2 号' });
    const productA = await arrangeProduct(client, { stock: 20, price: 33_33 });
    const productB = await arrangeProduct(client, { stock: 20, price: 33_33 });
    const created = await client.post<Quote>(
      `/v1/customers/${viaQuote.id}/quotes`,
      { lines: [{ productId: productA.id, quantity: 3, discountPercent: 12.5 }], validUntil: validUntilAhead(), terms: '款到发货', currency: 'CNY' },
      { as: 'am1', headers: { 'idempotency-key': `quote-${viaQuote.id}` } },
    );
    const replay = await client.post<Quote>(
      `/v1/customers/${viaQuote.id}/quotes`,
      { lines: [{ productId: productA.id, quantity: 3, discountPercent: 12.5 }], validUntil: validUntilAhead(), terms: '款到发货', currency: 'CNY' },
      { as: 'am1', headers: { 'idempotency-key': `quote-${viaQuote.id}` } },
    );

    // Act
    const sent = await client.post<Quote>(`/v1/quotes/${created.json.id}/send`, undefined, { as: 'am1', headers: ifMatch(1) });
    const accepted = await client.post<Quote>(`/v1/quotes/${created.json.id}/accept`, {}, { as: 'am1', headers: ifMatch(2) });
    // 3 × 33.33 = 99.99; 12.5 % = 12.49875 → 12.50 — the direct order gets the same discount as an amount.
    const placed = await client.post<Order>(`/v1/customers/${direct.id}/orders`, { lines: [{ productId: productB.id, quantity: 3, discount: cny(12_50) }] }, { as: 'am1' });

    // Assess
    expect(created.status, created.text).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.json.id).toBe(created.json.id);
    expect(sent.json).toMatchObject({ status: 'sent', version: 2 });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.json).toMatchObject({ status: 'accepted', version: 3, total: cny(87_49) });
    const order = await client.get<Order>(`/v1/orders/${accepted.json.orderId}`, { as: 'am1' });
    expect(order.status).toBe(200);
    expect(accepted.headers.get('location')).toBe(`/v1/orders/${order.json.id}`);
    expect(order.json).toMatchObject({ status: 'placed', orderNo: accepted.json.orderNo, total: placed.json.total, balance: placed.json.balance, subtotal: placed.json.subtotal, discountTotal: placed.json.discountTotal, note: `Quote ${created.json.quoteNo}` });
    expect(await stockOf(productA.id)).toBe(await stockOf(productB.id));
    const [customerOfQuote, customerOfOrder] = await Promise.all([
      client.get<Customer>(`/v1/customers/${viaQuote.id}`, { as: 'am1' }),
      client.get<Customer>(`/v1/customers/${direct.id}`, { as: 'am1' }),
    ]);
    expect(customerOfQuote.json.lifetimeValue).toEqual(customerOfOrder.json.lifetimeValue);
    expect(customerOfQuote.json.lifetimeValue).toEqual(cny(87_49));
    const orders = await client.get<{ items: { id: string }[] }>(`/v1/customers/${viaQuote.id}/orders`, { as: 'am1' });
    expect(orders.json.items.map((item) => item.id)).toEqual([order.json.id]);
  });

  it('lets exactly one of two racing accepts place the order; the other gets 409 and no second order exists', async () => {
    for (let round = 0; round < 2; round += 1) {
      // Prepare
      const { quote, customer, product } = await arrangeQuote(client, 'am2', { send: true });

      // Act
      const answers = await Promise.all([
        client.post<Quote | Problem>(`/v1/quotes/${quote.id}/accept`, {}, { as: 'am2', headers: ifMatch(2) }),
        client.post<Quote | Problem>(`/v1/quotes/${quote.id}/accept`, {}, { as: 'sales', headers: ifMatch(2) }),
      ]);

      // Assess
      expect(answers.map((answer) => answer.status).sort(), answers.map((answer) => answer.text).join(' ')).toEqual([200, 409]);
      const orders = await client.get<{ items: unknown[] }>(`/v1/customers/${customer.id}/orders`, { as: 'admin' });
      expect(orders.json.items).toHaveLength(1);
      expect(await stockOf(product.id)).toBe(98);
    }
  });

  it('refuses accepting a quote past its validity (409 QuoteExpired), short of stock (409 naming the product), twice (409) — nothing written', async () => {
    // Prepare
    const late = await arrangeQuote(client, 'am1', { send: true });
    const short = await arrangeQuote(client, 'am1', { send: true });
    await client.post(`/v1/products/${short.product.id}/stock-adjustments`, { delta: -99, reason: 'damaged' }, { as: 'admin' });

    // Act: the quote's clock a day past its validity (the tokens keep the real time).
    const real = quotesDependencies();
    useQuotesDependencies({ ...real, clock: { now: () => new Date(Date.now() + 40 * 86_400_000) } });
    const expired = await client.post<Problem>(`/v1/quotes/${late.quote.id}/accept`, {}, { as: 'am1', headers: ifMatch(2) });
    useQuotesDependencies(real);
    const shortage = await client.post<Problem>(`/v1/quotes/${short.quote.id}/accept`, {}, { as: 'am1', headers: ifMatch(2) });

    // Assess
    expect(expired.status, expired.text).toBe(409);
    expect(expired.json.code).toBe('QuoteExpired');
    await expectQuoteUntouched(client, late);
    expect(shortage.status, shortage.text).toBe(409);
    expect(shortage.json).toMatchObject({ code: 'InsufficientStock', detail: expect.stringContaining(short.product.code) });
    const current = await client.get<Quote>(`/v1/quotes/${short.quote.id}`, { as: 'admin' });
    expect(current.json).toMatchObject({ status: 'sent', version: 2 });
    expect(await stockOf(short.product.id)).toBe(1);
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    // Prepare
    const arranged = await arrangeQuote(client, 'am1');
    const path = `/v1/customers/${arranged.customer.id}/quotes`;
    const line = { productId: arranged.product.id, quantity: 1 };
    const yesterday = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const bad: [string, unknown, string][] = [
      ['quantity 0', { lines: [{ ...line, quantity: 0 }], validUntil: validUntilAhead() }, 'body.lines.0.quantity'],
      ['unknown product', { lines: [{ ...line, productId: '01JNW8Y3C5K7Q2V9R4T6M8P0ZZ' }], validUntil: validUntilAhead() }, 'body.lines.0.productId'],
      ['validUntil in the past', { lines: [line], validUntil: yesterday }, 'body.validUntil'],
      ['discount over 100 %', { lines: [{ ...line, discountPercent: 100.5 }], validUntil: validUntilAhead() }, 'body.lines.0.discountPercent'],
      ['another currency', { lines: [line], validUntil: validUntilAhead(), currency: 'USD' }, 'body.currency'],
      ['a price by an account manager', { lines: [{ ...line, unitPrice: cny(1) }], validUntil: validUntilAhead() }, 'body.lines.0.unitPrice'],
    ];

    for (const [label, body, field] of bad) {
      // Act
      const response = await client.post<Problem>(path, body, { as: 'am1' });
      // Assess
      expect(response.status, `${label}: ${response.text}`).toBe(400);
      expect(response.json.errors?.map((error) => error.path), label).toContain(field);
    }
    const patched = await client.patch<Problem>(`/v1/quotes/${arranged.quote.id}`, { lines: [{ ...line, discountPercent: 101 }] }, { as: 'am1', headers: ifMatch(1) });
    expect(patched.status).toBe(400);
    const list = await client.get<{ items: Quote[] }>(path, { as: 'am1' });
    expect(list.json.items.map((quote) => quote.id)).toEqual([arranged.quote.id]);
    await expectQuoteUntouched(client, arranged);
  });

  it('names only the customer’s own opportunity and contact; accepting takes the order’s custom-field values, checked like a direct order’s', async () => {
    // Prepare: a sent quote of am1's customer, an opportunity and a contact of it, a contact of another customer, an order select field.
    const arranged = await arrangeQuote(client, 'am1', { send: true });
    const other = await arrangeCustomer(client, 'am1');
    const opportunity = await client.post<{ id: string }>('/v1/opportunities', { customerId: arranged.customer.id, summary: '年度采购', successRate: 40 }, { as: 'sales' });
    const ownContact = await client.post<{ id: string }>(`/v1/customers/${arranged.customer.id}/contacts`, { name: '王芳' }, { as: 'am1' });
    const foreignContact = await client.post<{ id: string }>(`/v1/customers/${other.id}/contacts`, { name: '李雷' }, { as: 'am1' });
    const field = await defineField(client, { entityType: 'order', key: uniqueFieldKey('channel'), label: '渠道', type: 'singleSelect', options: [{ code: 'web', label: '网站' }] });
    const path = `/v1/customers/${arranged.customer.id}/quotes`;
    const line = { productId: arranged.product.id, quantity: 1 };

    // Act
    const foreign = await client.post<Problem>(path, { lines: [line], validUntil: validUntilAhead(), contactId: foreignContact.json.id }, { as: 'am1' });
    const own = await client.post<Quote & { opportunityId?: string; contactId?: string }>(
      path,
      { lines: [line], validUntil: validUntilAhead(), contactId: ownContact.json.id, opportunityId: opportunity.json.id },
      { as: 'am1' },
    );
    const badCustom = await client.post<Problem>(`/v1/quotes/${arranged.quote.id}/accept`, { custom: { [field.key]: 'fax' } }, { as: 'am1', headers: ifMatch(arranged.quote.version) });
    const untouched = await client.get<Quote>(`/v1/quotes/${arranged.quote.id}`, { as: 'am1' });
    const accepted = await client.post<Quote>(`/v1/quotes/${arranged.quote.id}/accept`, { custom: { [field.key]: 'web' } }, { as: 'am1', headers: ifMatch(arranged.quote.version) });

    // Assess
    expect([opportunity.status, ownContact.status, foreignContact.status]).toEqual([201, 201, 201]);
    expect(foreign.status, foreign.text).toBe(400);
    expect(foreign.json.errors?.map((error) => error.path)).toEqual(['body.contactId']);
    expect(own.status, own.text).toBe(201);
    expect(own.json).toMatchObject({ contactId: ownContact.json.id, opportunityId: opportunity.json.id });
    expect(badCustom.status, badCustom.text).toBe(400);
    expect(badCustom.json.errors?.map((error) => error.path)).toEqual([`body.custom.${field.key}`]);
    expect(untouched.json).toMatchObject({ status: 'sent', version: arranged.quote.version });
    expect(accepted.status, accepted.text).toBe(200);
    const order = await client.get<Order & { custom?: Record<string, unknown> }>(`/v1/orders/${accepted.json.orderId}`, { as: 'am1' });
    expect(order.json.custom).toEqual({ [field.key]: 'web' });
    // The 360 view lists the customer's quotes newest first, without lines.
    const overview = await client.get<{ recentQuotes: Record<string, unknown>[] }>(`/v1/customers/${arranged.customer.id}/overview`, { as: 'am1' });
    expect(overview.json.recentQuotes).toEqual([
      expect.objectContaining({ id: own.json.id, status: 'draft', opportunityId: opportunity.json.id }),
      expect.objectContaining({ id: arranged.quote.id, status: 'accepted', orderId: accepted.json.orderId }),
    ]);
    expect(overview.json.recentQuotes[0]).not.toHaveProperty('lines');
  });

  it('scopes quotes by the customer’s owner: am2 sees 404, exec reads and cannot write (403)', async () => {
    const { quote, customer } = await arrangeQuote(client, 'am1');
    expect((await client.get(`/v1/quotes/${quote.id}`, { as: 'am2' })).status).toBe(404);
    expect((await client.get(`/v1/customers/${customer.id}/quotes`, { as: 'am2' })).status).toBe(404);
    expect((await client.get(`/v1/quotes/${quote.id}`, { as: 'exec' })).status).toBe(200);
    expect((await client.post(`/v1/quotes/${quote.id}/send`, undefined, { as: 'exec', headers: ifMatch(1) })).status).toBe(403);
  });
});
