import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { listCustomerPages } from '#test/support/customer-pages';
import { api, useTestGateway } from '#test/support/e2e';
import { arrangeCustomer } from './scenarios/route-scenario';

type Client = ReturnType<typeof api>;
type Item = { id: string; status: number; version?: number; unchanged?: boolean; problem?: { code: string; status: number; detail: string } };
type Result = { items: Item[]; summary: { updated: number; unchanged: number; failed: number } };
type Customer = { id: string; version: number; level: string; ownerId: string; tags: string[] };
type Problem = { status: number; errors?: { path: string }[] };

const MISSING = '01JNW8Z1AB3CD4EF5GH6JK7MNP';
const tagOf = () => `bulk-${randomUUID().slice(0, 12)}`;

/**
 * The synchronous bulk edit (`POST /v1/customers/bulk-update`) through the local gateway with each demo role's real
 * token: mixed answers in one request, scope, a bulk transfer, two racing requests, bad inputs, replays.
 */
describe('bulk edit of customers end to end', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  const bulk = (as: string, body: unknown, headers: Record<string, string> = {}) => client.post<Result>('/v1/customers/bulk-update', body, { as, headers });
  const read = async (customerId: string) => (await client.get<Customer>(`/v1/customers/${customerId}`, { as: 'admin' })).json;

  it('answers 200, 412 and 404 per customer in one request, each on its own condition', async () => {
    // Prepare
    const fresh = await arrangeCustomer(client, 'am1');
    const stale = await arrangeCustomer(client, 'am2');
    const held = await arrangeCustomer(client, 'am2');

    // Act
    const response = await bulk('sales', { ids: [fresh.id, { id: stale.id, version: 5 }, MISSING, { id: held.id, version: 1 }], changes: { level: 'major', region: 'east-china' } });

    // Assess
    expect(response.status, response.text).toBe(200);
    expect(response.json.items.map((item) => [item.id, item.status])).toEqual([
      [fresh.id, 200],
      [stale.id, 412],
      [MISSING, 404],
      [held.id, 200],
    ]);
    expect(response.json.items[1]!.problem).toMatchObject({ code: 'VersionConflict', status: 412 });
    expect(response.json.summary).toEqual({ updated: 2, unchanged: 0, failed: 2 });
    expect(await read(fresh.id)).toMatchObject({ level: 'major', version: 2 });
    expect(await read(stale.id)).toMatchObject({ level: 'ordinary', version: 1 });
    expect(await read(held.id)).toMatchObject({ level: 'major', version: 2 });
  });

  it("lets an account manager edit their own customers only: another's is a 404 item; no transfer; executives 403", async () => {
    // Prepare
    const own = await arrangeCustomer(client, 'am1');
    const others = await arrangeCustomer(client, 'am2');

    // Act
    const response = await bulk('am1', { ids: [own.id, others.id], changes: { tags: { add: ['vip'] } } });
    const transfer = await bulk('am1', { ids: [own.id], changes: { ownerId: 'am2' } });
    const byExecutive = await bulk('exec', { ids: [own.id], changes: { level: 'major' } });

    // Assess
    expect(response.json.items.map((item) => item.status)).toEqual([200, 404]);
    expect(response.json.items[1]!.problem?.detail).toBe(`Customer ${others.id} does not exist.`);
    expect(await read(others.id)).toMatchObject({ version: 1, tags: [] });
    expect(await read(own.id)).toMatchObject({ version: 2, tags: ['vip'] });
    expect(transfer.status, transfer.text).toBe(403);
    expect(byExecutive.status, byExecutive.text).toBe(403);
    expect(await read(own.id)).toMatchObject({ version: 2, ownerId: 'am1' });
  });

  it("moves customers to a new owner as a transfer: they show in the new owner's list, not in the old one's", async () => {
    // Prepare
    const tag = tagOf();
    const first = await arrangeCustomer(client, 'am1', { tags: [tag] });
    const second = await arrangeCustomer(client, 'am1', { tags: [tag] });

    // Act
    const response = await bulk('admin', { ids: [first.id, second.id], changes: { ownerId: 'am2', level: 'partner' } });

    // Assess
    expect(response.json.items).toEqual([
      { id: first.id, status: 200, version: 3 },
      { id: second.id, status: 200, version: 3 },
    ]);
    const ofAm2 = await listCustomerPages<Customer>(client, `tags=${tag}`, 'am2', { stopAt: 2 });
    const ofAm1 = await listCustomerPages<Customer>(client, `tags=${tag}`, 'am1');
    expect(ofAm2.map((customer) => customer.id).sort()).toEqual([first.id, second.id].sort());
    expect(ofAm2.every((customer) => customer.ownerId === 'am2' && customer.level === 'partner')).toBe(true);
    expect(ofAm1).toEqual([]);
    const history = await client.get<{ items: { action: string; actor: string }[] }>(`/v1/audit?entityType=customer&entityId=${first.id}`, { as: 'admin' });
    expect(history.status, history.text).toBe(200);
    expect(history.json.items.map((entry) => `${entry.action} by ${entry.actor}`)).toEqual(['transfer by admin', 'update by admin', 'create by admin']);
  });

  it('never loses an update when two bulk edits race over the same customers: each 200 is in the record, a loser is a 409 item', async () => {
    // Prepare
    const customers = await Promise.all(Array.from({ length: 6 }, () => arrangeCustomer(client, 'am1')));
    const ids = customers.map((customer) => customer.id);

    // Act
    const [first, second] = await Promise.all([
      bulk('admin', { ids, changes: { tags: { add: ['first'] } } }),
      bulk('sales', { ids: [...ids].reverse(), changes: { tags: { add: ['second'] } } }),
    ]);

    // Assess
    expect(first.status, first.text).toBe(200);
    expect(second.status, second.text).toBe(200);
    for (const id of ids) {
      const a = first.json.items.find((item) => item.id === id)!;
      const b = second.json.items.find((item) => item.id === id)!;
      expect([200, 409]).toContain(a.status);
      expect([200, 409]).toContain(b.status);
      const stored = await read(id);
      expect(stored.version).toBe(1 + [a, b].filter((item) => item.status === 200).length);
      if (a.status === 200) expect(stored.tags).toContain('first');
      if (b.status === 200) expect(stored.tags).toContain('second');
    }
  });

  it('refuses bad input with a 400 problem naming the field, and writes nothing', async () => {
    // Prepare
    const customer = await arrangeCustomer(client, 'am1');
    const tooMany = [customer.id, ...Array.from({ length: 100 }, (_, index) => `01JNW8Z1AB3CD4EF5GH6JK${String(index).padStart(4, '0')}`)];
    const bodies: [string, unknown, string][] = [
      ['101 ids', { ids: tooMany, changes: { level: 'major' } }, 'body.ids'],
      ['an unknown field in changes', { ids: [customer.id], changes: { level: 'major', name: 'x' } }, 'body.changes'],
      ['an unknown level code', { ids: [customer.id], changes: { level: 'no-such-level' } }, 'body.changes.level'],
      ['empty changes', { ids: [customer.id], changes: {} }, 'body.changes'],
      ['the same customer twice', { ids: [customer.id, { id: customer.id, version: 1 }], changes: { level: 'major' } }, 'body.ids'],
      ['no ids', { ids: [], changes: { level: 'major' } }, 'body.ids'],
      ['a tag both added and removed', { ids: [customer.id], changes: { tags: { add: ['a'], remove: ['a'] } } }, 'body.changes.tags'],
    ];

    for (const [label, body, path] of bodies) {
      // Act
      const response = await client.post<Problem>('/v1/customers/bulk-update', body, { as: 'admin' });

      // Assess
      expect(response.status, `${label}: ${response.text}`).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.json.errors?.map((error) => error.path).some((at) => at.startsWith(path)), `${label}: ${response.text}`).toBe(true);
    }
    expect(await read(customer.id)).toMatchObject({ version: 1, level: 'ordinary' });
    const unknownOwner = await client.post<Problem>('/v1/customers/bulk-update', { ids: [customer.id], changes: { ownerId: 'nobody-here' } }, { as: 'admin' });
    expect(unknownOwner.status, unknownOwner.text).toBe(400);
    expect(await read(customer.id)).toMatchObject({ version: 1, ownerId: 'am1' });
  });

  it('replays the first answer for the same Idempotency-Key, and refuses the key with another body (422)', async () => {
    // Prepare
    const customer = await arrangeCustomer(client, 'am1');
    const key = `bulk-${randomUUID()}`;
    const body = { ids: [customer.id], changes: { level: 'major' } };
    const first = await bulk('sales', body, { 'idempotency-key': key });

    // Act
    const replay = await bulk('sales', body, { 'idempotency-key': key });
    const other = await bulk('sales', { ...body, changes: { level: 'partner' } }, { 'idempotency-key': key });

    // Assess
    expect(first.json.items).toEqual([{ id: customer.id, status: 200, version: 2 }]);
    expect(replay.status).toBe(200);
    expect(replay.json).toEqual(first.json);
    expect(other.status, other.text).toBe(422);
    expect(await read(customer.id)).toMatchObject({ version: 2, level: 'major' });
  });
});
