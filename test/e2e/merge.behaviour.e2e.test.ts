import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '#shared/db/client';
import { aggregateKeys } from '#shared/keys/orders.keys';
import { attachmentKeys } from '#shared/keys/attachment.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { presignAttachment, type AttachmentAnswer } from '#test/support/attachments';
import { api, useLocalStack, useTestGateway } from '#test/support/e2e';
import { arrangeActivity, arrangeContact } from './scenarios/contacts-activities.scenarios';
import { arrangeLostCustomer } from './scenarios/lost-customers.scenarios';
import { arrangeProduct, cny } from './scenarios/orders.scenarios';
import { arrangeCustomer } from './scenarios/route-scenario';
import { arrangeService } from './scenarios/services.scenarios';
import { arrangeTask } from './scenarios/tasks.scenarios';

type Client = ReturnType<typeof api>;
type Merge = { id: string; status: string; phase: string; moved: Record<string, number>; warnings: string[] };
type FeedItem = { id: string; customerId?: string; deleted?: true; reason?: string };
type Problem = { status: number; code: string; mergedInto?: string; errors?: { path: string }[] };

const tomorrow = (): string => new Date(Date.now() + 24 * 3600_000).toISOString();

/** Follows a merge (GET, as a manager) until its job is no longer running. */
export const settledMerge = async (client: Client, mergeId: string): Promise<Merge> => {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const read = await client.get<Merge>(`/v1/customers/merges/${mergeId}`, { as: 'sales' });
    expect(read.status, read.text).toBe(200);
    if (!['running', 'reverting'].includes(read.json.status)) return read.json;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`merge ${mergeId} is still running`);
};

