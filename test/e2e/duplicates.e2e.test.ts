import { describe, expect, it } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';
import { arrangeDuplicatePair, isOpenPair } from './scenarios/duplicates.scenarios';
import { uniqueName } from './scenarios/route-scenarios';

type Client = ReturnType<typeof api>;
type Problem = { type: string; status: number; code: string; candidates?: { id: string; name: string; matchedBy: string[] }[]; hiddenCandidates?: number; errors?: { path: string }[] };

describe('duplicate customers end to end', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  it('answers 409 possible-duplicate per role: described to managers and the owner, only counted for another account manager', async () => {
    // Prepare: am2 owns 「<name>有限公司」 with a company phone
    const name = uniqueName('dup');
    const phone = `+86 10 ${String(Date.now()).slice(-8)}`;
    const held = await client.post<{ id: string }>('/v1/customers', { name: `${name}有限公司`, phone, ownerId: 'am2' }, { as: 'admin' });
    expect(held.status, held.text).toBe(201);
    const twin = { name: `  ${name.toUpperCase()} Co., Ltd.`, level: 'ordinary' };

    // Act
    const bySales = await client.post<Problem>('/v1/customers', twin, { as: 'sales' });
    const byOwner = await client.post<Problem>('/v1/customers', twin, { as: 'am2' });
    const byOther = await client.post<Problem>('/v1/customers', { name: `Other ${name}`, phone: phone.replace('+86 10 ', '010-') }, { as: 'am1' });
    const byExec = await client.post<Problem>('/v1/customers', twin, { as: 'exec' });
    const confirmed = await client.post<{ id: string; ownerId: string }>('/v1/customers?allowDuplicate=true', twin, { as: 'am1' });

    // Assess
    expect(bySales.status).toBe(409);
    expect(bySales.headers.get('content-type')).toContain('application/problem+json');
    expect(bySales.json).toMatchObject({ type: '/problems/possible-duplicate', code: 'PossibleDuplicate', hiddenCandidates: 0 });
    expect(bySales.json.candidates).toEqual([expect.objectContaining({ id: held.json.id, name: `${name}有限公司`, matchedBy: ['name'] })]);
    expect(byOwner.json.candidates?.map((candidate) => candidate.id)).toEqual([held.json.id]);
    expect(byOther.status).toBe(409);
    expect(byOther.json).toMatchObject({ candidates: [], hiddenCandidates: 1 });
    expect(JSON.stringify(byOther.json)).not.toContain(held.json.id);
    expect(byExec.status).toBe(403);
    expect(confirmed.status, confirmed.text).toBe(201);
    expect(confirmed.json.ownerId).toBe('am1');
    expect(await isOpenPair(client, [held.json.id, confirmed.json.id].sort().join('-'))).toBe(true);
  });

  it('refuses a PATCH that takes another customer’s tax number unless confirmed', async () => {
    // Prepare
    const tax = `91110${String(Date.now()).slice(-12)}X`;
    const holder = await client.post<{ id: string }>('/v1/customers', { name: uniqueName('holder'), nationalTaxNo: tax, ownerId: 'am1' }, { as: 'admin' });
    const other = await client.post<{ id: string }>('/v1/customers', { name: uniqueName('other'), ownerId: 'am1' }, { as: 'admin' });

    // Act
    const refused = await client.patch<Problem>(`/v1/customers/${other.json.id}`, { licenceNo: tax.toLowerCase() }, { as: 'am1', headers: { 'if-match': '"1"' } });
    const unchanged = await client.get<{ version: number; licenceNo?: string }>(`/v1/customers/${other.json.id}`, { as: 'am1' });
    const confirmed = await client.patch<{ version: number }>(`/v1/customers/${other.json.id}?allowDuplicate=true`, { licenceNo: tax }, { as: 'am1', headers: { 'if-match': '"1"' } });

    // Assess
    expect(refused.status).toBe(409);
    expect(refused.json.candidates).toEqual([expect.objectContaining({ id: holder.json.id, matchedBy: ['tax'] })]);
    expect(unchanged.json).toMatchObject({ version: 1 });
    expect(unchanged.json.licenceNo).toBeUndefined();
    expect(confirmed.status, confirmed.text).toBe(200);
  });

  it('lists a pair for managers until it is dismissed or one of its customers archived; dismissing twice is harmless', async () => {
    // Prepare
    const dismissed = await arrangeDuplicatePair(client);
    const archived = await arrangeDuplicatePair(client);

    // Act
    const first = await client.post<{ status: string; dismissedBy: string }>(`/v1/customers/duplicates/${dismissed.pairId}/dismiss`, undefined, { as: 'sales', headers: { 'if-match': '"1"' } });
    const stale = await client.post<Problem>(`/v1/customers/duplicates/${dismissed.pairId}/dismiss`, undefined, { as: 'admin', headers: { 'if-match': '"1"' } });
    const again = await client.post<{ status: string }>(`/v1/customers/duplicates/${dismissed.pairId}/dismiss`, undefined, { as: 'admin', headers: { 'if-match': '"2"' } });
    const archive = await client.delete(`/v1/customers/${archived.ids[0]}`, { as: 'admin', headers: { 'if-match': '"1"' } });
    const afterArchive = await client.post<Problem>(`/v1/customers/duplicates/${archived.pairId}/dismiss`, undefined, { as: 'admin', headers: { 'if-match': '"1"' } });

    // Assess
    expect(first.status, first.text).toBe(200);
    expect(first.json).toMatchObject({ status: 'dismissed', dismissedBy: 'sales', version: 2 });
    expect(stale.status).toBe(412);
    expect(again.status).toBe(200);
    expect(await isOpenPair(client, dismissed.pairId)).toBe(false);
    expect(archive.status).toBe(204);
    expect(await isOpenPair(client, archived.pairId)).toBe(false);
    expect(afterArchive.status).toBe(404);
  });

  it.each([
    ['a non-boolean allowDuplicate on create', 'POST', '/v1/customers?allowDuplicate=yes', 'query.allowDuplicate'],
    ['an unknown query parameter on create', 'POST', '/v1/customers?force=1', 'query'],
    ['a malformed pair id', 'POST', '/v1/customers/duplicates/not-a-pair/dismiss', 'params.pairId'],
    ['a pair id in the wrong order', 'POST', '/v1/customers/duplicates/01JNW8Z1AB3CD4EF5GH6JK7MNP-01JNW8Y3C5K7Q2V9R4T6M8P0XA/dismiss', 'params.pairId'],
    ['a limit over 100', 'GET', '/v1/customers/duplicates?limit=101', 'query.limit'],
    ['a forged cursor', 'GET', '/v1/customers/duplicates?cursor=abc', undefined],
  ])('answers 400 for %s, writing nothing', async (_label, method, path, field) => {
    // Act
    const response = method === 'GET' ? await client.get<Problem>(path, { as: 'sales' }) : await client.post<Problem>(path, { name: uniqueName('bad') }, { as: 'sales' });

    // Assess
    expect(response.status, response.text).toBe(400);
    if (field) expect(response.json.errors?.map((error) => error.path).join(' ')).toContain(field);
  });

  it('answers 404 for a pair that does not exist', async () => {
    const response = await client.post<Problem>('/v1/customers/duplicates/01JNW8Y3C5K7Q2V9R4T6M8P0XA-01JNW8Z1AB3CD4EF5GH6JK7MNP/dismiss', undefined, { as: 'admin', headers: { 'if-match': '"1"' } });
    expect(response.status).toBe(404);
    expect(response.json.type).toBe('/problems/duplicate-pair-not-found');
  });
});
