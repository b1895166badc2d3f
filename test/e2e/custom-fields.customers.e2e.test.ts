import { describe, expect, it } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';
import { defineField, uniqueFieldKey, type CustomFieldBody } from './scenarios/custom-fields.scenarios';
import { uniqueName } from './scenarios/route-scenarios';

type Client = ReturnType<typeof api>;
type Customer = { id: string; version: number; name: string; custom?: Record<string, unknown> };
type Problem = { status: number; errors?: { path: string; message: string }[] };
type History = { items: { action: string; changes: { field: string; old?: unknown; new?: unknown }[] }[] };

/**
 * Issue 17, custom fields on customers, through the local gateway with real tokens: definitions by the
 * administrator, values set, read (GET, list, 360 view), filtered, audited, kept when a field is deactivated, and
 * bad values refused naming the field. The definitions of this file are invisible to the other test files
 * (test/support/custom-fields-isolation.ts).
 */
describe('custom fields on customers', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));
  const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

  const fields = {} as Record<'tier' | 'budget' | 'since' | 'vip' | 'regions' | 'note' | 'size' | 'code', CustomFieldBody>;
  const keyOf = (name: keyof typeof fields) => fields[name].key;

  it('lets the administrator define one field of every type, read by every role', async () => {
    // Prepare
    const definitions = {
      tier: { type: 'singleSelect', options: [{ code: 'gold', label: '金牌' }, { code: 'silver', label: '银牌' }, { code: 'bronze', label: '铜牌' }] },
      budget: { type: 'money' },
      since: { type: 'date' },
      vip: { type: 'boolean' },
      regions: { type: 'multiSelect', options: [{ code: 'north', label: '北' }, { code: 'south', label: '南' }] },
      note: { type: 'longText' },
      size: { type: 'number' },
      code: { type: 'text' },
    } as const;

    // Act
    for (const [name, definition] of Object.entries(definitions)) {
      fields[name as keyof typeof fields] = await defineField(client, { entityType: 'customer', key: uniqueFieldKey(name), label: name, ...definition });
    }
    const asAm = await client.get<{ items: CustomFieldBody[] }>('/v1/custom-fields?entityType=customer', { as: 'am1' });
    const asExec = await client.get<{ items: CustomFieldBody[] }>('/v1/custom-fields', { as: 'exec' });

    // Assess
    expect(asAm.status).toBe(200);
    expect(asAm.json.items.map((item) => item.key)).toEqual(expect.arrayContaining(Object.values(fields).map((field) => field.key)));
    expect(asExec.json.items.length).toBeGreaterThanOrEqual(8);
  });

  let customerId = '';
  const values = () => ({
    [keyOf('tier')]: 'gold',
    [keyOf('budget')]: { amount: 1_000_000, currency: 'CNY' },
    [keyOf('since')]: '2019-03-01',
    [keyOf('vip')]: true,
    [keyOf('regions')]: ['north', 'south'],
    [keyOf('note')]: '年度框架合同\n每季度回访',
    [keyOf('size')]: 250.5,
    [keyOf('code')]: 'HX-001',
  });

  it('stores the values on create and shows them on GET, in the list (filtered by a select field), the 360 view and the audit trail', async () => {
    // Prepare
    const name = uniqueName('custom');

    // Act
    const created = await client.post<Customer>('/v1/customers', { name, ownerId: 'am1', custom: values() }, { as: 'admin' });
    customerId = created.json.id;
    const read = await client.get<Customer>(`/v1/customers/${customerId}`, { as: 'am1' });
    const byTier = await client.get<{ items: Customer[] }>(`/v1/customers?q=${encodeURIComponent(name)}&custom.${keyOf('tier')}=gold`, { as: 'admin' });
    const byOtherTier = await client.get<{ items: Customer[] }>(`/v1/customers?q=${encodeURIComponent(name)}&custom.${keyOf('tier')}=silver`, { as: 'admin' });
    const byRegion = await client.get<{ items: Customer[] }>(`/v1/customers?q=${encodeURIComponent(name)}&custom.${keyOf('regions')}=south`, { as: 'am1' });
    const overview = await client.get<{ customer: Customer }>(`/v1/customers/${customerId}/overview`, { as: 'am1' });
    const history = await client.get<History>(`/v1/customers/${customerId}/history`, { as: 'admin' });

    // Assess
    expect(created.status, created.text).toBe(201);
    expect(read.json.custom).toEqual(values());
    expect(byTier.json.items.map((item) => item.id)).toEqual([customerId]);
    expect(byTier.json.items[0]!.custom).toEqual(values());
    expect(byOtherTier.json.items).toEqual([]);
    expect(byRegion.json.items.map((item) => item.id)).toEqual([customerId]);
    expect(overview.json.customer.custom).toEqual(values());
    const creation = history.json.items.find((entry) => entry.action === 'create')!;
    expect(creation.changes).toEqual(expect.arrayContaining([{ field: `custom.${keyOf('tier')}`, new: 'gold' }]));
  });

  it('merges a PATCH: a value replaces, null clears, other keys stay; the audit entry names custom.<key>', async () => {
    // Act
    const patched = await client.patch<Customer>(`/v1/customers/${customerId}`, { custom: { [keyOf('tier')]: 'silver', [keyOf('note')]: null } }, { as: 'am1', headers: ifMatch(1) });
    const history = await client.get<History>(`/v1/customers/${customerId}/history`, { as: 'admin' });

    // Assess
    expect(patched.status, patched.text).toBe(200);
    const { [keyOf('note')]: _cleared, ...kept } = values();
    expect(patched.json.custom).toEqual({ ...kept, [keyOf('tier')]: 'silver' });
    expect(history.json.items[0]!.changes).toEqual([
      { field: `custom.${keyOf('tier')}`, old: 'gold', new: 'silver' },
      { field: `custom.${keyOf('note')}`, old: '年度框架合同\n每季度回访' },
    ]);
  });

  it('keeps a deactivated field\'s value (returned on reads), refuses a new one, lets it be cleared', async () => {
    // Prepare
    const code = fields.code;
    const deactivated = await client.patch<CustomFieldBody>(`/v1/custom-fields/${code.id}`, { active: false }, { as: 'admin', headers: ifMatch(code.version) });

    // Act
    const read = await client.get<Customer>(`/v1/customers/${customerId}`, { as: 'admin' });
    const refused = await client.patch<Problem>(`/v1/customers/${customerId}`, { custom: { [code.key]: 'HX-002' } }, { as: 'admin', headers: ifMatch(2) });
    const cleared = await client.patch<Customer>(`/v1/customers/${customerId}`, { custom: { [code.key]: null } }, { as: 'admin', headers: ifMatch(2) });

    // Assess
    expect(deactivated.status, deactivated.text).toBe(200);
    expect(read.json.custom?.[code.key]).toBe('HX-001');
    expect(refused.status).toBe(400);
    expect(refused.json.errors).toEqual([{ path: `body.custom.${code.key}`, message: expect.stringContaining('deactivated') }]);
    expect(cleared.status, cleared.text).toBe(200);
    expect(cleared.json.custom).not.toHaveProperty(code.key);
  });

  describe('bad values: 400 naming body.custom.<key>, nothing written', () => {
    const rows: [string, () => Record<string, unknown>, () => string][] = [
      ['a wrong type (text for a number)', () => ({ [keyOf('size')]: 'many' }), () => keyOf('size')],
      ['a wrong type (number for money)', () => ({ [keyOf('budget')]: 100 }), () => keyOf('budget')],
      ['an impossible date', () => ({ [keyOf('since')]: '2026-02-30' }), () => keyOf('since')],
      ['an option that does not exist', () => ({ [keyOf('tier')]: 'platinum' }), () => keyOf('tier')],
      ['an unknown option in a multi select', () => ({ [keyOf('regions')]: ['north', 'west'] }), () => keyOf('regions')],
      ['an unknown key', () => ({ nickname: 'x' }), () => 'nickname'],
      ['text over 255 characters', () => ({ [keyOf('code')]: 'x'.repeat(256) }), () => keyOf('code')],
      ['long text over 10,000 characters', () => ({ [keyOf('note')]: 'x'.repeat(10_001) }), () => keyOf('note')],
    ];
    for (const [label, custom, key] of rows) {
      it(label, async () => {
        // Prepare
        const name = uniqueName('bad custom');

        // Act
        const create = await client.post<Problem>('/v1/customers', { name, custom: custom() }, { as: 'sales' });
        const update = await client.patch<Problem>(`/v1/customers/${customerId}`, { custom: custom() }, { as: 'admin', headers: ifMatch(3) });
        const after = await client.get<{ items: Customer[] }>(`/v1/customers?q=${encodeURIComponent(name)}`, { as: 'admin' });
        const current = await client.get<Customer>(`/v1/customers/${customerId}`, { as: 'admin' });

        // Assess
        for (const response of [create, update]) {
          expect(response.status, response.text).toBe(400);
          expect(response.json.errors?.map((error) => error.path)).toEqual([`body.custom.${key()}`]);
        }
        expect(after.json.items).toEqual([]);
        expect(current.json.version).toBe(3);
      });
    }

    it('a filter on an unknown, non-select or inactive key, or an unknown option', async () => {
      // Act
      const answers = await Promise.all(
        [`custom.ghost=a`, `custom.${keyOf('size')}=1`, `custom.${keyOf('code')}=HX-001`, `custom.${keyOf('tier')}=platinum`].map((query) =>
          client.get<Problem>(`/v1/customers?${query}`, { as: 'admin' }),
        ),
      );

      // Assess
      expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400]);
      expect(answers.map((answer) => answer.json.errors?.[0]?.path)).toEqual([
        'query.custom.ghost',
        `query.custom.${keyOf('size')}`,
        `query.custom.${keyOf('code')}`,
        `query.custom.${keyOf('tier')}`,
      ]);
    });

    it('a required field missing on create, or cleared on update (the field defined last: it binds every create after it)', async () => {
      // Prepare
      const required = await defineField(client, { entityType: 'customer', key: uniqueFieldKey('required'), label: '必填', type: 'text', required: true });
      const name = uniqueName('missing required');

      // Act
      const missing = await client.post<Problem>('/v1/customers', { name }, { as: 'sales' });
      const given = await client.post<Customer>('/v1/customers', { name: uniqueName('with required'), custom: { [required.key]: '有' } }, { as: 'sales' });
      const cleared = await client.patch<Problem>(`/v1/customers/${given.json.id}`, { custom: { [required.key]: null } }, { as: 'sales', headers: ifMatch(1) });
      const released = await client.patch<CustomFieldBody>(`/v1/custom-fields/${required.id}`, { required: false }, { as: 'admin', headers: ifMatch(1) });

      // Assess
      expect(missing.status).toBe(400);
      expect(missing.json.errors).toEqual([{ path: `body.custom.${required.key}`, message: 'Required.' }]);
      expect(given.status, given.text).toBe(201);
      expect(cleared.status).toBe(400);
      expect(cleared.json.errors?.map((error) => error.path)).toEqual([`body.custom.${required.key}`]);
      expect(released.status).toBe(200);
    });
  });

  it('refuses a duplicate key (409), an immutable key or type (400) and a removed option code (400)', async () => {
    // Act
    const duplicate = await client.post<Problem>('/v1/custom-fields', { entityType: 'customer', key: keyOf('tier'), label: 'x', type: 'text' }, { as: 'admin' });
    const immutable = await client.patch<Problem>(`/v1/custom-fields/${fields.size.id}`, { key: 'other', type: 'text', label: '新' }, { as: 'admin', headers: ifMatch(1) });
    const removed = await client.patch<Problem>(`/v1/custom-fields/${fields.tier.id}`, { options: [{ code: 'gold', label: '金牌' }] }, { as: 'admin', headers: ifMatch(1) });
    const asManager = await client.post<Problem>('/v1/custom-fields', { entityType: 'customer', key: uniqueFieldKey('nope'), label: 'x', type: 'text' }, { as: 'sales' });

    // Assess
    expect(duplicate.status).toBe(409);
    expect(immutable.status).toBe(400);
    expect(immutable.json.errors?.map((error) => error.path).sort()).toEqual(['body.key', 'body.type']);
    expect(removed.status).toBe(400);
    expect(removed.json.errors?.map((error) => error.path)).toEqual(['body.options']);
    expect(asManager.status).toBe(403);
  });
});
