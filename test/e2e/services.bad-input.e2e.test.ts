import { describe, expect, it } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';
import { arrangeCustomer } from './scenarios/route-scenarios';
import { arrangeLostCustomer, expectLostCustomerUntouched } from './scenarios/lost-customers.scenarios';
import { arrangeService, expectServiceUntouched } from './scenarios/services.scenarios';

type Client = ReturnType<typeof api>;

interface BadRequest {
  readonly label: string;
  readonly method: 'GET' | 'POST';
  /** Built from the arranged request's id (services) or customer id (lost customers). */
  readonly path: (id: string, customerId: string) => string;
  readonly as?: string;
  readonly body?: unknown | ((customerId: string) => unknown);
  readonly headers?: Record<string, string>;
  readonly status: number;
  /** The problem's `errors[].path` that must be named, when the refusal is about one field. */
  readonly field?: string;
}

const json = { 'content-type': 'application/json' };
const v2 = { 'if-match': '"2"' };
const v1 = { 'if-match': '"1"' };
const service = (id: string) => `/v1/services/${id}`;
const lost = (_id: string, customerId: string) => `/v1/lost-customers/${customerId}`;
const valid = (customerId: string) => ({ type: 'complaint', title: 't', customerId, request: 'r' });

/**
 * Bad input for every services route: refused with a problem response (never a 5xx); the arranged request (assigned
 * to am1, version 2) stays as it was, and its customer gets no new request.
 */
