import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { churnKeys, churnShardOf } from '#shared/churn/churn.keys';
import { createDocumentClient } from '#shared/db/client';
import { customerKeys } from '#shared/keys/customer.keys';
import { api, startTestGateway, useLocalStack } from '#test/support/e2e';
import { arrangeLostCustomer } from './scenarios/lost-customers.scenarios';

type Client = ReturnType<typeof api>;
type LostCustomer = {
  customerId: string; ownerId: string; status: string; version: number; reason?: string; confirmedBy?: string;
  measures: { measure: string; by: string }[]; recoveredByOrderId?: string;
};
type List = { items: LostCustomer[]; nextCursor: string | null };

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

describe('lost customers end to end', () => {
  let client: Client;
  let stop: () => Promise<void>;
  let documents: ReturnType<typeof createDocumentClient>;
  let tableName: string;
  const raw = async (key: { pk: string; sk: string }) =>
    (await documents.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

  beforeAll(async () => {
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
    const info = useLocalStack();
    tableName = info.tableName;
    documents = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
  });
  afterAll(async () => {
    await stop();
    documents.destroy();
  });

  it('takes a customer at risk from warning through retention measures to a confirmed loss, each role doing its part', async () => {
    // Prepare — am1's customer, warned by the job.
    const { customerId } = await arrangeLostCustomer(client, 'am1');
    const path = `/v1/lost-customers/${customerId}`;

    // Act + Assess, step by step.
    const warned = await client.get<LostCustomer>(path, { as: 'am1' });
    expect(warned.json).toMatchObject({ status: 'warning', ownerId: 'am1', version: 1, measures: [] });
    expect((await client.get(path, { as: 'am2' })).status).toBe(404);
    expect((await client.post(`${path}/measures`, { measure: 'x' }, { as: 'exec', headers: ifMatch(1) })).status).toBe(403);

    const delaying = await client.post<LostCustomer>(`${path}/measures`, { measure: 'Visited the purchasing manager.' }, { as: 'am1', headers: ifMatch(1) });
    expect(delaying.json).toMatchObject({ status: 'delaying', version: 2 });
    const more = await client.post<LostCustomer>(`${path}/measures`, { measure: 'Offered a framework contract.' }, { as: 'sales', headers: ifMatch(2) });
    expect(more.json.measures.map((measure) => measure.by)).toEqual(['am1', 'sales']);

    expect((await client.post(`${path}/confirm`, { reason: 'price' }, { as: 'am1', headers: ifMatch(3) })).status).toBe(403);
    const customerBefore = await client.get<{ version: number }>(`/v1/customers/${customerId}`, { as: 'admin' });
    const lost = await client.post<LostCustomer>(`${path}/confirm`, { reason: 'competitor', detail: 'Signed with a rival.' }, { as: 'sales', headers: ifMatch(3) });
    expect(lost.status, lost.text).toBe(200);
    expect(lost.json).toMatchObject({ status: 'lost', reason: 'competitor', confirmedBy: 'sales', version: 4 });
    expect(lost.headers.get('etag')).toBe('"4"');

    const customer = await client.get<{ status: string; version: number }>(`/v1/customers/${customerId}`, { as: 'admin' });
    expect(customer.json.status).toBe('lost');
    expect(customer.json.version).toBe(customerBefore.json.version + 1);
    const lostList = await client.get<{ items: { id: string }[] }>(`/v1/customers?status=lost&limit=100`, { as: 'exec' });
    expect(lostList.json.items.map((item) => item.id)).toContain(customerId);

    // A closed record takes no more moves.
    expect((await client.post(`${path}/measures`, { measure: 'Too late.' }, { as: 'admin', headers: ifMatch(4) })).status).toBe(409);
    expect((await client.post(`${path}/confirm`, { reason: 'price' }, { as: 'admin', headers: ifMatch(4) })).status).toBe(409);
  });

  it('lists records by status, an account manager only theirs', async () => {
    // Prepare
    const own = await arrangeLostCustomer(client, 'am2');
    const other = await arrangeLostCustomer(client, 'am1');
    await client.post(`/v1/lost-customers/${own.customerId}/measures`, { measure: 'Called.' }, { as: 'am2', headers: ifMatch(1) });

    // Act
    const delaying = await client.get<List>('/v1/lost-customers?status=delaying&limit=100', { as: 'exec' });
    const mine = await client.get<List>('/v1/lost-customers?limit=100', { as: 'am2' });

    // Assess
    expect(delaying.json.items.every((item) => item.status === 'delaying')).toBe(true);
    expect(delaying.json.items.map((item) => item.customerId)).toContain(own.customerId);
    expect(mine.json.items.every((item) => item.ownerId === 'am2')).toBe(true);
    expect(mine.json.items.map((item) => item.customerId)).toContain(own.customerId);
    expect(mine.json.items.map((item) => item.customerId)).not.toContain(other.customerId);
  });

  it('moves the record with the customer when it is transferred to another account manager', async () => {
    // Prepare
    const { customerId } = await arrangeLostCustomer(client, 'am1');

    // Act
    const transferred = await client.post(`/v1/customers/${customerId}/transfer`, { ownerId: 'am2' }, { as: 'sales', headers: ifMatch(1) });
    const asNewOwner = await client.get<LostCustomer>(`/v1/lost-customers/${customerId}`, { as: 'am2' });
    const asOldOwner = await client.get(`/v1/lost-customers/${customerId}`, { as: 'am1' });
    const newOwnersList = await client.get<List>('/v1/lost-customers?limit=100', { as: 'am2' });

    // Assess
    expect(transferred.status, transferred.text).toBe(200);
    expect(asNewOwner.json).toMatchObject({ ownerId: 'am2', version: 2, status: 'warning' });
    expect(asOldOwner.status).toBe(404);
    expect(newOwnersList.json.items.map((item) => item.customerId)).toContain(customerId);
  });

  it('lets exactly one of 8 parallel measures with the same If-Match win', async () => {
    // Prepare
    const { customerId } = await arrangeLostCustomer(client, 'am1');

    // Act
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        client.post(`/v1/lost-customers/${customerId}/measures`, { measure: `Measure ${index}` }, { as: index % 2 ? 'am1' : 'sales', headers: ifMatch(1) }),
      ),
    );

    // Assess
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200), statuses.join()).toHaveLength(1);
    expect(statuses.filter((status) => status === 412)).toHaveLength(7);
    expect((await client.get<LostCustomer>(`/v1/lost-customers/${customerId}`, { as: 'admin' })).json.measures).toHaveLength(1);
  });

  it('closes the record as recovered when the customer places a new order, and puts the customer back on the watch', async () => {
    // Prepare — a customer in delaying, and a product to order.
    const { customerId } = await arrangeLostCustomer(client, 'am1');
    await client.post(`/v1/lost-customers/${customerId}/measures`, { measure: 'Sent samples.' }, { as: 'am1', headers: ifMatch(1) });
    const product = await client.post<{ id: string }>(
      '/v1/products',
      { code: `LC-${randomUUID().slice(0, 8).toUpperCase()}`, name: 'Sample kit', unit: 'pcs', unitPrice: { amount: 10_00, currency: 'CNY' }, stockOnHand: 10 },
      { as: 'admin' },
    );
    expect(product.status, product.text).toBe(201);

    // Act
    const order = await client.post<{ id: string; orderedAt: string }>(
      `/v1/customers/${customerId}/orders`,
      { lines: [{ productId: product.json.id, quantity: 1 }], deliveryAddress: '1 Harbour Road' },
      { as: 'am1' },
    );

    // Assess
    expect(order.status, order.text).toBe(201);
    const record = await client.get<LostCustomer>(`/v1/lost-customers/${customerId}`, { as: 'am1' });
    expect(record.json).toMatchObject({ status: 'recovered', recoveredByOrderId: order.json.id, version: 3 });
    expect(await raw(customerKeys.item(customerId))).toMatchObject({
      churnStatus: 'recovered',
      gsi6pk: `CHURN_WATCH#${churnShardOf(customerId)}`,
      gsi6sk: `${order.json.orderedAt}#${customerId}`,
      lastOrderAt: order.json.orderedAt,
    });
    expect((await raw(churnKeys.record(customerId)))?.gsi5pk).toBe('LOST_CUSTOMER#STATUS#recovered');
    // A recovered record takes no more moves.
    expect((await client.post(`/v1/lost-customers/${customerId}/confirm`, { reason: 'price' }, { as: 'sales', headers: ifMatch(3) })).status).toBe(409);
  });

  it('hides the record of an archived customer', async () => {
    // Prepare
    const { customerId } = await arrangeLostCustomer(client, 'am1');

    // Act
    const archived = await client.delete(`/v1/customers/${customerId}`, { as: 'admin', headers: ifMatch(1) });
    const read = await client.get(`/v1/lost-customers/${customerId}`, { as: 'admin' });
    const confirm = await client.post(`/v1/lost-customers/${customerId}/confirm`, { reason: 'bankruptcy' }, { as: 'admin', headers: ifMatch(1) });

    // Assess
    expect(archived.status).toBe(204);
    expect(read.status).toBe(404);
    expect(confirm.status).toBe(404);
    expect(await raw(churnKeys.record(customerId))).toMatchObject({ status: 'warning', version: 1 });
  });
});
