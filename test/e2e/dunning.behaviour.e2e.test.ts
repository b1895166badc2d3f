import { describe, expect, it } from 'vitest';
import { reminderJobDependencies } from '#functions/jobs/reminders.container';
import { runReminders } from '#functions/jobs/reminders.use-case';
import { sentMail } from '#local/ses-local';
import { api, useLocalStack, useTestGateway } from '#test/support/e2e';
import { arrangeLetterOrder, arrangeOverdueOrder, readLetterTemplate, restoreLetterTemplate } from './scenarios/dunning.scenarios';
import type { NotificationItem } from './scenarios/notifications.scenarios';
import { arrangeCustomer } from './scenarios/route-scenario';
import { arrangeProduct, cny } from './scenarios/orders.scenarios';

type Client = ReturnType<typeof api>;

/**
 * Dunning end to end per role through the local gateway: payment terms on customers and orders, the overdue list
 * scoped like the orders, notes with promises, and the reminders delivered by the reminder job (run locally with its
 * clock a few minutes ahead, so no test waits for a due minute).
 */
describe('dunning: payment terms, overdue list, notes, reminders', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  /** The reminder job over the last minutes as if it ran `minutes` from now; answers the owner's notifications of `sourceId`. */
  const runJobAhead = async (minutes: number, owner: string, sourceId: string) => {
    const ahead = new Date(Date.now() + minutes * 60_000);
    await runReminders({ ...reminderJobDependencies(), clock: { now: () => ahead } }, { since: new Date(Date.now() - 120_000).toISOString() });
    const inbox = await client.get<{ items: NotificationItem[] }>('/v1/notifications?limit=100', { as: owner });
    return inbox.json.items.filter((item) => item.sourceId === sourceId);
  };

  it("takes the customer's payment terms for an order, and shows both in the answers; bad terms are a 400 naming the field", async () => {
    // Prepare
    const customer = await arrangeCustomer(client, 'am1', { address: '杭州市西湖区 8 号', paymentTermsDays: 45 });
    const product = await arrangeProduct(client);
    // Act
    const order = await client.post<{ paymentTermsDays: number; dueAt: string; orderedAt: string }>(`/v1/customers/${customer.id}/orders`, { lines: [{ productId: product.id, quantity: 1 }] }, { as: 'am1' });
    const read = await client.get<{ paymentTermsDays: number }>(`/v1/customers/${customer.id}`, { as: 'am1' });
    const tooLong = await client.post(`/v1/customers/${customer.id}/orders`, { paymentTermsDays: 366, lines: [{ productId: product.id, quantity: 1 }] }, { as: 'am1' });
    const badCustomer = await client.patch(`/v1/customers/${customer.id}`, { paymentTermsDays: 1.5 }, { as: 'am1', headers: { 'if-match': '"1"' } });
    // Assess
    expect(order.status, order.text).toBe(201);
    expect(order.json.paymentTermsDays).toBe(45);
    expect(order.json.dueAt).toBe(new Date(Date.parse(order.json.orderedAt) + 45 * 86_400_000).toISOString());
    expect(read.json.paymentTermsDays).toBe(45);
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain('body.paymentTermsDays');
    expect(badCustomer.status).toBe(400);
    expect(badCustomer.text).toContain('body.paymentTermsDays');
  });

  it('lists an overdue balance to its owner and managers only, until it is paid', async () => {
    // Prepare
    const { order } = await arrangeOverdueOrder(client, 'am1');
    const inList = async (as: string) => (await client.get<{ items: { orderId: string }[] }>('/v1/dunning?limit=100', { as })).json.items.some((item) => item.orderId === order.id);
    // Act
    const seen = { am1: await inList('am1'), am2: await inList('am2'), sales: await inList('sales'), exec: await inList('exec') };
    const paid = await client.post(`/v1/orders/${order.id}/payments`, { amount: cny(25_00), method: 'cash' }, { as: 'am1' });
    // Assess
    expect(seen).toEqual({ am1: true, am2: false, sales: true, exec: true });
    expect(paid.status, paid.text).toBe(201);
    expect(await inList('sales')).toBe(false);
  });

  it("reminds the owner once when a balance falls overdue; a broken promise reminds them, a kept one does not", async () => {
    // Prepare: due now (net 0): the overdue reminder comes a minute after entry.
    const customer = await arrangeCustomer(client, 'am1', { address: '南京市鼓楼区 9 号' });
    const product = await arrangeProduct(client, { price: 100_00 });
    const order = await client.post<{ id: string }>(`/v1/customers/${customer.id}/orders`, { paymentTermsDays: 0, lines: [{ productId: product.id, quantity: 1 }] }, { as: 'am1' });
    const kept = await client.post<{ id: string }>(`/v1/customers/${customer.id}/orders`, { lines: [{ productId: product.id, quantity: 1 }] }, { as: 'am1' });
    const soon = new Date(Date.now() + 60_000).toISOString();
    const broken = await client.post<{ id: string }>(`/v1/orders/${order.json.id}/dunning-notes`, { method: 'phone', note: '明天付款', promisedPayAt: soon }, { as: 'am1' });
    const keptNote = await client.post<{ id: string }>(`/v1/orders/${kept.json.id}/dunning-notes`, { method: 'visit', note: '付五十', promisedPayAt: soon, promisedAmount: cny(50_00) }, { as: 'am1' });
    await client.post(`/v1/orders/${kept.json.id}/payments`, { amount: cny(50_00), method: 'cash' }, { as: 'am1' });
    // Act: two runs, as if three minutes later.
    const overdue = await runJobAhead(3, 'am1', order.json.id);
    const again = await runJobAhead(3, 'am1', order.json.id);
    const brokenNotes = await runJobAhead(3, 'am1', broken.json.id);
    const keptNotes = await runJobAhead(3, 'am1', keptNote.json.id);
    const notes = await client.get<{ items: { id: string; promisedAmount: { amount: number } }[] }>(`/v1/orders/${order.json.id}/dunning-notes`, { as: 'sales' });
    // Assess
    expect(broken.status, broken.text).toBe(201);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ kind: 'dunning', title: expect.stringContaining('Payment overdue'), path: `/v1/orders/${order.json.id}` });
    expect(again).toHaveLength(1);
    expect(brokenNotes).toEqual([expect.objectContaining({ kind: 'dunning', title: expect.stringContaining('Promise to pay broken') })]);
    expect(keptNotes).toEqual([]);
    expect(notes.json.items).toEqual([expect.objectContaining({ id: broken.json.id, promisedAmount: cny(100_00) })]);
  });

  it("after a transfer the new owner sees the customer's overdue balances and gets their reminders; the old owner neither", async () => {
    // Prepare: am2's customer with an overdue order (its reminder armed for am2 at placement); am1's mail on.
    const { customer, order } = await arrangeOverdueOrder(client, 'am2');
    const inList = async (as: string) => (await client.get<{ items: { orderId: string }[] }>('/v1/dunning?limit=100', { as })).json.items.some((item) => item.orderId === order.id);
    const preferences = await client.get<{ version: number }>('/v1/me/notification-preferences', { as: 'am1' });
    await client.put('/v1/me/notification-preferences', { emailEnabled: true, quietHours: null }, { as: 'am1', headers: { 'if-match': `"${preferences.json.version}"` } });
    const current = await client.get<{ version: number }>(`/v1/customers/${customer.id}`, { as: 'sales' });
    // Act
    const transfer = await client.post(`/v1/customers/${customer.id}/transfer`, { ownerId: 'am1', reason: 'coverage' }, { as: 'sales', headers: { 'if-match': `"${current.json.version}"` } });
    const seen = { am1: await inList('am1'), am2: await inList('am2') };
    const newOwner = await runJobAhead(3, 'am1', order.id);
    const oldOwner = await runJobAhead(3, 'am2', order.id);
    const mail = (await sentMail(useLocalStack().sesEndpoint!)).filter((item) => item.subject.includes((order as unknown as { orderNo: string }).orderNo));
    // Assess
    expect(transfer.status, transfer.text).toBe(200);
    expect(seen).toEqual({ am1: true, am2: false });
    expect(newOwner).toEqual([expect.objectContaining({ kind: 'dunning', title: expect.stringContaining('Payment overdue') })]);
    expect(oldOwner).toEqual([]);
    expect(mail.map((item) => item.destination.to)).toEqual([['zhang.wei@example.com']]);
  });

  it('refuses bad notes with a 400 naming the field and writes nothing', async () => {
    // Prepare
    const { order } = await arrangeOverdueOrder(client, 'am1');
    const past = new Date(Date.now() - 60_000).toISOString();
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const cases: [unknown, string][] = [
      [{ method: 'carrier-pigeon', note: 'x' }, 'body.method'],
      [{ method: 'phone' }, 'body.note'],
      [{ method: 'phone', note: 'x', promisedPayAt: past }, 'body.promisedPayAt'],
      [{ method: 'phone', note: 'x', promisedAmount: cny(1_00) }, 'body.promisedPayAt'],
      [{ method: 'phone', note: 'x', promisedPayAt: later, promisedAmount: cny(999_999_00) }, 'body.promisedAmount.amount'],
      [{ method: 'phone', note: 'x', promisedPayAt: later, promisedAmount: { amount: 1_00, currency: 'USD' } }, 'body.promisedAmount.currency'],
      [{ method: 'phone', note: 'x', ownerId: 'am2' }, 'body'],
    ];
    // Act
    const answers = [];
    for (const [body] of cases) answers.push(await client.post(`/v1/orders/${order.id}/dunning-notes`, body, { as: 'am1' }));
    const notes = await client.get<{ items: unknown[] }>(`/v1/orders/${order.id}/dunning-notes`, { as: 'am1' });
    // Assess
    answers.forEach((answer, index) => {
      expect(answer.status, answer.text).toBe(400);
      expect(answer.text).toContain(cases[index]![1]);
    });
    expect(notes.json.items).toEqual([]);
  });

  it('letters: the first needs approval (request → approve → send), mail reaches SES once; no address → 409', async () => {
    // Prepare
    const { order } = await arrangeLetterOrder(client, 'am1', 'ap.dunning@example.com');
    const { order: silent } = await arrangeLetterOrder(client, 'am1', null);
    const marker = `note-${order.id}`;
    await restoreLetterTemplate(client);
    // Act
    const requested = await client.post<{ id: string; status: string }>(`/v1/orders/${order.id}/dunning-letters`, { message: marker }, { as: 'am1', headers: { 'if-match': '"1"' } });
    const byAm = await client.post(`/v1/orders/${order.id}/dunning-letters/${requested.json.id}/approve`, {}, { as: 'am1', headers: { 'if-match': '"1"' } });
    const approved = await client.post(`/v1/orders/${order.id}/dunning-letters/${requested.json.id}/approve`, {}, { as: 'sales', headers: { 'if-match': '"1"' } });
    const sent = await client.post<{ status: string; messageId: string }>(`/v1/orders/${order.id}/dunning-letters/${requested.json.id}/send`, {}, { as: 'am1', headers: { 'if-match': '"2"' } });
    const twice = await client.post(`/v1/orders/${order.id}/dunning-letters/${requested.json.id}/send`, {}, { as: 'am1', headers: { 'if-match': '"4"' } });
    const next = await client.post<{ status: string }>(`/v1/orders/${order.id}/dunning-letters`, {}, { as: 'am1', headers: { 'if-match': '"1"' } });
    const noAddress = await client.post(`/v1/orders/${silent.id}/dunning-letters`, {}, { as: 'am1', headers: { 'if-match': '"1"' } });
    const mail = (await sentMail(useLocalStack().sesEndpoint!)).filter((item) => item.body.text?.includes(marker));
    // Assess
    expect(requested.status, requested.text).toBe(201);
    expect(requested.json.status).toBe('pending-approval');
    expect(byAm.status).toBe(403);
    expect(approved.status, approved.text).toBe(200);
    expect(sent.status, sent.text).toBe(200);
    expect(sent.json.status).toBe('sent');
    expect(twice.status).toBe(409);
    expect(next.json.status).toBe('approved');
    expect(noAddress.status).toBe(409);
    expect(noAddress.text).toContain('e-mail');
    expect(mail).toHaveLength(1);
    expect(mail[0]!.destination.to).toEqual(['ap.dunning@example.com']);
    expect(mail[0]!.subject).toContain('Payment reminder');
  });

  it('letter template: an administrator replaces it (If-Match); bad templates are 400 naming the problem; a letter renders with it and SES gets exactly that', async () => {
    // Prepare
    const { order } = await arrangeLetterOrder(client, 'am1', 'ap.template@example.com');
    const current = await restoreLetterTemplate(client);
    const marker = `tpl-${order.id}`;
    const ours = {
      subject: '催款 {{ orderNo }} · {{ customerName }}',
      text: '{{ contactName }}：{{ balance }} 已逾期。{{ message }}',
      html: '<h1>{{ orderNo }}</h1><p>{{ contactName }} — {{ balance }}</p><p>{{ message }}</p>',
    };
    const put = (body: unknown, version: number, as = 'admin') => client.request('PUT', '/v1/dunning/letter-template', { as, body, headers: { 'if-match': `"${version}"` } });
    // Act
    const bySales = await put(ours, current.version, 'sales');
    const readBySales = await client.get('/v1/dunning/letter-template', { as: 'sales' });
    const readByAm = await client.get('/v1/dunning/letter-template', { as: 'am1' });
    const unknown = await put({ ...ours, text: '{{ contactName }} {{ bankAccount }}' }, current.version);
    const header = await put({ ...ours, subject: 'Hi\r\nBcc: x@evil.example' }, current.version);
    const stale = await put(ours, current.version + 7);
    const unchanged = await readLetterTemplate(client);
    const replaced = await put(ours, current.version);
    const requested = await client.post<{ id: string; subject: string; text: string; html: string; templateVersion: number }>(
      `/v1/orders/${order.id}/dunning-letters`, { message: `<i>${marker}</i>` }, { as: 'am1', headers: { 'if-match': '"1"' } },
    );
    await restoreLetterTemplate(client);
    await client.post(`/v1/orders/${order.id}/dunning-letters/${requested.json.id}/approve`, {}, { as: 'sales', headers: { 'if-match': '"1"' } });
    const sent = await client.post<{ status: string }>(`/v1/orders/${order.id}/dunning-letters/${requested.json.id}/send`, {}, { as: 'am1', headers: { 'if-match': '"2"' } });
    const mail = (await sentMail(useLocalStack().sesEndpoint!)).filter((item) => item.body.text?.includes(marker));
    // Assess
    expect(bySales.status).toBe(403);
    expect(readBySales.status).toBe(200);
    expect(readByAm.status).toBe(403);
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('{{ bankAccount }}');
    expect(unknown.text).toContain('body.text');
    expect(header.status).toBe(400);
    expect(header.text).toContain('body.subject');
    expect(stale.status).toBe(412);
    expect(unchanged.version).toBe(current.version);
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.headers.get('etag')).toBe(`"${current.version + 1}"`);
    expect(requested.status, requested.text).toBe(201);
    expect(requested.json.templateVersion).toBe(current.version + 1);
    expect(requested.json.html).toContain(`&lt;i&gt;${marker}&lt;/i&gt;`);
    expect(sent.json.status).toBe('sent');
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ subject: requested.json.subject, body: { text: requested.json.text, html: requested.json.html } });
    expect(mail[0]!.subject).toMatch(/^催款 /);
  });
});
