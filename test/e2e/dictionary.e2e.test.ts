import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestGateway } from '#test/support/e2e';
import { arrangeActivity } from './scenarios/contacts-activities.scenarios';
import { editSandbox, putList, readList, SANDBOX_TYPE, uniqueCode, type DictionaryListBody } from './scenarios/dictionary.scenarios';
import { arrangeLostCustomer, expectLostCustomerUntouched } from './scenarios/lost-customers.scenarios';
import { arrangeCustomer, uniqueName } from './scenarios/route-scenario';

type Problem = { status: number; type: string; detail: string; errors?: { path: string; message: string }[] };

/**
 * The data dictionary through the local gateway (issue 8). The dictionary is global state shared with every test
 * file running in parallel: this file writes only the sandbox list (`customer-sources`, which no other test
 * depends on) and only adds, relabels or removes codes it created itself (see dictionary.scenarios.ts). Who may
 * read and write is proven by the generated authorization matrix (test/e2e/authorization.e2e.test.ts).
 */
describe('data dictionary (e2e)', () => {
  let client: ReturnType<typeof api>;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
  });
  afterAll(() => stop());

  const createCustomer = (body: Record<string, unknown>) =>
    client.post<{ id: string; source?: string } & Problem>('/v1/customers', { name: uniqueName('dictionary'), ownerId: 'am1', ...body }, { as: 'admin' });
  const customersNamed = async (name: string) =>
    (await client.get<{ items: unknown[] }>(`/v1/customers?q=${encodeURIComponent(name)}`, { as: 'admin' })).json.items;

  it('every role reads the lists: the built-in codes with their labels, the version as ETag', async () => {
    for (const as of ['admin', 'sales', 'am1', 'exec']) {
      const all = await client.get<{ items: DictionaryListBody[] }>('/v1/dictionary', { as });
      expect(all.status, all.text).toBe(200);
      const levels = all.json.items.find((list) => list.type === 'customer-levels');
      expect(levels?.entries.map((entry) => [entry.code, entry.label])).toEqual([
        ['ordinary', '普通客户'],
        ['key-prospect', '重点开发客户'],
        ['major', '大客户'],
        ['partner', '合作伙伴'],
        ['strategic-partner', '战略合作伙伴'],
      ]);
      const one = await client.get<DictionaryListBody>('/v1/dictionary/activity-types', { as });
      expect(one.status).toBe(200);
      expect(one.headers.get('etag')).toBe(`"${one.json.version}"`);
    }
  });

  it('a code added by PUT is accepted at once; once used it cannot be removed (409 naming it) but can be relabelled', async () => {
    const code = uniqueCode('e2e-fair');
    const before = await createCustomer({ source: code });
    expect(before.status, before.text).toBe(400);
    expect(before.json.errors).toEqual([{ path: 'body.source', message: expect.stringContaining(code) }]);

    const added = await editSandbox(client, (entries) => [...entries, { code, label: '广交会', active: true }]);
    expect(added.entries.at(-1)).toEqual({ code, label: '广交会', active: true });
    expect(added.usedCodes).not.toContain(code);
    // The admin's write dropped this process's cache: no wait for the 60 s TTL.
    const customer = await createCustomer({ source: code });
    expect(customer.status, customer.text).toBe(201);
    const current = await readList(client);
    expect(current.usedCodes).toContain(code);

    const removal = await putList(client, current.entries.filter((entry) => entry.code !== code), current.version);
    expect(removal.status, removal.text).toBe(409);
    expect(removal.json).toMatchObject({ type: '/problems/dictionary-code-in-use', detail: expect.stringContaining(`\`${code}\``) });
    expect((await readList(client)).entries.map((entry) => entry.code)).toContain(code);

    const relabelled = await editSandbox(client, (entries) => entries.map((entry) => (entry.code === code ? { ...entry, label: '中国进出口商品交易会' } : entry)));
    expect(relabelled.entries.find((entry) => entry.code === code)?.label).toBe('中国进出口商品交易会');
    const stored = await client.get<{ source: string }>(`/v1/customers/${customer.json.id}`, { as: 'admin' });
    expect(stored.json.source).toBe(code);
  });

  it('a deactivated code stays on its records but is refused in new input; an unused code can be removed', async () => {
    const kept = uniqueCode('e2e-kept');
    const spare = uniqueCode('e2e-spare');
    await editSandbox(client, (entries) => [...entries, { code: kept, label: 'Kept', active: true }, { code: spare, label: 'Spare', active: true }]);
    const customer = await createCustomer({ source: kept });
    expect(customer.status, customer.text).toBe(201);

    const edited = await editSandbox(client, (entries) => entries.filter((entry) => entry.code !== spare).map((entry) => (entry.code === kept ? { ...entry, active: false } : entry)));

    expect(edited.entries.map((entry) => entry.code)).not.toContain(spare);
    const name = uniqueName('deactivated');
    const refused = await client.post<Problem>('/v1/customers', { name, ownerId: 'am1', source: kept }, { as: 'admin' });
    expect(refused.status).toBe(400);
    expect(refused.json.errors).toEqual([{ path: 'body.source', message: expect.stringContaining('inactive') }]);
    expect(await customersNamed(name)).toEqual([]);
    expect((await createCustomer({ source: spare })).status).toBe(400);
    expect((await client.get<{ source: string }>(`/v1/customers/${customer.json.id}`, { as: 'admin' })).json.source).toBe(kept);
  });

  describe('unknown codes in other features answer 400 naming the field, and write nothing', () => {
    it('customers: level, region, industry, source on create and update', async () => {
      const name = uniqueName('unknown codes');
      const created = await client.post<Problem>(
        '/v1/customers',
        { name, level: 'vip-gold', region: 'atlantis', industry: 'alchemy', source: 'rumour' },
        { as: 'admin' },
      );
      expect(created.status).toBe(400);
      expect(created.json.errors?.map((error) => error.path)).toEqual(['body.level', 'body.region', 'body.industry', 'body.source']);
      expect(await customersNamed(name)).toEqual([]);

      const target = await arrangeCustomer(client, 'am1');
      const patched = await client.patch<Problem>(`/v1/customers/${target.id}`, { region: 'atlantis' }, { as: 'am1', headers: { 'if-match': '"1"' } });
      expect(patched.status).toBe(400);
      expect(patched.json.errors).toEqual([{ path: 'body.region', message: expect.stringContaining('atlantis') }]);
      const after = await client.get<{ version: number; region?: string }>(`/v1/customers/${target.id}`, { as: 'admin' });
      expect(after.json).toMatchObject({ version: 1 });
      expect(after.json.region).toBeUndefined();
      // Clearing a field is not a code: no check.
      expect((await client.patch(`/v1/customers/${target.id}`, { region: null, level: 'major' }, { as: 'am1', headers: { 'if-match': '"1"' } })).status).toBe(200);
    });

    it('activities: type on create and update', async () => {
      const customer = await arrangeCustomer(client, 'am1');
      const path = `/v1/customers/${customer.id}/activities`;
      const created = await client.post<Problem>(path, { type: 'lunch', occurredAt: new Date().toISOString(), title: 'Lunch' }, { as: 'am1' });
      expect(created.status).toBe(400);
      expect(created.json.errors).toEqual([{ path: 'body.type', message: expect.stringContaining('lunch') }]);
      expect((await client.get<{ items: unknown[] }>(path, { as: 'admin' })).json.items).toEqual([]);

      const activity = await arrangeActivity(client, customer.id);
      const patched = await client.patch<Problem>(`${path}/${activity.id}`, { type: 'lunch' }, { as: 'admin', headers: { 'if-match': '"1"' } });
      expect(patched.status).toBe(400);
      expect(patched.json.errors?.[0]?.path).toBe('body.type');
      expect((await client.get<{ version: number; type: string }>(`${path}/${activity.id}`, { as: 'admin' })).json).toMatchObject({ version: 1, type: 'visit' });
    });

    it('services: type', async () => {
      const customer = await arrangeCustomer(client, 'am1');
      const created = await client.post<Problem>('/v1/services', { type: 'praise', title: 'Thanks', customerId: customer.id, request: 'They liked it.' }, { as: 'admin' });
      expect(created.status).toBe(400);
      expect(created.json.errors).toEqual([{ path: 'body.type', message: expect.stringContaining('praise') }]);
      expect((await client.get<{ items: unknown[] }>(`/v1/services?customerId=${customer.id}`, { as: 'admin' })).json.items).toEqual([]);
    });

    it('list filters: a code not in its list is a 400 naming the parameter', async () => {
      const customer = await arrangeCustomer(client, 'am1');
      for (const [path, parameter] of [
        ['/v1/customers?region=atlantis', 'query.region'],
        ['/v1/customers?level=vip-gold', 'query.level'],
        [`/v1/customers/${customer.id}/activities?type=lunch`, 'query.type'],
        ['/v1/services?type=praise', 'query.type'],
      ] as const) {
        const response = await client.get<Problem>(path, { as: 'admin' });
        expect(response.status, path).toBe(400);
        expect(response.json.errors).toEqual([{ path: parameter, message: expect.stringContaining('Unknown code') }]);
      }
      expect((await client.get('/v1/services?type=complaint', { as: 'admin' })).status).toBe(200);
    });

    it('lost customers: the reason of a confirmed loss', async () => {
      const { customerId } = await arrangeLostCustomer(client, 'am1');
      const confirmed = await client.post<Problem>(`/v1/lost-customers/${customerId}/confirm`, { reason: 'aliens' }, { as: 'sales', headers: { 'if-match': '"1"' } });
      expect(confirmed.status).toBe(400);
      expect(confirmed.json.errors).toEqual([{ path: 'body.reason', message: expect.stringContaining('aliens') }]);
      await expectLostCustomerUntouched(client, customerId);
    });
  });

  describe('bad PUT requests are refused and change nothing', () => {
    const valid = [{ code: 'e2e-never-stored', label: 'Never' }];
    it.each([
      ['an empty list', { entries: [] }, 'body.entries'],
      ['duplicate codes', { entries: [{ code: 'dup', label: 'A' }, { code: 'dup', label: 'B' }] }, 'body.entries.1.code'],
      ['an unknown entry field', { entries: [{ code: 'e2e-x', label: 'X', sortOrder: 3 }] }, 'body.entries.0.sortOrder'],
      ['an unknown top-level field', { entries: valid, version: 9 }, 'body.version'],
      ['a `#` in a code', { entries: [{ code: 'e2e#x', label: 'X' }] }, 'body.entries.0.code'],
      ['a `:` in a code', { entries: [{ code: 'e2e:x', label: 'X' }] }, 'body.entries.0.code'],
      ['`__proto__` as a code', { entries: [{ code: '__proto__', label: 'X' }] }, 'body.entries.0.code'],
      ['a label of control characters', { entries: [{ code: 'e2e-x', label: '\u0007' }] }, 'body.entries.0.label'],
      ['no active entry', { entries: [{ code: 'e2e-x', label: 'X', active: false }] }, 'body.entries'],
    ])('%s → 400', async (_, body, path) => {
      const current = await readList(client);
      const response = await client.request<Problem>('PUT', `/v1/dictionary/${SANDBOX_TYPE}`, { as: 'admin', body, headers: { 'if-match': `"${current.version}"` } });
      expect(response.status, response.text).toBe(400);
      expect(response.json.errors?.map((error) => error.path)).toContain(path);
      expect((await readList(client)).entries.map((entry) => entry.code)).not.toContain('e2e-never-stored');
    });

    it('an unknown type → 400; no If-Match → 428; a stale one → 412', async () => {
      const unknownType = await client.request<Problem>('PUT', '/v1/dictionary/colours', { as: 'admin', body: { entries: valid }, headers: { 'if-match': '"1"' } });
      expect(unknownType.status).toBe(400);
      expect(unknownType.json.errors?.[0]?.path).toBe('params.type');
      expect((await client.get('/v1/dictionary/colours', { as: 'exec' })).status).toBe(400);

      const current = await readList(client);
      const entries = [...current.entries, ...valid];
      expect((await client.request('PUT', `/v1/dictionary/${SANDBOX_TYPE}`, { as: 'admin', body: { entries } })).status).toBe(428);
      expect((await putList(client, entries, current.version - 1)).status).toBe(412);
      expect((await readList(client)).entries.map((entry) => entry.code)).not.toContain('e2e-never-stored');
    });
  });
});