const SERVICE_BAD_REQUESTS: BadRequest[] = [
  // POST /v1/services
  { label: 'malformed JSON', method: 'POST', path: () => '/v1/services', body: '{"type":', headers: json, status: 400 },
  { label: 'a text/plain body', method: 'POST', path: () => '/v1/services', body: '{}', headers: { 'content-type': 'text/plain' }, status: 415 },
  { label: 'no body', method: 'POST', path: () => '/v1/services', headers: json, status: 400 },
  { label: 'an unknown type', method: 'POST', path: () => '/v1/services', body: (c: string) => ({ ...valid(c), type: 'praise' }), status: 400, field: 'body.type' },
  { label: 'a client-chosen id', method: 'POST', path: () => '/v1/services', body: (c: string) => ({ ...valid(c), id: '01JAAAAAAAAAAAAAAAAAAAAAAA' }), status: 400, field: 'body.id' },
  { label: 'a client-set status', method: 'POST', path: () => '/v1/services', body: (c: string) => ({ ...valid(c), status: 'archived' }), status: 400, field: 'body.status' },
  { label: 'a client-set assignee', method: 'POST', path: () => '/v1/services', body: (c: string) => ({ ...valid(c), assigneeId: 'am1' }), status: 400, field: 'body.assigneeId' },
  { label: 'an empty title', method: 'POST', path: () => '/v1/services', body: (c: string) => ({ ...valid(c), title: '  ' }), status: 400, field: 'body.title' },
  { label: 'an oversized request text', method: 'POST', path: () => '/v1/services', body: (c: string) => ({ ...valid(c), request: 'r'.repeat(4001) }), status: 400, field: 'body.request' },
  { label: 'a control character', method: 'POST', path: () => '/v1/services', body: (c: string) => ({ ...valid(c), title: 'bad\u0007' }), status: 400, field: 'body.title' },
  { label: 'a malformed customer id', method: 'POST', path: () => '/v1/services', body: { type: 'complaint', title: 't', customerId: 'c1', request: 'r' }, status: 400, field: 'body.customerId' },
  { label: 'an unknown customer', method: 'POST', path: () => '/v1/services', body: { type: 'complaint', title: 't', customerId: '01JZZZZZZZZZZZZZZZZZZZZZZZ', request: 'r' }, status: 404 },
  { label: 'another owner\'s customer (account manager)', method: 'POST', path: () => '/v1/services', as: 'am2', body: valid, status: 404 },
  { label: 'a body over 64 KiB', method: 'POST', path: () => '/v1/services', body: (c: string) => ({ ...valid(c), request: 'r'.repeat(70_000) }), status: 413 },
  { label: 'a malformed Idempotency-Key', method: 'POST', path: () => '/v1/services', body: valid, headers: { 'idempotency-key': 'no good!' }, status: 400 },
  // GET /v1/services
  { label: 'limit 0', method: 'GET', path: () => '/v1/services?limit=0', status: 400, field: 'query.limit' },
  { label: 'an unknown status filter', method: 'GET', path: () => '/v1/services?status=open', status: 400, field: 'query.status' },
  { label: 'an unknown query parameter', method: 'GET', path: () => '/v1/services?owner=am1', status: 400, field: 'query.owner' },
  { label: 'a malformed date', method: 'GET', path: () => '/v1/services?from=yesterday', status: 400, field: 'query.from' },
  { label: 'from after to', method: 'GET', path: () => '/v1/services?from=2026-12-01&to=2026-11-01', status: 400, field: 'query.to' },
  { label: 'a forged cursor', method: 'GET', path: () => '/v1/services?cursor=eyJrIjp7InBrIjoiWCJ9fQ.AAAA', status: 400 },
  // GET /v1/services/{id}
  { label: 'a malformed id', method: 'GET', path: () => service('nope'), status: 400, field: 'params.serviceId' },
  { label: 'an unknown id', method: 'GET', path: () => service('01JZZZZZZZZZZZZZZZZZZZZZZZ'), status: 404 },
  // POST /v1/services/{id}/assign
  { label: 'an assignment without If-Match', method: 'POST', path: (id) => `${service(id)}/assign`, body: { assigneeId: 'am2' }, status: 428 },
  { label: 'an assignment with a stale If-Match', method: 'POST', path: (id) => `${service(id)}/assign`, body: { assigneeId: 'am2' }, headers: v1, status: 412 },
  { label: 'an assignment to an executive', method: 'POST', path: (id) => `${service(id)}/assign`, body: { assigneeId: 'exec' }, headers: v2, status: 400, field: 'body.assigneeId' },
  { label: 'an assignment to nobody', method: 'POST', path: (id) => `${service(id)}/assign`, body: { assigneeId: 'nobody' }, headers: v2, status: 400, field: 'body.assigneeId' },
  { label: 'an assignment to the current assignee', method: 'POST', path: (id) => `${service(id)}/assign`, body: { assigneeId: 'am1' }, headers: v2, status: 409 },
  { label: 'an assignment without an assignee', method: 'POST', path: (id) => `${service(id)}/assign`, body: {}, headers: v2, status: 400, field: 'body.assigneeId' },
  { label: 'an assignment of an unknown request', method: 'POST', path: () => `${service('01JZZZZZZZZZZZZZZZZZZZZZZZ')}/assign`, body: { assigneeId: 'am2' }, headers: v2, status: 404 },
  // POST /v1/services/{id}/handle
  { label: 'a handling without text', method: 'POST', path: (id) => `${service(id)}/handle`, body: {}, headers: v2, status: 400, field: 'body.handling' },
  { label: 'a handling with an extra field', method: 'POST', path: (id) => `${service(id)}/handle`, body: { handling: 'x', status: 'archived' }, headers: v2, status: 400, field: 'body.status' },
  { label: 'a handling with a stale If-Match', method: 'POST', path: (id) => `${service(id)}/handle`, body: { handling: 'x' }, headers: { 'if-match': '"9"' }, status: 412 },
  { label: 'a handling by an account manager who is not the assignee', method: 'POST', path: (id) => `${service(id)}/handle`, as: 'am2', body: { handling: 'x' }, headers: v2, status: 404 },
  // POST /v1/services/{id}/feedback
  { label: 'satisfaction 0', method: 'POST', path: (id) => `${service(id)}/feedback`, body: { feedback: 'x', satisfaction: 0 }, headers: v2, status: 400, field: 'body.satisfaction' },
  { label: 'satisfaction 6', method: 'POST', path: (id) => `${service(id)}/feedback`, body: { feedback: 'x', satisfaction: 6 }, headers: v2, status: 400, field: 'body.satisfaction' },
  { label: 'fractional satisfaction', method: 'POST', path: (id) => `${service(id)}/feedback`, body: { feedback: 'x', satisfaction: 3.5 }, headers: v2, status: 400, field: 'body.satisfaction' },
  { label: 'feedback without text', method: 'POST', path: (id) => `${service(id)}/feedback`, body: { satisfaction: 4 }, headers: v2, status: 400, field: 'body.feedback' },
  { label: 'feedback on a request not yet handled', method: 'POST', path: (id) => `${service(id)}/feedback`, body: { feedback: 'x', satisfaction: 4 }, headers: v2, status: 409 },
  { label: 'feedback without If-Match', method: 'POST', path: (id) => `${service(id)}/feedback`, body: { feedback: 'x', satisfaction: 4 }, status: 428 },
];

