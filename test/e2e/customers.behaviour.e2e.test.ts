import { describe, expect, it } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';
import { arrangeCustomer, uniqueName } from './scenarios/route-scenarios';

type Client = ReturnType<typeof api>;
type Customer = { id: string; name: string; version: number; ownerId: string; level: string; region?: string };
type List = { items: Customer[]; nextCursor: string | null };

describe('customers end to end', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  it('lets exactly one of 20 parallel PATCHes with the same version win; the others get 412', async () => {
    // Prepare
    const target = await arrangeCustomer(client, 'am1');

    // Act
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        client.patch(`/v1/customers/${target.id}`, { address: `Road ${index}` }, { as: index % 2 ? 'am1' : 'sales', headers: { 'if-match': '"1"' } }),
      ),
    );

    // Assess
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 412)).toHaveLength(19);
    const final = await client.get<Customer & { address: string }>(`/v1/customers/${target.id}`, { as: 'admin' });
    expect(final.json.version).toBe(2);
    const winner = responses.find((response) => response.status === 200)!.json as { address: string };
    expect(final.json.address).toBe(winner.address);
  });

  it('creates exactly one customer when 10 requests race for the same customer number', async () => {
    const customerNo = `RACE-${Date.now().toString(36).toUpperCase()}`;

    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) => client.post('/v1/customers', { name: uniqueName(`race ${index}`), customerNo }, { as: 'admin' })),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
  });

  it('answers the same customer to parallel retries of one create with the same Idempotency-Key', async () => {
    const key = `race-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const body = { name: uniqueName('idempotent race') };

    const responses = await Promise.all(
      Array.from({ length: 8 }, () => client.post<Customer>('/v1/customers', body, { as: 'am2', headers: { 'idempotency-key': key } })),
    );

    const created = responses.filter((response) => response.status === 201);
    // A loser of the race beyond the retries is told to retry: 409 ConcurrentChange (transaction conflict) or 503.
    expect(responses.every((response) => [201, 409, 503].includes(response.status)), responses.map((r) => r.status).join()).toBe(true);
    expect(new Set(created.map((response) => response.json.id)).size).toBe(1);
    const found = await client.get<List>(`/v1/customers?q=${encodeURIComponent(body.name)}`, { as: 'admin' });
    expect(found.json.items).toHaveLength(1);
  });

  it('pages through a filtered list with signed cursors: every customer once, none twice', async () => {
    // Prepare
    const marker = uniqueName('paging');
    const ids = new Set<string>();
    for (let index = 0; index < 12; index += 1) {
      const response = await client.post<Customer>('/v1/customers', { name: `${marker} ${String(index).padStart(2, '0')}`, ownerId: 'am2' }, { as: 'admin' });
      ids.add(response.json.id);
    }

    // Act
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/v1/customers?q=${encodeURIComponent(marker)}&limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await client.get<List>(query, { as: 'am2' });
      expect(page.status).toBe(200);
      seen.push(...page.json.items.map((item) => item.id));
      cursor = page.json.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);

    // Assess
    expect(seen).toHaveLength(12);
    expect(new Set(seen)).toEqual(ids);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('refuses a cursor replayed by another user or on another query', async () => {
    const marker = uniqueName('replay');
    for (let index = 0; index < 3; index += 1) await client.post('/v1/customers', { name: `${marker} ${index}` }, { as: 'am1' });
    const first = await client.get<List>(`/v1/customers?q=${encodeURIComponent(marker)}&limit=1`, { as: 'am1' });
    const cursor = encodeURIComponent(first.json.nextCursor ?? '');

    const byOtherUser = await client.get(`/v1/customers?q=${encodeURIComponent(marker)}&limit=1&cursor=${cursor}`, { as: 'am2' });
    const onOtherQuery = await client.get(`/v1/customers?q=other&limit=1&cursor=${cursor}`, { as: 'am1' });

    expect(first.json.nextCursor).not.toBeNull();
    expect(byOtherUser.status).toBe(400);
    expect(onOtherQuery.status).toBe(400);
  });

  it('finds Chinese names by pinyin initials and by name prefix, case-insensitively', async () => {
    const tag = Date.now().toString(36);
    const chinese = await client.post<Customer>('/v1/customers', { name: `北京石油${tag}`, region: 'north-china' }, { as: 'sales' });
    await client.post('/v1/customers', { name: `上海电子${tag}` }, { as: 'sales' });

    const byInitials = await client.get<List>(`/v1/customers?q=BJSY${tag}`, { as: 'exec' });
    const byName = await client.get<List>(`/v1/customers?q=${encodeURIComponent(`北京石油${tag}`)}`, { as: 'exec' });
    const byRegion = await client.get<List>(`/v1/customers?q=bjsy${tag}&region=north-china`, { as: 'exec' });

    expect(byInitials.json.items.map((item) => item.id)).toEqual([chinese.json.id]);
    expect(byName.json.items.map((item) => item.id)).toEqual([chinese.json.id]);
    expect(byRegion.json.items.map((item) => item.id)).toEqual([chinese.json.id]);
  });

  it('moves a customer between list indexes when its level, region and name change, and drops it when archived', async () => {
    const target = await arrangeCustomer(client, 'am1', { level: 'ordinary', region: 'south-china' });
    const renamed = uniqueName('renamed');

    const patched = await client.patch<Customer>(`/v1/customers/${target.id}`, { level: 'major', region: null, name: renamed }, { as: 'am1', headers: { 'if-match': '"1"' } });
    const byLevel = await client.get<List>(`/v1/customers?level=major&q=${encodeURIComponent(renamed)}`, { as: 'admin' });
    const byOldRegion = await client.get<List>(`/v1/customers?region=south-china&q=${encodeURIComponent(target.name)}`, { as: 'admin' });
    const archived = await client.delete(`/v1/customers/${target.id}`, { as: 'am1', headers: { 'if-match': patched.headers.get('etag') ?? '' } });
    const afterArchive = await client.get<List>(`/v1/customers?q=${encodeURIComponent(renamed)}`, { as: 'admin' });
    const read = await client.get(`/v1/customers/${target.id}`, { as: 'admin' });

    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ level: 'major', name: renamed, version: 2 });
    expect(patched.json.region).toBeUndefined();
    expect(patched.headers.get('etag')).toBe('"2"');
    expect(byLevel.json.items.map((item) => item.id)).toEqual([target.id]);
    expect(byOldRegion.json.items).toEqual([]);
    expect(archived.status).toBe(204);
    expect(afterArchive.json.items).toEqual([]);
    expect(read.status).toBe(404);
  });

  it('moves a transferred customer into the new owner’s list and out of the old one', async () => {
    const target = await arrangeCustomer(client, 'am1');

    const moved = await client.post<Customer>(`/v1/customers/${target.id}/transfer`, { ownerId: 'am2', reason: 'rebalancing' }, { as: 'sales', headers: { 'if-match': '"1"' } });
    const oldOwner = await client.get(`/v1/customers/${target.id}`, { as: 'am1' });
    const newOwner = await client.get<List>(`/v1/customers?q=${encodeURIComponent(target.name)}`, { as: 'am2' });

    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ ownerId: 'am2', version: 2 });
    expect(oldOwner.status).toBe(404);
    expect(newOwner.json.items.map((item) => item.id)).toEqual([target.id]);
  });

  it('moves the old owner’s open follow-ups to the new owner on transfer, and takes an archived customer’s off every list', async () => {
    // Prepare: am1's customer with a follow-up due on a date of its own (overdue, so first on every list)
    const target = await arrangeCustomer(client, 'am1');
    const occurredAt = new Date(Date.UTC(2001, 0, 1) + Math.floor(Math.random() * 300) * 86_400_000).toISOString();
    const dueAt = new Date(Date.parse(occurredAt) + 3_600_000).toISOString();
    const recorded = await client.post<{ id: string }>(`/v1/customers/${target.id}/activities`, { type: 'visit', occurredAt, title: uniqueName('follow me'), nextFollowUpAt: dueAt }, { as: 'am1' });
    expect(recorded.status, recorded.text).toBe(201);
    type FollowUp = { activityId: string; customerId: string; assigneeId: string; dueAt: string };
    const listOf = async (as: string) =>
      (await client.get<{ items: FollowUp[] }>('/v1/follow-ups?dueBefore=2002-01-01T00:00:00.000Z&limit=100', { as })).json.items.filter((item) => item.customerId === target.id);
    const before = await listOf('am1');

    // Act: sales transfers it to am2, who then changes the activity; then am2 archives the customer
    const moved = await client.post(`/v1/customers/${target.id}/transfer`, { ownerId: 'am2' }, { as: 'sales', headers: { 'if-match': '"1"' } });
    const [oldOwner, newOwner] = [await listOf('am1'), await listOf('am2')];
    const patched = await client.patch(`/v1/customers/${target.id}/activities/${recorded.json.id}`, { title: uniqueName('call back') }, { as: 'am2', headers: { 'if-match': '"1"' } });
    const afterPatch = await listOf('am2');
    const archived = await client.delete(`/v1/customers/${target.id}`, { as: 'am2', headers: { 'if-match': '"2"' } });

    // Assess
    expect(before.map((item) => item.assigneeId)).toEqual(['am1']);
    expect(moved.status, moved.text).toBe(200);
    expect(oldOwner).toEqual([]);
    expect(newOwner).toEqual([expect.objectContaining({ activityId: recorded.json.id, assigneeId: 'am2', dueAt })]);
    expect(patched.status, patched.text).toBe(200);
    expect(afterPatch.map((item) => item.assigneeId)).toEqual(['am2']);
    expect(archived.status, archived.text).toBe(204);
    expect([...(await listOf('am1')), ...(await listOf('am2'))]).toEqual([]);
  });

  it('records the owner’s directory name whichever token type the creator sends', async () => {
    for (const [username, name] of [['am1', '张伟'], ['sales', '王芳']] as const) {
      // Act
      const created = await Promise.all(
        (['access', 'id'] as const).map((tokenUse) => client.post<Customer & { ownerName: string }>('/v1/customers', { name: uniqueName(`token ${tokenUse}`) }, { as: username, tokenUse })),
      );

      // Assess: the same name from both token types, and stored as answered
      for (const response of created) {
        expect(response.status, response.text).toBe(201);
        expect(response.json).toMatchObject({ ownerId: username, ownerName: name });
        const read = await client.get<Customer & { ownerName: string }>(`/v1/customers/${response.json.id}`, { as: 'admin' });
        expect(read.json.ownerName).toBe(name);
      }
    }
  });

  it('never returns storage attributes and always sends a correlation id', async () => {
    const target = await arrangeCustomer(client, 'am1');

    const read = await client.get(`/v1/customers/${target.id}`, { as: 'admin', headers: { 'x-correlation-id': 'test-correlation-0001' } });

    expect(Object.keys(read.json as object).some((key) => /^(pk|sk|gsi\d+(pk|sk)|nameKey|entity|deletedAt)$/.test(key))).toBe(false);
    expect(read.headers.get('x-correlation-id')).toBe('test-correlation-0001');
  });
});
