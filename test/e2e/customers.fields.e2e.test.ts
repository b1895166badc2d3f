import { describe, expect, it } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';
import { uniqueName } from './scenarios/route-scenarios';

type Client = ReturnType<typeof api>;
type Customer = Record<string, unknown> & { id: string; version: number };
type History = { items: { action: string; changes: { field: string; old?: unknown; new?: unknown }[] }[] };
type Problem = { status: number; errors?: { path: string }[] };

/** Issue 17: the customer fields users expect, through the local gateway with real tokens. */
describe('customers: the issue-17 fields', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

  it('stores the new fields, defaults type and kind, answers them on GET and records them in the audit trail', async () => {
    // Prepare
    const body = {
      name: uniqueName('fields'), email: 'Zhang.Wei@Example.cn', province: '440000', city: '440300', district: '南山区',
      employeeCount: 250, memo: '年度框架合同\n每季度回访', type: 'prospect',
    };

    // Act
    const created = await client.post<Customer>('/v1/customers', body, { as: 'am1' });
    const read = await client.get<Customer>(`/v1/customers/${created.json.id}`, { as: 'am1' });
    const history = await client.get<History>(`/v1/customers/${created.json.id}/history`, { as: 'admin' });

    // Assess
    expect(created.status, created.text).toBe(201);
    const { name: _name, ...fields } = body;
    expect(read.json).toMatchObject({ ...fields, kind: 'company', email: 'Zhang.Wei@Example.cn' });
    const creation = history.json.items.find((entry) => entry.action === 'create')!;
    for (const field of ['email', 'province', 'city', 'district', 'employeeCount', 'memo', 'type', 'kind']) {
      expect(creation.changes.map((change) => change.field)).toContain(field);
    }
  });

  it('makes a company an individual with a gender and a birthday, judging each PATCH on the record after it', async () => {
    // Prepare
    const created = await client.post<Customer>('/v1/customers', { name: uniqueName('person') }, { as: 'sales' });
    const id = created.json.id;

    // Act
    const refused = await client.patch<Problem>(`/v1/customers/${id}`, { gender: 'female' }, { as: 'sales', headers: ifMatch(1) });
    const person = await client.patch<Customer>(`/v1/customers/${id}`, { kind: 'person', gender: 'female', birthday: '1988-08-08' }, { as: 'sales', headers: ifMatch(1) });
    const backToCompany = await client.patch<Problem>(`/v1/customers/${id}`, { kind: 'company' }, { as: 'sales', headers: ifMatch(2) });
    const history = await client.get<History>(`/v1/customers/${id}/history`, { as: 'admin' });

    // Assess
    expect(refused.status).toBe(400);
    expect(refused.json.errors?.map((error) => error.path)).toEqual(['body.gender']);
    expect(person.status, person.text).toBe(200);
    expect(person.json).toMatchObject({ kind: 'person', gender: 'female', birthday: '1988-08-08', version: 2 });
    expect(backToCompany.status).toBe(400);
    expect(backToCompany.json.errors?.map((error) => error.path).sort()).toEqual(['body.birthday', 'body.gender']);
    const final = await client.get<Customer>(`/v1/customers/${id}`, { as: 'admin' });
    expect(final.json).toMatchObject({ kind: 'person', version: 2 });
    expect(history.json.items[0]!.changes).toEqual(
      expect.arrayContaining([
        { field: 'kind', old: 'company', new: 'person' },
        { field: 'gender', new: 'female' },
        { field: 'birthday', new: '1988-08-08' },
      ]),
    );
  });

  it('takes free text abroad, and codes again when the customer moves to China', async () => {
    // Prepare
    const created = await client.post<Customer>('/v1/customers', { name: uniqueName('abroad'), country: 'DE', province: 'Bayern', city: 'München' }, { as: 'admin' });
    const id = created.json.id;

    // Act
    const moveKeepingText = await client.patch<Problem>(`/v1/customers/${id}`, { country: 'CN' }, { as: 'admin', headers: ifMatch(1) });
    const unknownCity = await client.patch<Problem>(`/v1/customers/${id}`, { country: 'CN', province: '310000', city: '319900' }, { as: 'admin', headers: ifMatch(1) });
    const moved = await client.patch<Customer>(`/v1/customers/${id}`, { country: null, province: '310000', city: '310100' }, { as: 'admin', headers: ifMatch(1) });

    // Assess
    expect(created.status, created.text).toBe(201);
    expect(moveKeepingText.status).toBe(400);
    expect(moveKeepingText.json.errors?.map((error) => error.path)).toEqual(['body.province', 'body.city']);
    expect(unknownCity.status).toBe(400);
    expect(unknownCity.json.errors?.map((error) => error.path)).toEqual(['body.city']);
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json).toMatchObject({ province: '310000', city: '310100', version: 2 });
    expect(moved.json.country).toBeUndefined();
  });

  it('serves the province and city lists from the data dictionary', async () => {
    const provinces = await client.get<{ entries: { code: string; label: string }[] }>('/v1/dictionary/province', { as: 'am1' });
    const cities = await client.get<{ entries: { code: string; label: string }[] }>('/v1/dictionary/city', { as: 'am1' });

    expect(provinces.status, provinces.text).toBe(200);
    expect(provinces.json.entries).toHaveLength(34);
    expect(provinces.json.entries).toContainEqual({ code: '110000', label: '北京市', active: true });
    expect(cities.json.entries).toContainEqual({ code: '440100', label: '广州市', active: true });
  });
});
