import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import type { api } from '#test/support/e2e';
import { arrangeOrder, cny } from './orders.scenarios';
import type { RouteScenario } from './route-scenario';

type Client = ReturnType<typeof api>;
type Invoice = { id: string; version: number; status: string; amount: { amount: number }; orderVersion: number };

/** An ordinary invoice (普票) of `amount` fen at 13 %, issued now. */
export const invoiceBody = (amount: number, extra: Record<string, unknown> = {}) => ({
  type: 'ordinary',
  taxRate: 13,
  issuedAt: new Date().toISOString(),
  amount: cny(amount),
  ...extra,
});

/** The order is at `version` and its invoices are exactly `expected` (id → status and version). */
export const expectInvoicesUntouched = async (
  client: Client,
  orderId: string,
  version: number,
  expected: readonly Pick<Invoice, 'id' | 'status' | 'version'>[],
): Promise<void> => {
  const current = await client.get<{ version: number }>(`/v1/orders/${orderId}`, { as: 'admin' });
  expect(current.status).toBe(200);
  expect(current.json.version).toBe(version);
  const invoices = await client.get<{ items: Invoice[] }>(`/v1/orders/${orderId}/invoices`, { as: 'admin' });
  expect(invoices.status).toBe(200);
  expect(invoices.json.items.map(({ id, status, version: v }) => ({ id, status, version: v }))).toEqual(expected);
};

/** An order of `owner`'s customer (2 × 12.50, placed by the admin) with one invoice of 10.00, issued by the admin. */
const arrangeInvoice = async (client: Client, owner: string) => {
  const arranged = await arrangeOrder(client, owner);
  const created = await client.post<Invoice>(`/v1/orders/${arranged.order.id}/invoices`, invoiceBody(10_00), { as: 'admin', headers: { 'if-match': '"1"' } });
  expect(created.status, created.text).toBe(201);
  return { ...arranged, invoice: created.json };
};

/** How to exercise each invoice route in the generated authorization matrix. */
export const INVOICE_SCENARIOS = {
  listInvoices: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const { order, invoice } = await arrangeInvoice(client, owner);
      return {
        method: 'GET',
        path: `/v1/orders/${order.id}/invoices`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          expect((response.json as { items: Invoice[] }).items.map((item) => item.id)).toEqual([invoice.id]);
        },
      };
    },
  },
  createInvoice: {
    target: 'record',
    successStatus: 201,
    async arrange(client, owner) {
      const { order } = await arrangeOrder(client, owner);
      return {
        method: 'POST',
        path: `/v1/orders/${order.id}/invoices`,
        body: invoiceBody(11_30),
        headers: { 'if-match': '"1"' },
        assertUnchanged: () => expectInvoicesUntouched(client, order.id, 1, []),
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ status: 'issued', amount: cny(11_30), netAmount: cny(10_00), taxAmount: cny(1_30), version: 1, orderVersion: 2 });
          expect(response.headers.get('location')).toMatch(new RegExp(`^/v1/orders/${order.id}/invoices/[0-9A-Z]{26}$`));
        },
      };
    },
  },
  voidInvoice: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const { order, invoice } = await arrangeInvoice(client, owner);
      return {
        method: 'POST',
        path: `/v1/orders/${order.id}/invoices/${invoice.id}/void`,
        body: { reason: '开错抬头' },
        headers: { 'if-match': '"1"' },
        assertUnchanged: () => expectInvoicesUntouched(client, order.id, 2, [{ id: invoice.id, status: 'issued', version: 1 }]),
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ id: invoice.id, status: 'void', version: 2, orderVersion: 3 });
        },
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