describe('merging customers end to end', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));
  const info = useLocalStack();
  const db = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
  afterAll(() => db.destroy());
  const raw = async (key: { pk: string; sk: string }) => (await db.send(new GetCommand({ TableName: info.tableName, Key: key, ConsistentRead: true }))).Item;
  const partition = async (customerId: string) =>
    (await db.send(new QueryCommand({ TableName: info.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': customerKeys.item(customerId).pk }, ConsistentRead: true }))).Items ?? [];

  afterEach(() => vi.useRealTimers());

  /** Every item of a delta feed (`GET /v1/<path>?updatedSince=`) the caller may read, cursor after cursor. */
  const readFeed = async (path: 'contacts' | 'orders', as: string, since: string): Promise<FeedItem[]> => {
    const items: FeedItem[] = [];
    let cursor: string | null = null;
    for (let page = 1; page <= 200; page += 1) {
      const query = `updatedSince=${encodeURIComponent(since)}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const response: { status: number; text: string; json: { items: FeedItem[]; nextCursor: string | null } } = await client.get(`/v1/${path}?${query}`, { as });
      expect(response.status, response.text).toBe(200);
      items.push(...response.json.items);
      cursor = response.json.nextCursor;
      if (!cursor) return items;
    }
    throw new Error(`the ${path} feed did not end`);
  };

  const placeOrder = async (customerId: string, productId: string, quantity: number) => {
    const placed = await client.post<{ id: string; orderedAt: string; total: { amount: number } }>(`/v1/customers/${customerId}/orders`, { lines: [{ productId, quantity }] }, { as: 'admin' });
    expect(placed.status, placed.text).toBe(201);
    return placed.json;
  };

  /** An opportunity of an existing customer (its by-customer index names it). */
  const opportunityOf = async (customerId: string) => {
    const created = await client.post<{ id: string; version: number }>(
      '/v1/opportunities',
      { customerId, summary: 'Wants 20 pumps', successRate: 50, estimatedAmount: { amount: 100_000, currency: 'CNY' }, expectedCloseDate: '2027-03-31' },
      { as: 'sales' },
    );
    expect(created.status, created.text).toBe(201);
    return created.json;
  };

  it('moves contacts, activities, follow-ups, orders with payments, a service, a task, attachments and the lost-customer record to the survivor', async () => {
    // Prepare: the merged customer (am2, under churn warning) with its records; the survivor (am1) with one order.
    const { customerId: mergedId } = await arrangeLostCustomer(client, 'am2');
    const survivor = await arrangeCustomer(client, 'am1', { address: '上海市浦东新区 1 号', phone: '021-1111' });
    const patched = await client.patch(`/v1/customers/${mergedId}`, { address: '北京市 2 号', phone: '010-2222' }, { as: 'admin', headers: { 'if-match': '"1"' } });
    expect(patched.status, patched.text).toBe(200);
    const product = await arrangeProduct(client, { price: 100_00 });
    const contacts = [await arrangeContact(client, mergedId, { mobile: '13800138000' }), await arrangeContact(client, mergedId)];
    const activities = [
      await arrangeActivity(client, mergedId, { contactId: contacts[0]!.id, nextFollowUpAt: tomorrow() }, 'am2'),
      await arrangeActivity(client, mergedId),
      await arrangeActivity(client, mergedId),
    ];
    const orders = [await placeOrder(mergedId, product.id, 1), await placeOrder(mergedId, product.id, 2)];
    const paid = await client.post(`/v1/orders/${orders[0]!.id}/payments`, { amount: cny(40_00), method: 'bank-transfer', reference: 'e2e' }, { as: 'admin' });
    expect(paid.status, paid.text).toBe(201);
    const own = await placeOrder(survivor.id, product.id, 1);
    const service = await arrangeService(client, 'am2', 'assigned', mergedId);
    const task = await arrangeTask(client, 'am2', { customerId: mergedId });
    // Attachments are not in the customer's collection (docs/data-model.md, "Attachments"): one on the customer,
    // one on its order, one on the customer deleted.
    const onCustomer = await presignAttachment(client, 'am2', 'customers', mergedId);
    const onOrder = await presignAttachment(client, 'admin', 'orders', orders[1]!.id);
    const removed = await presignAttachment(client, 'am2', 'customers', mergedId);

    const removal = await client.delete(`/v1/customers/${mergedId}/attachments/${removed.attachment.id}`, { as: 'am2', headers: { 'if-match': '"1"' } });
    expect(removal.status, removal.text).toBe(204);
    const year = own.orderedAt.slice(0, 4);

    // Act
    const merging = await client.post<Merge>(`/v1/customers/${survivor.id}/merge`, { mergedId, mergedVersion: 2, keep: { address: 'merged' } }, {
      as: 'sales',
      headers: { 'if-match': '"1"' },
    });

    const done = await settledMerge(client, merging.json.id);

    // Assess: answered at once (the job not yet run), then every record under the survivor
    expect(merging.status, merging.text).toBe(202);
    expect(merging.headers.get('location')).toBe(`/v1/customers/merges/${merging.json.id}`);
    expect(merging.json).toMatchObject({ status: 'running', phase: 'keep', moved: { contacts: 0, activities: 0, orders: 0 } });
    expect(done).toMatchObject({ status: 'completed', phase: 'done', warnings: [] });
    expect(done.moved).toMatchObject({ contacts: 2, activities: 3, followUps: 1, orders: 2, services: 1, lostCustomer: 1, tasks: 1, attachments: 3 });
    const gone = await client.get<Problem>(`/v1/customers/${mergedId}`, { as: 'sales' });
    expect(gone.status).toBe(404);
    expect(gone.json.mergedInto).toBe(survivor.id);
    const kept = await client.get<{ address: string; phone: string; version: number; lifetimeValue: { amount: number } }>(`/v1/customers/${survivor.id}`, { as: 'am1' });
    expect(kept.json).toMatchObject({ address: '北京市 2 号', phone: '021-1111', version: 2, lifetimeValue: { amount: 400_00 } });
    const listedContacts = await client.get<{ items: { id: string }[] }>(`/v1/customers/${survivor.id}/contacts`, { as: 'am1' });
    expect(listedContacts.json.items.map((contact) => contact.id).sort()).toEqual(contacts.map((contact) => contact.id).sort());
    const listedActivities = await client.get<{ items: { id: string; contact?: { id: string } }[] }>(`/v1/customers/${survivor.id}/activities`, { as: 'am1' });
    expect(listedActivities.json.items.map((activity) => activity.id).sort()).toEqual(activities.map((activity) => activity.id).sort());
    expect(listedActivities.json.items.find((activity) => activity.id === activities[0]!.id)?.contact?.id).toBe(contacts[0]!.id);
    const followUps = await client.get<{ items: { activityId: string; customerId: string }[] }>('/v1/follow-ups?userId=am2&limit=100', { as: 'sales' });
    expect(followUps.json.items).toContainEqual(expect.objectContaining({ activityId: activities[0]!.id, customerId: survivor.id }));
    const listedOrders = await client.get<{ items: { id: string }[] }>(`/v1/customers/${survivor.id}/orders`, { as: 'am1' });
    expect(listedOrders.json.items.map((order) => order.id).sort()).toEqual([...orders.map((order) => order.id), own.id].sort());
    const order = await client.get<{ customerId: string; payments: unknown[] }>(`/v1/orders/${orders[0]!.id}`, { as: 'am1' });
    expect(order.json).toMatchObject({ customerId: survivor.id });
    expect(order.json.payments).toHaveLength(1);
    const movedService = await client.get<{ customerId: string }>(`/v1/services/${service.id}`, { as: 'admin' });
    expect(movedService.json.customerId).toBe(survivor.id);
    const movedTask = await client.get<{ customerId: string }>(`/v1/tasks/${task.id}`, { as: 'admin' });
    expect(movedTask.json.customerId).toBe(survivor.id);
    const listedAttachments = await client.get<{ items: AttachmentAnswer[] }>(`/v1/customers/${survivor.id}/attachments`, { as: 'am1' });
    expect(listedAttachments.json.items.map((attachment) => attachment.id)).toEqual([onCustomer.attachment.id]);
    expect(listedAttachments.json.items[0]).toMatchObject({ parentType: 'customer', parentId: survivor.id, customerId: survivor.id, version: 2 });
    const orderAttachments = await client.get<{ items: AttachmentAnswer[] }>(`/v1/orders/${orders[1]!.id}/attachments`, { as: 'am1' });
    expect(orderAttachments.json.items).toEqual([expect.objectContaining({ id: onOrder.attachment.id, parentId: orders[1]!.id, customerId: survivor.id })]);
    const overview = await client.get<{ attachments: AttachmentAnswer[] }>(`/v1/customers/${survivor.id}/overview`, { as: 'am1' });
    expect(overview.json.attachments.map((attachment) => attachment.id).sort()).toEqual([onCustomer.attachment.id, onOrder.attachment.id].sort());
    expect(await raw(attachmentKeys.item(removed.attachment.id))).toMatchObject({
      customerId: survivor.id,
      parentId: survivor.id,
      deletedAt: expect.any(String),
      [attachmentKeys.underCustomer.pkAttribute]: attachmentKeys.underCustomer.pk(survivor.id),
      [attachmentKeys.byParent.pkAttribute]: attachmentKeys.byParent.pk('customer', survivor.id),
    });
    // Only the merged customer itself stays in its collection; its lost-customer record is an episode of the survivor.
    expect((await partition(mergedId)).map((item) => item.sk)).toEqual(['CUSTOMER']);
    expect((await partition(survivor.id)).filter((item) => String(item.sk).startsWith('LOST_CUSTOMER#EPISODE#'))).toHaveLength(1);
    // Aggregates: the order value of the year and the receivables follow the orders.
    const value = await raw(aggregateKeys.customerOrderValue(year, survivor.id));
    const formerValue = await raw(aggregateKeys.customerOrderValue(year, mergedId));
    expect(value).toMatchObject({ orderValue: 400_00, orderCount: 3 });
    expect(formerValue).toMatchObject({ orderValue: 0, orderCount: 0 });
    const receivables = await raw(aggregateKeys.receivables(survivor.id));
    expect(receivables).toMatchObject({ outstanding: 360_00, openOrders: 3 });
    expect(await raw(aggregateKeys.receivables(mergedId))).toMatchObject({ outstanding: 0, openOrders: 0 });
  });

  it('moves the merged customer\'s opportunities to the survivor (customer and by-customer index), and no other', async () => {
    // Prepare
    const survivor = await arrangeCustomer(client, 'am1');
    const merged = await arrangeCustomer(client, 'am2');
    const opportunities = [await opportunityOf(merged.id), await opportunityOf(merged.id)];
    const survivorsOwn = await opportunityOf(survivor.id);

    // Act
    const merging = await client.post<Merge>(`/v1/customers/${survivor.id}/merge`, { mergedId: merged.id }, { as: 'admin', headers: { 'if-match': '"1"' } });
    const done = await settledMerge(client, merging.json.id);

    // Assess
    expect(done).toMatchObject({ status: 'completed', moved: { opportunities: 2 } });
    for (const opportunity of opportunities) {
      const read = await client.get<{ customerId: string; version: number }>(`/v1/opportunities/${opportunity.id}`, { as: 'admin' });
      expect(read.json).toMatchObject({ customerId: survivor.id, version: opportunity.version + 1 });
      expect(await raw({ pk: `OPPORTUNITY#${opportunity.id}`, sk: 'OPPORTUNITY' })).toMatchObject({ gsi4pk: `OPPORTUNITY#CUSTOMER#${survivor.id}` });
    }
    const own = await client.get<{ customerId: string; version: number }>(`/v1/opportunities/${survivorsOwn.id}`, { as: 'admin' });
    expect(own.json).toMatchObject({ customerId: survivor.id, version: survivorsOwn.version });
  });

  it("puts the moved contacts and orders in the survivor's owner's delta feeds, leaving a tombstone in the merged owner's", async () => {
    // Prepare: the merged customer am2's with a contact and an order, the survivor am1's
    const survivor = await arrangeCustomer(client, 'am1');
    const merged = await arrangeCustomer(client, 'am2', { address: '北京市海淀区 3 号' });
    const contact = await arrangeContact(client, merged.id);
    const product = await arrangeProduct(client, { price: 10_00 });
    const order = await placeOrder(merged.id, product.id, 1);
    const mergedVersion = (await client.get<{ version: number }>(`/v1/customers/${merged.id}`, { as: 'admin' })).json.version;

    // Only what changed from the merge on: the moves enter the feeds at the merge's time
    const since = new Date(Date.now() - 1_000).toISOString();

    // Act
    const merging = await client.post<Merge>(`/v1/customers/${survivor.id}/merge`, { mergedId: merged.id, mergedVersion }, { as: 'sales', headers: { 'if-match': '"1"' } });
    expect(merging.status, merging.text).toBe(202);
    expect((await settledMerge(client, merging.json.id)).status).toBe('completed');
    // The feeds answer changes older than their lag: read them from a little later.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 10_000 });
    const feed = async (path: 'contacts' | 'orders', as: string, id: string) => (await readFeed(path, as, since)).filter((item) => item.id === id);

    // Assess: the survivor's owner sees both, live, under the survivor; the merged customer's owner is told they left
    expect(await feed('contacts', 'am1', contact.id)).toEqual([expect.objectContaining({ id: contact.id, customerId: survivor.id })]);
    expect(await feed('orders', 'am1', order.id)).toEqual([expect.objectContaining({ id: order.id, customerId: survivor.id })]);
    expect((await feed('contacts', 'am1', contact.id))[0]).not.toHaveProperty('deleted');
    expect(await feed('contacts', 'am2', contact.id)).toEqual([expect.objectContaining({ deleted: true, reason: 'transferred' })]);
    expect(await feed('orders', 'am2', order.id)).toEqual([expect.objectContaining({ deleted: true, reason: 'transferred' })]);
  });

  it('refuses bad merges with a problem naming the input, and the same merge twice', async () => {
    // Prepare
    const survivor = await arrangeCustomer(client, 'am1');
    const merged = await arrangeCustomer(client, 'am1');
    const archived = await arrangeCustomer(client, 'am1');
    expect((await client.delete(`/v1/customers/${archived.id}`, { as: 'admin', headers: { 'if-match': '"1"' } })).status).toBe(204);
    const merge = (body: unknown, headers: Record<string, string> = { 'if-match': '"1"' }, target = survivor.id) =>
      client.post<Problem>(`/v1/customers/${target}/merge`, body, { as: 'admin', headers });

    // Act
    const itself = await merge({ mergedId: survivor.id });
    const unknownMerged = await merge({ mergedId: '01JNW8Y3C5K7Q2V9R4T6M8P0XA' });
    const unknownSurvivor = await merge({ mergedId: merged.id }, undefined, '01JNW8Y3C5K7Q2V9R4T6M8P0XA');
    const archivedMerged = await merge({ mergedId: archived.id });
    const noIfMatch = await merge({ mergedId: merged.id }, {});
    const stale = await merge({ mergedId: merged.id }, { 'if-match': '"7"' });
    const staleMerged = await merge({ mergedId: merged.id, mergedVersion: 4 });
    const badKeep = await merge({ mergedId: merged.id, keep: { ownerId: 'merged', version: 'survivor' } });
    const unknownField = await merge({ mergedId: merged.id, survivorId: survivor.id });
    const untouched = await client.get<{ version: number }>(`/v1/customers/${merged.id}`, { as: 'admin' });
    const first = await merge({ mergedId: merged.id });
    const again = await merge({ mergedId: merged.id }, { 'if-match': '"1"' });

    // Assess
    expect(itself.status).toBe(400);
    expect(itself.json.errors?.map((error) => error.path)).toEqual(['body.mergedId']);
    expect(unknownMerged.status).toBe(400);
    expect(unknownSurvivor.status).toBe(404);
    expect(archivedMerged.status).toBe(400);
    expect(noIfMatch.status).toBe(428);
    expect(stale.status).toBe(412);
    expect(staleMerged.status).toBe(412);
    expect(badKeep.status).toBe(400);
    expect(badKeep.json.errors?.map((error) => error.path).sort()).toEqual(['body.keep.ownerId', 'body.keep.version']);
    expect(unknownField.status).toBe(400);
    expect(untouched.json.version).toBe(1);
    expect(first.status).toBe(202);
    expect(again.status).toBe(409);
    expect(again.json.mergedInto).toBe(survivor.id);
    expect(await settledMerge(client, (first.json as unknown as Merge).id)).toMatchObject({ status: 'completed' });
  });
});