/** Bad input for every lost-customer route: the arranged record stays in warning at version 1, the customer active. */
const LOST_BAD_REQUESTS: BadRequest[] = [
  { label: 'an unknown status filter', method: 'GET', path: () => '/v1/lost-customers?status=gone', status: 400, field: 'query.status' },
  { label: 'limit 101', method: 'GET', path: () => '/v1/lost-customers?limit=101', status: 400, field: 'query.limit' },
  { label: 'a forged cursor', method: 'GET', path: () => '/v1/lost-customers?cursor=abc.def', status: 400 },
  { label: 'a malformed customer id', method: 'GET', path: () => '/v1/lost-customers/C-1', status: 400, field: 'params.customerId' },
  { label: 'a customer without a record', method: 'GET', path: () => '/v1/lost-customers/01JZZZZZZZZZZZZZZZZZZZZZZZ', status: 404 },
  { label: 'another owner\'s record (account manager)', method: 'GET', path: lost, as: 'am2', status: 404 },
  { label: 'a measure without text', method: 'POST', path: (id, c) => `${lost(id, c)}/measures`, body: {}, headers: v1, status: 400, field: 'body.measure' },
  { label: 'an empty measure', method: 'POST', path: (id, c) => `${lost(id, c)}/measures`, body: { measure: ' ' }, headers: v1, status: 400, field: 'body.measure' },
  { label: 'a measure with a status', method: 'POST', path: (id, c) => `${lost(id, c)}/measures`, body: { measure: 'x', status: 'lost' }, headers: v1, status: 400, field: 'body.status' },
  { label: 'a measure without If-Match', method: 'POST', path: (id, c) => `${lost(id, c)}/measures`, body: { measure: 'x' }, status: 428 },
  { label: 'a measure with a stale If-Match', method: 'POST', path: (id, c) => `${lost(id, c)}/measures`, body: { measure: 'x' }, headers: v2, status: 412 },
  { label: 'a measure on another owner\'s record', method: 'POST', path: (id, c) => `${lost(id, c)}/measures`, as: 'am2', body: { measure: 'x' }, headers: v1, status: 404 },
  { label: 'a confirmation without a reason', method: 'POST', path: (id, c) => `${lost(id, c)}/confirm`, body: {}, headers: v1, status: 400, field: 'body.reason' },
  { label: 'a free-text reason', method: 'POST', path: (id, c) => `${lost(id, c)}/confirm`, body: { reason: 'Went to a competitor' }, headers: v1, status: 400, field: 'body.reason' },
  { label: 'a confirmation without If-Match', method: 'POST', path: (id, c) => `${lost(id, c)}/confirm`, body: { reason: 'price' }, status: 428 },
  { label: 'a confirmation with a stale If-Match', method: 'POST', path: (id, c) => `${lost(id, c)}/confirm`, body: { reason: 'price' }, headers: v2, status: 412 },
  { label: 'a confirmation by an account manager', method: 'POST', path: (id, c) => `${lost(id, c)}/confirm`, as: 'am1', body: { reason: 'price' }, headers: v1, status: 403 },
  { label: 'a confirmation as malformed JSON', method: 'POST', path: (id, c) => `${lost(id, c)}/confirm`, body: '{', headers: { ...v1, ...json }, status: 400 },
];

describe('bad input to the services and lost-customer routes', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  const send = (bad: BadRequest, id: string, customerId: string) =>
    client.request(bad.method, bad.path(id, customerId), {
      as: bad.as ?? 'admin',
      ...(bad.body !== undefined ? { body: typeof bad.body === 'function' ? (bad.body as (c: string) => unknown)(customerId) : bad.body } : {}),
      ...(bad.headers ? { headers: bad.headers } : {}),
    });

  const expectProblem = (bad: BadRequest, response: Awaited<ReturnType<Client['request']>>) => {
    expect(response.status, response.text).toBe(bad.status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = response.json as { status: number; errors?: { path: string }[] };
    expect(problem.status).toBe(bad.status);
    if (bad.field) expect(problem.errors?.map((error) => error.path)).toContain(bad.field);
  };

  it.each(SERVICE_BAD_REQUESTS.map((bad) => [bad.label, bad] as const))('services: refuses %s, writes nothing', async (_label, bad) => {
    // Prepare — a request of am1's customer, assigned to am1 (version 2).
    const arranged = await arrangeService(client, 'am1', 'assigned');

    // Act
    const response = await send(bad, arranged.id, arranged.customerId);

    // Assess
    expectProblem(bad, response);
    await expectServiceUntouched(client, arranged.id, 2, 'assigned');
    const ofCustomer = await client.get<{ items: unknown[] }>(`/v1/services?customerId=${arranged.customerId}`, { as: 'admin' });
    expect(ofCustomer.json.items).toHaveLength(1);
  });

  it.each(LOST_BAD_REQUESTS.map((bad) => [bad.label, bad] as const))('lost customers: refuses %s, writes nothing', async (_label, bad) => {
    // Prepare — am1's customer under a warning.
    const { customerId } = await arrangeLostCustomer(client, 'am1');

    // Act
    const response = await send(bad, customerId, customerId);

    // Assess
    expectProblem(bad, response);
    await expectLostCustomerUntouched(client, customerId);
  });

  it('refuses a request for a customer the account manager does not own, even for their own role', async () => {
    // Prepare
    const customer = await arrangeCustomer(client, 'am1');

    // Act
    const response = await client.post('/v1/services', valid(customer.id), { as: 'am2' });

    // Assess
    expect(response.status).toBe(404);
    expect((await client.get<{ items: unknown[] }>(`/v1/services?customerId=${customer.id}`, { as: 'admin' })).json.items).toEqual([]);
  });
});
