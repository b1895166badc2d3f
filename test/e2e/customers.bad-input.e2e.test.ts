import { describe, expect, it } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';
import { arrangeCustomer, expectCustomerUntouched, uniqueName } from './scenarios/route-scenarios';

type Client = ReturnType<typeof api>;

interface BadRequest {
  readonly label: string;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: (id: string) => string;
  readonly as?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly status: number;
  /** The problem's `errors[].path` that must be named, when the refusal is about one field. */
  readonly field?: string;
}

const customer = (id: string) => `/v1/customers/${id}`;
const json = { 'content-type': 'application/json' };
const current = { 'if-match': '"1"' };
const minutesFromNow = (minutes: number) => encodeURIComponent(new Date(Date.now() + minutes * 60_000).toISOString());

/**
 * Bad input for every customers route: each must be refused with a problem response (never a 5xx) and must
 * leave the arranged customer at version 1 and create no other customer.
 */
const BAD_REQUESTS: BadRequest[] = [
  // POST /v1/customers
  { label: 'malformed JSON', method: 'POST', path: () => '/v1/customers', body: '{"name": "x",', headers: json, status: 400 },
  { label: 'a text/plain body', method: 'POST', path: () => '/v1/customers', body: '{"name":"x"}', headers: { 'content-type': 'text/plain' }, status: 415 },
  { label: 'no body', method: 'POST', path: () => '/v1/customers', headers: json, status: 400 },
  { label: 'an array body', method: 'POST', path: () => '/v1/customers', body: [{ name: 'x' }], status: 400 },
  { label: 'a client-chosen id', method: 'POST', path: () => '/v1/customers', body: { name: 'x', id: '01JAAAAAAAAAAAAAAAAAAAAAAA' }, status: 400, field: 'body.id' },
  { label: 'a client-set version', method: 'POST', path: () => '/v1/customers', body: { name: 'x', version: 9 }, status: 400, field: 'body.version' },
  { label: 'client-set timestamps', method: 'POST', path: () => '/v1/customers', body: { name: 'x', createdAt: '2020-01-01T00:00:00Z' }, status: 400, field: 'body.createdAt' },
  { label: 'an owner named by an account manager', method: 'POST', path: () => '/v1/customers', as: 'am1', body: { name: 'x', ownerId: 'am2' }, status: 400, field: 'body.ownerId' },
  { label: 'an owner who may not own customers', method: 'POST', path: () => '/v1/customers', body: { name: 'x', ownerId: 'exec' }, status: 400, field: 'body.ownerId' },
  { label: 'an empty name', method: 'POST', path: () => '/v1/customers', body: { name: '   ' }, status: 400, field: 'body.name' },
  { label: 'an oversized name', method: 'POST', path: () => '/v1/customers', body: { name: 'n'.repeat(201) }, status: 400, field: 'body.name' },
  { label: 'credit out of range', method: 'POST', path: () => '/v1/customers', body: { name: 'x', credit: 6 }, status: 400, field: 'body.credit' },
  { label: 'fractional satisfaction', method: 'POST', path: () => '/v1/customers', body: { name: 'x', satisfaction: 2.5 }, status: 400, field: 'body.satisfaction' },
  { label: 'an unknown level', method: 'POST', path: () => '/v1/customers', body: { name: 'x', level: 'vip' }, status: 400, field: 'body.level' },
  { label: 'the system-only status lost', method: 'POST', path: () => '/v1/customers', body: { name: 'x', status: 'lost' }, status: 400, field: 'body.status' },
  { label: 'fractional money', method: 'POST', path: () => '/v1/customers', body: { name: 'x', annualRevenue: { amount: 10.5, currency: 'CNY' } }, status: 400, field: 'body.annualRevenue.amount' },
  { label: 'negative money', method: 'POST', path: () => '/v1/customers', body: { name: 'x', registeredCapital: { amount: -1, currency: 'CNY' } }, status: 400, field: 'body.registeredCapital.amount' },
  { label: 'a javascript: website', method: 'POST', path: () => '/v1/customers', body: { name: 'x', website: 'javascript:alert(1)' }, status: 400, field: 'body.website' },
  { label: 'a control character', method: 'POST', path: () => '/v1/customers', body: { name: 'bad\u0007name' }, status: 400, field: 'body.name' },
  { label: 'a malformed customer number', method: 'POST', path: () => '/v1/customers', body: { name: 'x', customerNo: 'no spaces!' }, status: 400, field: 'body.customerNo' },
  { label: 'duplicate tags', method: 'POST', path: () => '/v1/customers', body: { name: 'x', tags: ['a', 'a'] }, status: 400, field: 'body.tags' },
  { label: 'a body over 64 KiB', method: 'POST', path: () => '/v1/customers', body: { name: 'x', address: 'a'.repeat(70_000) }, status: 413 },
  // POST /v1/customers — the issue-17 fields
  { label: 'a malformed e-mail address', method: 'POST', path: () => '/v1/customers', body: { name: 'x', email: 'li.lei@' }, status: 400, field: 'body.email' },
  { label: 'an e-mail address over 254 characters', method: 'POST', path: () => '/v1/customers', body: { name: 'x', email: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.cn` }, status: 400, field: 'body.email' },
  { label: 'a lower-case country', method: 'POST', path: () => '/v1/customers', body: { name: 'x', country: 'cn' }, status: 400, field: 'body.country' },
  { label: 'an unknown province code', method: 'POST', path: () => '/v1/customers', body: { name: 'x', province: '990000' }, status: 400, field: 'body.province' },
  { label: 'a Chinese province as free text', method: 'POST', path: () => '/v1/customers', body: { name: 'x', country: 'CN', province: '广东省' }, status: 400, field: 'body.province' },
  { label: 'a city code as the province', method: 'POST', path: () => '/v1/customers', body: { name: 'x', province: '440300' }, status: 400, field: 'body.province' },
  { label: 'a city outside its province', method: 'POST', path: () => '/v1/customers', body: { name: 'x', province: '110000', city: '440300' }, status: 400, field: 'body.city' },
  { label: 'a Chinese city without its province', method: 'POST', path: () => '/v1/customers', body: { name: 'x', city: '440300' }, status: 400, field: 'body.province' },
  { label: 'a province over 100 characters abroad', method: 'POST', path: () => '/v1/customers', body: { name: 'x', country: 'US', province: 'p'.repeat(101) }, status: 400, field: 'body.province' },
  { label: 'a district over 100 characters', method: 'POST', path: () => '/v1/customers', body: { name: 'x', district: 'd'.repeat(101) }, status: 400, field: 'body.district' },
  { label: 'a negative employee count', method: 'POST', path: () => '/v1/customers', body: { name: 'x', employeeCount: -1 }, status: 400, field: 'body.employeeCount' },
  { label: 'an employee count over 10,000,000', method: 'POST', path: () => '/v1/customers', body: { name: 'x', employeeCount: 10_000_001 }, status: 400, field: 'body.employeeCount' },
  { label: 'an employee count as a string', method: 'POST', path: () => '/v1/customers', body: { name: 'x', employeeCount: '12' }, status: 400, field: 'body.employeeCount' },
  { label: 'an unknown customer type', method: 'POST', path: () => '/v1/customers', body: { name: 'x', type: 'vendor' }, status: 400, field: 'body.type' },
  { label: 'an unknown kind', method: 'POST', path: () => '/v1/customers', body: { name: 'x', kind: 'robot' }, status: 400, field: 'body.kind' },
  { label: 'a gender on a company', method: 'POST', path: () => '/v1/customers', body: { name: 'x', gender: 'female' }, status: 400, field: 'body.gender' },
  { label: 'a birthday on a company', method: 'POST', path: () => '/v1/customers', body: { name: 'x', kind: 'company', birthday: '1980-01-01' }, status: 400, field: 'body.birthday' },
  { label: 'a birthday in the future', method: 'POST', path: () => '/v1/customers', body: { name: 'x', kind: 'person', birthday: '2999-01-01' }, status: 400, field: 'body.birthday' },
  { label: 'an impossible birthday', method: 'POST', path: () => '/v1/customers', body: { name: 'x', kind: 'person', birthday: '1990-02-30' }, status: 400, field: 'body.birthday' },
  { label: 'an unknown gender', method: 'POST', path: () => '/v1/customers', body: { name: 'x', kind: 'person', gender: 'x' }, status: 400, field: 'body.gender' },
  { label: 'a memo over 4000 characters', method: 'POST', path: () => '/v1/customers', body: { name: 'x', memo: 'm'.repeat(4001) }, status: 400, field: 'body.memo' },
  { label: 'a malformed Idempotency-Key', method: 'POST', path: () => '/v1/customers', body: { name: 'x' }, headers: { 'idempotency-key': 'bad key!' }, status: 400 },
  // GET /v1/customers
  { label: 'limit 0', method: 'GET', path: () => '/v1/customers?limit=0', status: 400, field: 'query.limit' },
  { label: 'limit 101', method: 'GET', path: () => '/v1/customers?limit=101', status: 400, field: 'query.limit' },
  { label: 'a non-numeric limit', method: 'GET', path: () => '/v1/customers?limit=ten', status: 400, field: 'query.limit' },
  { label: 'an exponent limit (1e1)', method: 'GET', path: () => '/v1/customers?limit=1e1', status: 400, field: 'query.limit' },
  { label: 'a signed limit (+5)', method: 'GET', path: () => '/v1/customers?limit=%2B5', status: 400, field: 'query.limit' },
  { label: 'a zero-padded limit (010)', method: 'GET', path: () => '/v1/customers?limit=010', status: 400, field: 'query.limit' },
  { label: 'a forged cursor', method: 'GET', path: () => '/v1/customers?cursor=eyJrIjp7InBrIjoiWCJ9fQ.AAAA', status: 400 },
  { label: 'an unknown query parameter', method: 'GET', path: () => '/v1/customers?owner=am1', status: 400, field: 'query.owner' },
  { label: 'an unknown status filter', method: 'GET', path: () => '/v1/customers?status=gone', status: 400, field: 'query.status' },
  // GET /v1/customers?updatedSince= (the delta feed, shared/customer-records/delta-sync.ts)
  // The list's name search (a prefix, names may hold # and :) is bounded; the infix search refuses more (search.e2e).
  { label: 'a 10k-character name search in the list', method: 'GET', path: () => `/v1/customers?q=${'a'.repeat(10_000)}`, status: 400, field: 'query.q' },
  { label: 'updatedSince not an instant', method: 'GET', path: () => '/v1/customers?updatedSince=yesterday', status: 400, field: 'query.updatedSince' },
  { label: 'updatedSince a date without time', method: 'GET', path: () => '/v1/customers?updatedSince=2026-12-01', status: 400, field: 'query.updatedSince' },
  { label: 'updatedSince an hour ahead', method: 'GET', path: () => `/v1/customers?updatedSince=${minutesFromNow(60)}`, status: 400, field: 'query.updatedSince' },
  { label: 'updatedSince older than the tombstones are kept', method: 'GET', path: () => `/v1/customers?updatedSince=${minutesFromNow(-40 * 1440)}`, status: 400, field: 'query.updatedSince' },
  { label: 'updatedSince with a sort', method: 'GET', path: () => `/v1/customers?updatedSince=${minutesFromNow(-1)}&sort=-updatedAt`, status: 400, field: 'query.sort' },
  { label: 'updatedSince with a name search', method: 'GET', path: () => `/v1/customers?updatedSince=${minutesFromNow(-1)}&q=abc`, status: 400, field: 'query.q' },
  { label: 'updatedSince with a filter', method: 'GET', path: () => `/v1/customers?updatedSince=${minutesFromNow(-1)}&industry=energy`, status: 400, field: 'query.industry' },
  { label: 'a list cursor replayed into the feed', method: 'GET', path: () => `/v1/customers?updatedSince=${minutesFromNow(-1)}&cursor=eyJrIjp7InBrIjoiWCJ9fQ.AAAA`, status: 400 },
  // GET /v1/customers/{id}
  { label: 'a malformed id', method: 'GET', path: () => customer('not-an-id'), status: 400, field: 'params.customerId' },
  { label: 'an unknown id', method: 'GET', path: () => customer('01JZZZZZZZZZZZZZZZZZZZZZZZ'), status: 404 },
  // PATCH /v1/customers/{id}
  { label: 'a PATCH without If-Match', method: 'PATCH', path: customer, body: { credit: 2 }, status: 428 },
  { label: 'a PATCH with a stale If-Match', method: 'PATCH', path: customer, body: { credit: 2 }, headers: { 'if-match': '"7"' }, status: 412 },
  { label: 'a PATCH with a foreign If-Match', method: 'PATCH', path: customer, body: { credit: 2 }, headers: { 'if-match': '*' }, status: 412 },
  { label: 'a PATCH with a weak If-Match of the current version', method: 'PATCH', path: customer, body: { credit: 2 }, headers: { 'if-match': 'W/"1"' }, status: 412 },
  { label: 'an empty PATCH', method: 'PATCH', path: customer, body: {}, headers: current, status: 400 },
  { label: 'a PATCH of the customer number', method: 'PATCH', path: customer, body: { customerNo: 'NEW-1' }, headers: current, status: 400, field: 'body.customerNo' },
  { label: 'a PATCH of the owner', method: 'PATCH', path: customer, body: { ownerId: 'am2' }, headers: current, status: 400, field: 'body.ownerId' },
  { label: 'a PATCH clearing the name', method: 'PATCH', path: customer, body: { name: null }, headers: current, status: 400, field: 'body.name' },
  { label: 'a PATCH of the version', method: 'PATCH', path: customer, body: { version: 5 }, headers: current, status: 400, field: 'body.version' },
  { label: 'a PATCH of a gender on a company', method: 'PATCH', path: customer, body: { gender: 'male' }, headers: current, status: 400, field: 'body.gender' },
  { label: 'a PATCH of a city alone, with no province stored', method: 'PATCH', path: customer, body: { city: '440300' }, headers: current, status: 400, field: 'body.province' },
  { label: 'a PATCH of a free-text province in China', method: 'PATCH', path: customer, body: { province: 'Ontario' }, headers: current, status: 400, field: 'body.province' },
  { label: 'a PATCH of an unknown six-digit city', method: 'PATCH', path: customer, body: { province: '440000', city: '449999' }, headers: current, status: 400, field: 'body.city' },
  { label: 'a PATCH of a null kind', method: 'PATCH', path: customer, body: { kind: null }, headers: current, status: 400, field: 'body.kind' },
  { label: 'a PATCH with malformed JSON', method: 'PATCH', path: customer, body: '{', headers: { ...current, ...json }, status: 400 },
  // DELETE /v1/customers/{id}
  { label: 'a DELETE without If-Match', method: 'DELETE', path: customer, status: 428 },
  { label: 'a DELETE with a stale If-Match', method: 'DELETE', path: customer, headers: { 'if-match': '"2"' }, status: 412 },
  // POST /v1/customers/{id}/transfer
  { label: 'a transfer without an owner', method: 'POST', path: (id) => `${customer(id)}/transfer`, body: {}, headers: current, status: 400, field: 'body.ownerId' },
  { label: 'a transfer to an unknown user', method: 'POST', path: (id) => `${customer(id)}/transfer`, body: { ownerId: 'nobody' }, headers: current, status: 400, field: 'body.ownerId' },
  { label: 'a transfer to an executive', method: 'POST', path: (id) => `${customer(id)}/transfer`, body: { ownerId: 'exec' }, headers: current, status: 400, field: 'body.ownerId' },
  { label: 'a transfer to the current owner', method: 'POST', path: (id) => `${customer(id)}/transfer`, body: { ownerId: 'am1' }, headers: current, status: 409 },
  { label: 'a transfer without If-Match', method: 'POST', path: (id) => `${customer(id)}/transfer`, body: { ownerId: 'am2' }, status: 428 },
  { label: 'a transfer with extra fields', method: 'POST', path: (id) => `${customer(id)}/transfer`, body: { ownerId: 'am2', ownerName: 'x' }, headers: current, status: 400, field: 'body.ownerName' },
];

describe('customers: bad input is refused with a problem and writes nothing', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  it.each(BAD_REQUESTS)('$method: $label → $status', async (bad) => {
    // Prepare
    const target = await arrangeCustomer(client, 'am1');
    const before = await client.get<{ items: unknown[] }>('/v1/customers?limit=100&ownerId=am1', { as: 'admin' });

    // Act
    const response = await client.request(bad.method, bad.path(target.id), {
      as: bad.as ?? 'admin',
      ...(bad.body !== undefined ? { body: bad.body } : {}),
      ...(bad.headers ? { headers: bad.headers } : {}),
    });

    // Assess
    expect(response.status, response.text).toBe(bad.status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = response.json as { type: string; title: string; status: number; detail: string; errors?: { path: string }[] };
    expect(problem).toMatchObject({ status: bad.status, type: expect.stringMatching(/^\/problems\//), title: expect.any(String), detail: expect.any(String) });
    if (bad.field) expect(problem.errors?.map((error) => error.path)).toContain(bad.field);
    await expectCustomerUntouched(client, target.id, 'am1');
    const after = await client.get<{ items: unknown[] }>('/v1/customers?limit=100&ownerId=am1', { as: 'admin' });
    expect(after.json.items.length).toBe(before.json.items.length);
  });

  it('refuses a customer number already in use (409) and keeps the first customer', async () => {
    const customerNo = `E2E-${Date.now().toString(36).toUpperCase()}`;
    const first = await client.post<{ id: string }>('/v1/customers', { name: uniqueName('first'), customerNo }, { as: 'admin' });

    const second = await client.post('/v1/customers', { name: uniqueName('second'), customerNo: customerNo.toLowerCase() }, { as: 'sales' });

    expect(first.status).toBe(201);
    expect(second.status).toBe(409);
    expect((second.json as { code: string }).code).toBe('CustomerNoTaken');
  });

  it('replays a create with the same Idempotency-Key and body, and refuses the key with another body (422)', async () => {
    const key = `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const body = { name: uniqueName('idempotent') };

    const first = await client.post<{ id: string }>('/v1/customers', body, { as: 'am1', headers: { 'idempotency-key': key } });
    const replay = await client.post<{ id: string }>('/v1/customers', body, { as: 'am1', headers: { 'idempotency-key': key } });
    const other = await client.post('/v1/customers', { name: uniqueName('other') }, { as: 'am1', headers: { 'idempotency-key': key } });

    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.json.id).toBe(first.json.id);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(other.status).toBe(422);
    const found = await client.get<{ items: unknown[] }>(`/v1/customers?q=${encodeURIComponent(body.name)}`, { as: 'admin' });
    expect(found.json.items).toHaveLength(1);
  });
});
