import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/db/client';
import { serviceKeys } from '#shared/keys/service.keys';
import { api, startTestGateway, useLocalStack } from '#test/support/e2e';
import { arrangeCustomer } from './scenarios/route-scenarios';
import { arrangeService } from './scenarios/services.scenarios';

type Client = ReturnType<typeof api>;
type Move = { move: string; from?: string; to: string; by: string; version: number; handling?: string; satisfaction?: number };
type Service = {
  id: string; status: string; version: number; customerId: string; assigneeId?: string; handling?: string; satisfaction?: number;
  reopenCount: number; closedAt?: string; history?: Move[];
};
type List = { items: Service[]; nextCursor: string | null };

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

describe('service requests end to end', () => {
  let client: Client;
  let stop: () => Promise<void>;
  let documents: ReturnType<typeof createDocumentClient>;
  let tableName: string;

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

  it('takes a complaint from creation to archive through a reopen, every role doing only its part', async () => {
    // Prepare — am1's customer.
    const customer = await arrangeCustomer(client, 'am1');
    const body = { type: 'complaint', title: '发票金额错误', customerId: customer.id, request: 'The invoice total is wrong.' };

    // Act + Assess, step by step.
    expect((await client.post('/v1/services', body, { as: 'exec' })).status).toBe(403);
    const created = await client.post<Service>('/v1/services', body, { as: 'am1' });
    expect(created.status, created.text).toBe(201);
    const id = created.json.id;
    expect(created.headers.get('etag')).toBe('"1"');

    expect((await client.post(`/v1/services/${id}/assign`, { assigneeId: 'am1' }, { as: 'am1', headers: ifMatch(1) })).status).toBe(403);
    const assigned = await client.post<Service>(`/v1/services/${id}/assign`, { assigneeId: 'am1' }, { as: 'sales', headers: ifMatch(1) });
    expect(assigned.json).toMatchObject({ status: 'assigned', assigneeId: 'am1', version: 2 });

    expect((await client.post(`/v1/services/${id}/handle`, { handling: 'x' }, { as: 'am2', headers: ifMatch(2) })).status).toBe(404);
    expect((await client.post(`/v1/services/${id}/handle`, { handling: 'x' }, { as: 'exec', headers: ifMatch(2) })).status).toBe(403);
    const handled = await client.post<Service>(`/v1/services/${id}/handle`, { handling: 'Issued a corrected invoice.' }, { as: 'am1', headers: ifMatch(2) });
    expect(handled.json).toMatchObject({ status: 'handled', version: 3 });

    const reopened = await client.post<Service>(`/v1/services/${id}/feedback`, { feedback: 'Still wrong.', satisfaction: 2 }, { as: 'am1', headers: ifMatch(3) });
    expect(reopened.json).toMatchObject({ status: 'assigned', assigneeId: 'am1', reopenCount: 1, version: 4 });
    expect(reopened.json.handling).toBeUndefined();

    const secondTry = await client.post<Service>(`/v1/services/${id}/handle`, { handling: 'Refunded the difference.' }, { as: 'am1', headers: ifMatch(4) });
    expect(secondTry.status, secondTry.text).toBe(200);
    const archived = await client.post<Service>(`/v1/services/${id}/feedback`, { feedback: 'Thanks.', satisfaction: 4 }, { as: 'sales', headers: ifMatch(5) });
    expect(archived.json).toMatchObject({ status: 'archived', satisfaction: 4, version: 6 });
    expect(archived.json.closedAt).toBeDefined();

    const read = await client.get<Service>(`/v1/services/${id}`, { as: 'exec' });
    expect(read.headers.get('etag')).toBe('"6"');
    expect(read.json.history?.map((move) => [move.move, move.to, move.by])).toEqual([
      ['create', 'created', 'am1'],
      ['assign', 'assigned', 'sales'],
      ['handle', 'handled', 'am1'],
      ['feedback', 'assigned', 'am1'],
      ['handle', 'handled', 'am1'],
      ['feedback', 'archived', 'sales'],
    ]);
    expect(read.json.history?.filter((move) => move.move === 'handle').map((move) => move.handling)).toEqual([
      'Issued a corrected invoice.',
      'Refunded the difference.',
    ]);
    // The customer's 360 view sees the request's current state through its summary.
    const summary = await documents.send(new GetCommand({ TableName: tableName, Key: serviceKeys.summary(customer.id, id), ConsistentRead: true }));
    expect(summary.Item).toMatchObject({ status: 'archived', satisfaction: 4, version: 6, reopenCount: 1 });
  });

  it.each([
    ['handle a created request', 'created', (id: string) => [`/v1/services/${id}/handle`, { handling: 'x' }]],
    ['record feedback on an assigned request', 'assigned', (id: string) => [`/v1/services/${id}/feedback`, { feedback: 'x', satisfaction: 5 }]],
    ['assign a handled request', 'handled', (id: string) => [`/v1/services/${id}/assign`, { assigneeId: 'am2' }]],
  ] as const)('answers 409 to an attempt to %s, and changes nothing', async (_label, stage, build) => {
    // Prepare
    const service = await arrangeService(client, 'am1', stage);
    const [path, body] = build(service.id) as [string, Record<string, unknown>];

    // Act
    const response = await client.post(path, body, { as: 'admin', headers: ifMatch(service.version) });

    // Assess
    expect(response.status, response.text).toBe(409);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const after = await client.get<Service>(`/v1/services/${service.id}`, { as: 'admin' });
    expect(after.json).toMatchObject({ status: stage, version: service.version });
    expect(after.json.history).toHaveLength(service.version);
  });

  it('lets exactly one of 12 parallel moves with the same If-Match win; the others get 412 and leave no trace', async () => {
    // Prepare
    const service = await arrangeService(client, 'am1', 'assigned');

    // Act
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        client.post(`/v1/services/${service.id}/handle`, { handling: `Attempt ${index}` }, { as: index % 2 ? 'am1' : 'sales', headers: ifMatch(2) }),
      ),
    );

    // Assess
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200), statuses.join()).toHaveLength(1);
    expect(statuses.filter((status) => status === 412)).toHaveLength(11);
    const final = await client.get<Service>(`/v1/services/${service.id}`, { as: 'admin' });
    expect(final.json).toMatchObject({ status: 'handled', version: 3 });
    expect(final.json.history?.filter((move) => move.move === 'handle')).toHaveLength(1);
  });

  it('keeps one outcome when a feedback and a reassignment race on the same version', async () => {
    // Prepare — handled at version 3: feedback is valid, assign is not (409) — whatever the order, one 200.
    const service = await arrangeService(client, 'am1', 'handled');

    // Act
    const [feedback, reassign] = await Promise.all([
      client.post<Service>(`/v1/services/${service.id}/feedback`, { feedback: 'ok', satisfaction: 5 }, { as: 'am1', headers: ifMatch(3) }),
      client.post(`/v1/services/${service.id}/assign`, { assigneeId: 'am2' }, { as: 'sales', headers: ifMatch(3) }),
    ]);

    // Assess
    expect(feedback.status).toBe(200);
    expect([409, 412]).toContain(reassign.status);
    expect((await client.get<Service>(`/v1/services/${service.id}`, { as: 'admin' })).json).toMatchObject({ status: 'archived', assigneeId: 'am1', version: 4 });
  });

  it('creates every one of 10 parallel requests for one customer (shared aggregates do not lose a write)', async () => {
    // Prepare
    const customer = await arrangeCustomer(client, 'am2');

    // Act
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        client.post('/v1/services', { type: 'consultation', title: `Q${index}`, customerId: customer.id, request: 'A question.' }, { as: 'am2' }),
      ),
    );

    // Assess
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(201));
    const list = await client.get<List>(`/v1/services?customerId=${customer.id}&limit=100`, { as: 'am2' });
    expect(list.json.items).toHaveLength(10);
  });

  it('shows an account manager what is assigned to them or belongs to their customers, and nothing else', async () => {
    // Prepare — a request of am2's customer assigned to am1, one of am2's customer assigned to am2, one of am1's unassigned.
    const assignedToAm1 = await arrangeService(client, 'am2', 'created');
    expect((await client.post(`/v1/services/${assignedToAm1.id}/assign`, { assigneeId: 'am1' }, { as: 'admin', headers: ifMatch(1) })).status).toBe(200);
    const ofAm2 = await arrangeService(client, 'am2', 'assigned');
    const ofAm1 = await arrangeService(client, 'am1', 'created');

    // Act
    const reads = await Promise.all(
      [assignedToAm1, ofAm2, ofAm1].map((service) => client.get(`/v1/services/${service.id}`, { as: 'am1' })),
    );
    const queue = await client.get<List>('/v1/services?limit=100', { as: 'am1' });
    const foreignCustomer = await client.get<List>(`/v1/services?customerId=${ofAm2.customerId}`, { as: 'am1' });
    const ownCustomer = await client.get<List>(`/v1/services?customerId=${ofAm1.customerId}`, { as: 'am1' });

    // Assess
    expect(reads.map((response) => response.status)).toEqual([200, 404, 200]);
    expect(queue.json.items.every((item) => item.assigneeId === 'am1')).toBe(true);
    expect(queue.json.items.map((item) => item.id)).toContain(assignedToAm1.id);
    expect(foreignCustomer.json.items).toEqual([]);
    expect(ownCustomer.json.items.map((item) => item.id)).toEqual([ofAm1.id]);
  });

  it('filters by type, status and created date, and pages with signed cursors', async () => {
    // Prepare — 7 requests of one customer.
    const customer = await arrangeCustomer(client, 'am1');
    const from = new Date().toISOString();
    for (let index = 0; index < 7; index += 1) {
      const type = index < 5 ? 'suggestion' : 'complaint';
      expect((await client.post('/v1/services', { type, title: `S${index}`, customerId: customer.id, request: 'r' }, { as: 'sales' })).status).toBe(201);
    }

    // Act
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const path: string = `/v1/services?customerId=${customer.id}&type=suggestion&status=created&from=${encodeURIComponent(from)}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await client.get<List>(path, { as: 'exec' });
      expect(page.status, page.text).toBe(200);
      seen.push(...page.json.items.map((item) => item.id));
      cursor = page.json.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    const future = await client.get<List>(`/v1/services?customerId=${customer.id}&from=2099-01-01`, { as: 'exec' });
    const otherQuery = await client.get(`/v1/services?customerId=${customer.id}&type=complaint&cursor=${encodeURIComponent('x.y')}`, { as: 'exec' });

    // Assess
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(future.json.items).toEqual([]);
    expect(otherQuery.status).toBe(400);
  });

  it('replays a create sent twice with the same Idempotency-Key, and creates one request', async () => {
    // Prepare
    const customer = await arrangeCustomer(client, 'am1');
    const body = { type: 'suggestion', title: 'Longer opening hours', customerId: customer.id, request: 'Open until 8 pm.' };
    const headers = { 'idempotency-key': `svc-${Date.now()}-${Math.random().toString(36).slice(2)}` };

    // Act
    const first = await client.post<Service>('/v1/services', body, { as: 'am1', headers });
    const second = await client.post<Service>('/v1/services', body, { as: 'am1', headers });
    const reused = await client.post('/v1/services', { ...body, title: 'Other' }, { as: 'am1', headers });

    // Assess
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.json.id).toBe(first.json.id);
    expect(reused.status).toBe(422);
    expect((await client.get<List>(`/v1/services?customerId=${customer.id}`, { as: 'admin' })).json.items).toHaveLength(1);
  });
});
