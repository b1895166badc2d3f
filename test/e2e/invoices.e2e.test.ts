import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestGateway } from '#test/support/e2e';
import { arrangeCustomer } from './scenarios/route-scenarios';
import { arrangeProduct, cny } from './scenarios/orders.scenarios';
import { expectInvoicesUntouched, invoiceBody } from './scenarios/invoices.scenarios';

type Client = ReturnType<typeof api>;
type Money = { amount: number; currency: string };
type Invoice = { id: string; number: string; status: string; version: number; orderVersion: number; amount: Money; netAmount: Money; taxAmount: Money; buyer: Record<string, string> };
type Problem = { code: string; errors?: { path: string }[] };

describe('invoices end to end', () => {
  let client: Client;
  let stop: () => Promise<void>;
  const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

  beforeAll(async () => {
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
  });
  afterAll(() => stop());

  /** An order of am1's customer (with tax and bank details unless told otherwise): 3 × 33.33 = 99.99. */
  const arrange = async (customerFields: Record<string, unknown> = { nationalTaxNo: '91310000MA1FL0000X', bank: '招商银行上海分行', bankAccount: '6225880000000000' }) => {
    const customer = await arrangeCustomer(client, 'am1', { address: '上海市浦东新区 1 号', ...customerFields });
    const product = await arrangeProduct(client, { stock: 10, price: 33_33 });
    const placed = await client.post<{ id: string }>(`/v1/customers/${customer.id}/orders`, { lines: [{ productId: product.id, quantity: 3 }] }, { as: 'am1' });
    expect(placed.status, placed.text).toBe(201);
    return { customer, product, order: placed.json };
  };

  it('issues a special invoice with the customer’s details copied and lines at their share, voids it, issues the whole; the 360 view lists them (am1)', async () => {
    // Prepare
    const { customer, product, order } = await arrange();
    const key = { 'idempotency-key': `invoice-${order.id}` };
    const special = { type: 'special', taxRate: 13, issuedAt: new Date().toISOString(), lines: [{ productId: product.id, quantity: 2 }] };

    // Act
    const issued = await client.post<Invoice>(`/v1/orders/${order.id}/invoices`, special, { as: 'am1', headers: { ...ifMatch(1), ...key } });
    const replay = await client.post<Invoice>(`/v1/orders/${order.id}/invoices`, special, { as: 'am1', headers: { ...ifMatch(1), ...key } });
    const renamed = await client.patch(`/v1/customers/${customer.id}`, { bank: '工商银行' }, { as: 'admin', headers: ifMatch(1) });
    const over = await client.post<Problem>(`/v1/orders/${order.id}/invoices`, invoiceBody(33_34), { as: 'am1', headers: ifMatch(2) });
    const voided = await client.post<Invoice>(`/v1/orders/${order.id}/invoices/${issued.json.id}/void`, { reason: '开错' }, { as: 'am1', headers: ifMatch(1) });
    const whole = await client.post<Invoice>(`/v1/orders/${order.id}/invoices`, invoiceBody(99_99), { as: 'sales', headers: ifMatch(voided.json.orderVersion) });
    const overview = await client.get<{ recentInvoices: { id: string; status: string }[] }>(`/v1/customers/${customer.id}/overview`, { as: 'am1' });
    const read = await client.get<{ invoicedAmount: Money; version: number }>(`/v1/orders/${order.id}`, { as: 'am1' });
    const listed = await client.get<{ items: Invoice[] }>(`/v1/orders/${order.id}/invoices`, { as: 'exec' });

    // Assess: 2 of 3 → 66.66; 66.66 × 13 / 113 = 7.668… → 7.67
    expect(issued.status, issued.text).toBe(201);
    expect(issued.json).toMatchObject({ status: 'issued', amount: cny(66_66), netAmount: cny(58_99), taxAmount: cny(7_67), orderVersion: 2 });
    expect(issued.json.buyer).toMatchObject({ nationalTaxNo: '91310000MA1FL0000X', bank: '招商银行上海分行', bankAccount: '6225880000000000' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.json.id).toBe(issued.json.id);
    expect(renamed.status).toBe(200);
    expect([over.status, over.json.code]).toEqual([409, 'InvoiceExceedsOrder']);
    expect(voided.status, voided.text).toBe(200);
    expect(voided.json).toMatchObject({ status: 'void', version: 2, orderVersion: 3, buyer: { bank: '招商银行上海分行' } });
    expect(whole.status, whole.text).toBe(201);
    expect(whole.json.buyer.bank).toBe('工商银行');
    expect(overview.json.recentInvoices.map((item) => [item.id, item.status])).toEqual([[whole.json.id, 'issued'], [issued.json.id, 'void']]);
    expect(read.json).toMatchObject({ invoicedAmount: cny(99_99), version: 4 });
    expect(listed.json.items.map((item) => item.id)).toEqual([issued.json.id, whole.json.id]);
  });

  it('refuses, writing nothing: 专票 without a tax number (409), a number in use (409), a stale If-Match (412), a cancelled order (409), an executive (403), another owner (404)', async () => {
    // Prepare
    const { order } = await arrange({});
    const path = `/v1/orders/${order.id}/invoices`;
    const first = await client.post<Invoice>(path, invoiceBody(1_00), { as: 'am1', headers: ifMatch(1) });
    expect(first.status, first.text).toBe(201);

    // Act
    const special = await client.post<Problem>(path, { ...invoiceBody(1_00), type: 'special' }, { as: 'am1', headers: ifMatch(2) });
    const taken = await client.post<Problem>(path, invoiceBody(1_00, { number: first.json.number }), { as: 'am1', headers: ifMatch(2) });
    const stale = await client.post<Problem>(path, invoiceBody(1_00), { as: 'am1', headers: ifMatch(1) });
    const cancel = await client.patch<Problem>(`/v1/orders/${order.id}`, { status: 'cancelled' }, { as: 'sales', headers: ifMatch(2) });
    const executive = await client.post<Problem>(path, invoiceBody(1_00), { as: 'exec', headers: ifMatch(2) });
    const notTheirs = await client.post<Problem>(path, invoiceBody(1_00), { as: 'am2', headers: ifMatch(2) });

    // Assess
    expect([special.status, special.json.code]).toEqual([409, 'TaxNumberMissing']);
    expect([taken.status, taken.json.code]).toEqual([409, 'InvoiceNumberTaken']);
    expect(stale.status).toBe(412);
    expect(cancel.status).toBe(409);
    expect(executive.status).toBe(403);
    expect(notTheirs.status).toBe(404);
    await expectInvoicesUntouched(client, order.id, 2, [{ id: first.json.id, status: 'issued', version: 1 }]);
  });
});
