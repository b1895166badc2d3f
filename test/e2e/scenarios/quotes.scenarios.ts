import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import type { api } from '#test/support/e2e';
import { arrangeProduct, cny, expectProductUntouched } from './orders.scenarios';
import { arrangeCustomer, type RouteScenario } from './route-scenario';

type Client = ReturnType<typeof api>;
type Quote = { id: string; version: number; status: string; quoteNo: string; total: { amount: number } };

/** A validity date a month ahead of today: the quote is not expired during the run. */
export const validUntilAhead = (days = 30): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A customer owned by `owner`, a product (stock 100, 12.50) and a draft quote of 2 units at 10 %, made by the admin. */
export const arrangeQuote = async (client: Client, owner: string, options: { send?: boolean; stock?: number } = {}) => {
  const customer = await arrangeCustomer(client, owner, { address: '上海市浦东新区 1 号' });
  const product = await arrangeProduct(client, { stock: options.stock ?? 100 });
  const created = await client.post<Quote>(
    `/v1/customers/${customer.id}/quotes`,
    { lines: [{ productId: product.id, quantity: 2, discountPercent: 10 }], validUntil: validUntilAhead(), terms: '款到发货', currency: 'CNY' },
    { as: 'admin' },
  );
  expect(created.status, created.text).toBe(201);
  let quote = created.json;
  if (options.send) {
    const sent = await client.post<Quote>(`/v1/quotes/${quote.id}/send`, undefined, { as: 'admin', headers: { 'if-match': `"${quote.version}"` } });
    expect(sent.status, sent.text).toBe(200);
    quote = sent.json;
  }
  return { customer, product, quote };
};

/** The quote is as arranged (status and version), no order was placed from it, and its product's stock is whole. */
export const expectQuoteUntouched = async (client: Client, arranged: Awaited<ReturnType<typeof arrangeQuote>>): Promise<void> => {
  const current = await client.get<Quote & { orderId?: string }>(`/v1/quotes/${arranged.quote.id}`, { as: 'admin' });
  expect(current.status).toBe(200);
  expect(current.json).toMatchObject({ version: arranged.quote.version, status: arranged.quote.status });
  expect(current.json.orderId).toBeUndefined();
  await expectProductUntouched(client, arranged.product.id, 100);
  const orders = await client.get<{ items: unknown[] }>(`/v1/customers/${arranged.customer.id}/orders`, { as: 'admin' });
  expect(orders.json.items).toEqual([]);
};

const quoteRoute = (
  successStatus: number,
  options: { send?: boolean },
  build: (arranged: Awaited<ReturnType<typeof arrangeQuote>>) => { method: string; path: string; body?: unknown; headers?: Record<string, string> },
): RouteScenario => ({
  target: 'record',
  successStatus,
  async arrange(client, owner) {
    const arranged = await arrangeQuote(client, owner, options);
    return { ...build(arranged), assertUnchanged: () => expectQuoteUntouched(client, arranged) };
  },
});

/** How to exercise each quote route in the generated authorization matrix. */
export const QUOTE_SCENARIOS = {
  listCustomerQuotes: quoteRoute(200, {}, ({ customer }) => ({ method: 'GET', path: `/v1/customers/${customer.id}/quotes` })),
  createQuote: {
    target: 'record',
    successStatus: 201,
    async arrange(client, owner) {
      const customer = await arrangeCustomer(client, owner);
      const product = await arrangeProduct(client);
      return {
        method: 'POST',
        path: `/v1/customers/${customer.id}/quotes`,
        body: { lines: [{ productId: product.id, quantity: 3, discountPercent: 12.5 }], validUntil: validUntilAhead(), currency: 'CNY' },
        assertUnchanged: async () => {
          const quotes = await client.get<{ items: unknown[] }>(`/v1/customers/${customer.id}/quotes`, { as: 'admin' });
          expect(quotes.json.items).toEqual([]);
        },
        assertSuccess: (response) => {
          // 3 × 12.50 = 37.50; 12.5 % = 4.6875 → 4.69
          expect(response.json).toMatchObject({ status: 'draft', subtotal: cny(37_50), discountTotal: cny(4_69), total: cny(32_81), version: 1 });
        },
      };
    },
  },
  getQuote: quoteRoute(200, {}, ({ quote }) => ({ method: 'GET', path: `/v1/quotes/${quote.id}` })),
  updateQuote: quoteRoute(200, {}, ({ quote }) => ({ method: 'PATCH', path: `/v1/quotes/${quote.id}`, body: { terms: '货到付款' }, headers: { 'if-match': '"1"' } })),
  sendQuote: quoteRoute(200, {}, ({ quote }) => ({ method: 'POST', path: `/v1/quotes/${quote.id}/send`, headers: { 'if-match': '"1"' } })),
  acceptQuote: quoteRoute(200, { send: true }, ({ quote }) => ({ method: 'POST', path: `/v1/quotes/${quote.id}/accept`, body: {}, headers: { 'if-match': '"2"' } })),
  rejectQuote: quoteRoute(200, { send: true }, ({ quote }) => ({ method: 'POST', path: `/v1/quotes/${quote.id}/reject`, body: { reason: '预算不足' }, headers: { 'if-match': '"2"' } })),
} satisfies Partial<Record<OperationId, RouteScenario>>;
