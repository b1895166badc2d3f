import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestGateway } from '#test/support/e2e';
import { editSandbox } from './scenarios/dictionary.scenarios';
import { arrangeOpportunity, arrangeSource, expectNoCustomerFor, expectOpportunityUntouched, uniqueSource, type ArrangedOpportunity } from './scenarios/opportunities.scenarios';

type Client = ReturnType<typeof api>;

interface Target extends ArrangedOpportunity {
  readonly stepId: string;
  /** A code of customer-sources that is no longer active. */
  readonly inactiveSource: string;
}

/** A code that is in no dictionary list: an opportunity wrongly created with it is searched for by it too. */
const UNKNOWN_SOURCE = uniqueSource();

interface BadRequest {
  readonly label: string;
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly path: (target: Target) => string;
  readonly as?: string;
  /** A function of the arranged target, so a create that slipped through would be found by its source. */
  readonly body?: (target: Target) => unknown;
  readonly headers?: Record<string, string>;
  readonly status: number;
  /** The problem's `errors[].path` that must be named, when the refusal is about one field. */
  readonly field?: string;
}

const json = { 'content-type': 'application/json' };
const current = { 'if-match': '"2"' };
const stepCurrent = { 'if-match': '"1"' };
const unknownId = '01JZZZZZZZZZZZZZZZZZZZZZZZ';
const opportunity = (target: Target) => `/v1/opportunities/${target.id}`;
const steps = (target: Target) => `${opportunity(target)}/plan-steps`;
const step = (target: Target) => `${steps(target)}/${target.stepId}`;
/** A valid create body with the target's source: anything wrongly created would show in its list. */
const valid = (target: Target, extra: Record<string, unknown> = {}) => ({
  prospectName: 'Bad Input Prospect',
  source: target.source,
  summary: 'x',
  successRate: 10,
  ...extra,
});
const without = (body: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(body).filter(([name]) => name !== key));

/**
 * Bad input for every opportunities route: each must be refused with a problem response (never a 5xx) and must
 * leave the arranged opportunity (assigned to am1, version 2, one plan step at version 1) and everything around
 * it untouched — no other opportunity with its source, no customer for its prospect.
 */
const BAD_REQUESTS: BadRequest[] = [
  // POST /v1/opportunities
  { label: 'malformed JSON', method: 'POST', path: () => '/v1/opportunities', body: () => '{"summary": "x",', headers: json, status: 400 },
  { label: 'a text/plain body', method: 'POST', path: () => '/v1/opportunities', body: (t) => JSON.stringify(valid(t)), headers: { 'content-type': 'text/plain' }, status: 415 },
  { label: 'no body', method: 'POST', path: () => '/v1/opportunities', headers: json, status: 400 },
  { label: 'an array body', method: 'POST', path: () => '/v1/opportunities', body: (t) => [valid(t)], status: 400 },
  { label: 'a client-chosen id', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t, { id: unknownId }), status: 400, field: 'body.id' },
  { label: 'a client-set status', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t, { status: 'won' }), status: 400, field: 'body.status' },
  { label: 'an assignee on create', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t, { assigneeId: 'am1' }), status: 400, field: 'body.assigneeId' },
  { label: 'a client-set version', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t, { version: 3 }), status: 400, field: 'body.version' },
  { label: 'a client-set author', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t, { createdBy: 'exec' }), status: 400, field: 'body.createdBy' },
  { label: 'neither prospect nor customer', method: 'POST', path: () => '/v1/opportunities', body: (t) => without(valid(t), 'prospectName'), status: 400, field: 'body.prospectName' },
  { label: 'both prospect and customer', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t, { customerId: unknownId }), status: 400, field: 'body.customerId' },
  { label: 'an unknown customer', method: 'POST', path: () => '/v1/opportunities', body: (t) => ({ ...without(valid(t), 'prospectName'), customerId: unknownId }), status: 400, field: 'body.customerId' },
  { label: 'a malformed customer id', method: 'POST', path: () => '/v1/opportunities', body: (t) => ({ ...without(valid(t), 'prospectName'), customerId: 'C-1' }), status: 400, field: 'body.customerId' },
  { label: 'no summary', method: 'POST', path: () => '/v1/opportunities', body: (t) => without(valid(t), 'summary'), status: 400, field: 'body.summary' },
  { label: 'a success rate over 100', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t, { successRate: 101 }), status: 400, field: 'body.successRate' },
  { label: 'a negative success rate', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t, { successRate: -1 }), status: 400, field: 'body.successRate' },
  { label: 'a fractional success rate', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t, { successRate: 50.5 }), status: 400, field: 'body.successRate' },
  { label: 'a success rate as text', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t, { successRate: '50' }), status: 400, field: 'body.successRate' },
  { label: 'fractional money', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t, { estimatedAmount: { amount: 1.5, currency: 'CNY' } }), status: 400, field: 'body.estimatedAmount.amount' },
  { label: 'negative money', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t, { estimatedAmount: { amount: -100, currency: 'CNY' } }), status: 400, field: 'body.estimatedAmount.amount' },
  { label: 'a lower-case currency', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t, { estimatedAmount: { amount: 100, currency: 'cny' } }), status: 400, field: 'body.estimatedAmount.currency' },
  { label: 'a non-ISO close date', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t, { expectedCloseDate: '31/12/2027' }), status: 400, field: 'body.expectedCloseDate' },
  { label: 'a source that is not a code', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t, { source: 'Trade Show' }), status: 400, field: 'body.source' },
  { label: 'a source that is no dictionary code', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t, { source: UNKNOWN_SOURCE }), status: 400, field: 'body.source' },
  { label: 'an inactive source', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t, { source: t.inactiveSource }), status: 400, field: 'body.source' },
  { label: 'a phone with letters', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t, { contactPhone: 'call me' }), status: 400, field: 'body.contactPhone' },
  { label: 'a control character', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t, { prospectName: 'bad\u0007name' }), status: 400, field: 'body.prospectName' },
  { label: 'an oversized summary', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t, { summary: 's'.repeat(501) }), status: 400, field: 'body.summary' },
  { label: 'a body over 64 KiB', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t, { description: 'd'.repeat(70_000) }), status: 413 },
  { label: 'a malformed Idempotency-Key', method: 'POST', path: () => '/v1/opportunities', body: (t) => valid(t), headers: { 'idempotency-key': 'bad key!' }, status: 400 },
  { label: 'an account manager creating', method: 'POST', path: () => '/v1/opportunities', as: 'am1', body: (t) => valid(t), status: 403 },
  // GET /v1/opportunities
  { label: 'limit 0', method: 'GET', path: () => '/v1/opportunities?limit=0', status: 400, field: 'query.limit' },
  { label: 'limit 101', method: 'GET', path: () => '/v1/opportunities?limit=101', status: 400, field: 'query.limit' },
  { label: 'an unknown status filter', method: 'GET', path: () => '/v1/opportunities?status=open', status: 400, field: 'query.status' },
  { label: 'an unknown query parameter', method: 'GET', path: () => '/v1/opportunities?owner=am1', status: 400, field: 'query.owner' },
  { label: 'a non-date createdFrom', method: 'GET', path: () => '/v1/opportunities?createdFrom=yesterday', status: 400, field: 'query.createdFrom' },
  { label: 'a date-time with an offset', method: 'GET', path: () => '/v1/opportunities?createdFrom=2026-01-01T00:00:00%2B08:00', status: 400, field: 'query.createdFrom' },
  { label: 'createdFrom after createdTo', method: 'GET', path: () => '/v1/opportunities?createdFrom=2026-12-01&createdTo=2026-01-01', status: 400, field: 'query.createdTo' },
  { label: 'a forged cursor', method: 'GET', path: () => '/v1/opportunities?cursor=eyJrIjp7InBrIjoiWCJ9fQ.AAAA', status: 400 },
  // GET /v1/opportunities/{id}
  { label: 'a malformed id', method: 'GET', path: () => '/v1/opportunities/not-an-id', status: 400, field: 'params.opportunityId' },
  { label: 'an unknown id', method: 'GET', path: () => `/v1/opportunities/${unknownId}`, status: 404 },
  // PATCH /v1/opportunities/{id}
  { label: 'a PATCH without If-Match', method: 'PATCH', path: opportunity, body: () => ({ successRate: 90 }), status: 428 },
  { label: 'a PATCH with a stale If-Match', method: 'PATCH', path: opportunity, body: () => ({ successRate: 90 }), headers: { 'if-match': '"1"' }, status: 412 },
  { label: 'a PATCH with a foreign If-Match', method: 'PATCH', path: opportunity, body: () => ({ successRate: 90 }), headers: { 'if-match': '*' }, status: 412 },
  { label: 'a stale PATCH of the amount', method: 'PATCH', path: opportunity, body: () => ({ estimatedAmount: { amount: 1, currency: 'CNY' } }), headers: { 'if-match': '"1"' }, status: 412 },
  { label: 'an empty PATCH', method: 'PATCH', path: opportunity, body: () => ({}), headers: current, status: 400 },
  { label: 'a PATCH of the status', method: 'PATCH', path: opportunity, body: () => ({ status: 'won' }), headers: current, status: 400, field: 'body.status' },
  { label: 'a PATCH of the assignee', method: 'PATCH', path: opportunity, body: () => ({ assigneeId: 'am2' }), headers: current, status: 400, field: 'body.assigneeId' },
  { label: 'a PATCH of the customer', method: 'PATCH', path: opportunity, body: () => ({ customerId: unknownId }), headers: current, status: 400, field: 'body.customerId' },
  { label: 'a PATCH clearing the summary', method: 'PATCH', path: opportunity, body: () => ({ summary: null }), headers: current, status: 400, field: 'body.summary' },
  { label: 'a PATCH to a source that is no dictionary code', method: 'PATCH', path: opportunity, body: () => ({ source: UNKNOWN_SOURCE }), headers: current, status: 400, field: 'body.source' },
  { label: 'a PATCH to an inactive source', method: 'PATCH', path: opportunity, body: (t) => ({ source: t.inactiveSource }), headers: current, status: 400, field: 'body.source' },
  { label: 'a PATCH to a source that is not a code', method: 'PATCH', path: opportunity, body: () => ({ source: 'Web Site' }), headers: current, status: 400, field: 'body.source' },
  { label: 'a PATCH with a bad success rate', method: 'PATCH', path: opportunity, body: () => ({ successRate: 200 }), headers: current, status: 400, field: 'body.successRate' },
  { label: 'a PATCH of an unknown opportunity', method: 'PATCH', path: () => `/v1/opportunities/${unknownId}`, body: () => ({ successRate: 1 }), headers: current, status: 404 },
  { label: 'a PATCH with malformed JSON', method: 'PATCH', path: opportunity, body: () => '{', headers: { ...current, ...json }, status: 400 },
  // POST /v1/opportunities/{id}/assign
  { label: 'an assignment without assignee', method: 'POST', path: (t) => `${opportunity(t)}/assign`, body: () => ({}), headers: current, status: 400, field: 'body.assigneeId' },
  { label: 'an assignment to an unknown user', method: 'POST', path: (t) => `${opportunity(t)}/assign`, body: () => ({ assigneeId: 'nobody' }), headers: current, status: 400, field: 'body.assigneeId' },
  { label: 'an assignment to an executive', method: 'POST', path: (t) => `${opportunity(t)}/assign`, body: () => ({ assigneeId: 'exec' }), headers: current, status: 400, field: 'body.assigneeId' },
  { label: 'an assignment to a sales manager', method: 'POST', path: (t) => `${opportunity(t)}/assign`, body: () => ({ assigneeId: 'sales' }), headers: current, status: 400, field: 'body.assigneeId' },
  { label: 'an assignment to the current assignee', method: 'POST', path: (t) => `${opportunity(t)}/assign`, body: () => ({ assigneeId: 'am1' }), headers: current, status: 409 },
  { label: 'an assignment without If-Match', method: 'POST', path: (t) => `${opportunity(t)}/assign`, body: () => ({ assigneeId: 'am2' }), status: 428 },
  { label: 'a stale assignment', method: 'POST', path: (t) => `${opportunity(t)}/assign`, body: () => ({ assigneeId: 'am2' }), headers: { 'if-match': '"1"' }, status: 412 },
  { label: 'an assignment with extra fields', method: 'POST', path: (t) => `${opportunity(t)}/assign`, body: () => ({ assigneeId: 'am2', assigneeName: 'x' }), headers: current, status: 400, field: 'body.assigneeName' },
  { label: 'an assignment of an unknown opportunity', method: 'POST', path: () => `/v1/opportunities/${unknownId}/assign`, body: () => ({ assigneeId: 'am2' }), headers: current, status: 404 },
  // GET /v1/opportunities/{id}/plan-steps
  { label: 'the plan of a malformed id', method: 'GET', path: () => '/v1/opportunities/x/plan-steps', status: 400, field: 'params.opportunityId' },
  { label: 'the plan of an unknown opportunity', method: 'GET', path: () => `/v1/opportunities/${unknownId}/plan-steps`, status: 404 },
  { label: 'a plan filter', method: 'GET', path: (t) => `${steps(t)}?status=open`, status: 400, field: 'query.status' },
  { label: 'a forged plan cursor', method: 'GET', path: (t) => `${steps(t)}?cursor=eyJrIjp7InBrIjoiWCJ9fQ.AAAA`, status: 400 },
  // POST /v1/opportunities/{id}/plan-steps
  { label: 'a step without action', method: 'POST', path: steps, body: () => ({ plannedAt: '2026-12-01' }), status: 400, field: 'body.action' },
  { label: 'a step without date', method: 'POST', path: steps, body: () => ({ action: 'Call' }), status: 400, field: 'body.plannedAt' },
  { label: 'a step dated in words', method: 'POST', path: steps, body: () => ({ plannedAt: 'next Tuesday', action: 'Call' }), status: 400, field: 'body.plannedAt' },
  { label: 'a step with its result already', method: 'POST', path: steps, body: () => ({ plannedAt: '2026-12-01', action: 'Call', result: 'Done' }), status: 400, field: 'body.result' },
  { label: 'a step on an unknown opportunity', method: 'POST', path: () => `/v1/opportunities/${unknownId}/plan-steps`, body: () => ({ plannedAt: '2026-12-01', action: 'Call' }), status: 404 },
  { label: 'a step by the other account manager', method: 'POST', path: steps, as: 'am2', body: () => ({ plannedAt: '2026-12-01', action: 'Call' }), status: 404 },
  // PATCH /v1/opportunities/{id}/plan-steps/{stepId}
  { label: 'a result without If-Match', method: 'PATCH', path: step, body: () => ({ result: 'Done' }), status: 428 },
  { label: 'a result with a stale If-Match', method: 'PATCH', path: step, body: () => ({ result: 'Done' }), headers: { 'if-match': '"4"' }, status: 412 },
  { label: 'an empty result', method: 'PATCH', path: step, body: () => ({ result: ' ' }), headers: stepCurrent, status: 400, field: 'body.result' },
  { label: 'a change of the planned action', method: 'PATCH', path: step, body: () => ({ result: 'Done', action: 'Other' }), headers: stepCurrent, status: 400, field: 'body.action' },
  { label: 'a result for an unknown step', method: 'PATCH', path: (t) => `${steps(t)}/${unknownId}`, body: () => ({ result: 'Done' }), headers: stepCurrent, status: 404 },
  { label: 'a result for a malformed step id', method: 'PATCH', path: (t) => `${steps(t)}/step-1`, body: () => ({ result: 'Done' }), headers: stepCurrent, status: 400, field: 'params.stepId' },
  { label: 'a result by the other account manager', method: 'PATCH', path: step, as: 'am2', body: () => ({ result: 'Done' }), headers: stepCurrent, status: 404 },
  // POST /v1/opportunities/{id}/win
  { label: 'a win without If-Match', method: 'POST', path: (t) => `${opportunity(t)}/win`, body: () => ({}), status: 428 },
  { label: 'a stale win', method: 'POST', path: (t) => `${opportunity(t)}/win`, body: () => ({}), headers: { 'if-match': '"1"' }, status: 412 },
  { label: 'a win with unknown fields', method: 'POST', path: (t) => `${opportunity(t)}/win`, body: () => ({ ownerId: 'am2' }), headers: current, status: 400, field: 'body.ownerId' },
  { label: 'a win with an unknown level', method: 'POST', path: (t) => `${opportunity(t)}/win`, body: () => ({ level: 'vip' }), headers: current, status: 400, field: 'body.level' },
  { label: 'a win with a malformed customer number', method: 'POST', path: (t) => `${opportunity(t)}/win`, body: () => ({ customerNo: 'no spaces!' }), headers: current, status: 400, field: 'body.customerNo' },
  { label: 'a win with an unknown customer custom field', method: 'POST', path: (t) => `${opportunity(t)}/win`, body: () => ({ custom: { noSuchField: 'x' } }), headers: current, status: 400, field: 'body.custom.noSuchField' },
  { label: 'a win with a malformed allowDuplicate', method: 'POST', path: (t) => `${opportunity(t)}/win?allowDuplicate=yes`, body: () => ({}), headers: current, status: 400, field: 'query.allowDuplicate' },
  { label: 'a win with malformed JSON', method: 'POST', path: (t) => `${opportunity(t)}/win`, body: () => '{', headers: { ...current, ...json }, status: 400 },
  { label: 'a win as text/plain', method: 'POST', path: (t) => `${opportunity(t)}/win`, body: () => '{}', headers: { ...current, 'content-type': 'text/plain' }, status: 415 },
  { label: 'a win by the other account manager', method: 'POST', path: (t) => `${opportunity(t)}/win`, as: 'am2', body: () => ({}), headers: current, status: 404 },
  { label: 'a win by an executive', method: 'POST', path: (t) => `${opportunity(t)}/win`, as: 'exec', body: () => ({}), headers: current, status: 403 },
  // POST /v1/opportunities/{id}/lose
  { label: 'a loss without reason', method: 'POST', path: (t) => `${opportunity(t)}/lose`, body: () => ({}), headers: current, status: 400, field: 'body.reason' },
  { label: 'a loss with an empty reason', method: 'POST', path: (t) => `${opportunity(t)}/lose`, body: () => ({ reason: '  ' }), headers: current, status: 400, field: 'body.reason' },
  { label: 'a loss with an oversized reason', method: 'POST', path: (t) => `${opportunity(t)}/lose`, body: () => ({ reason: 'r'.repeat(501) }), headers: current, status: 400, field: 'body.reason' },
  { label: 'a loss without If-Match', method: 'POST', path: (t) => `${opportunity(t)}/lose`, body: () => ({ reason: 'Price' }), status: 428 },
  { label: 'a stale loss', method: 'POST', path: (t) => `${opportunity(t)}/lose`, body: () => ({ reason: 'Price' }), headers: { 'if-match': '"3"' }, status: 412 },
];

describe('opportunities: bad input is refused with a problem and writes nothing', () => {
  let client: Client;
  let stop: () => Promise<void>;
  /**
   * Every target of this file carries this source (one code added to customer-sources, not one per request), so a
   * create that slipped through shows as one opportunity too many under it.
   */
  let source: string;
  let inactiveSource: string;
  let arranged = 0;

  const withSource = async (code: string): Promise<string[]> => {
    const ids: string[] = [];
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page: { json: { items: { id: string }[]; nextCursor: string | null } } = await client.get(
        `/v1/opportunities?source=${code}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { as: 'admin' },
      );
      ids.push(...page.json.items.map((item) => item.id));
      cursor = page.json.nextCursor;
    }
    return ids;
  };

  const arrange = async (): Promise<Target> => {
    const target = await arrangeOpportunity(client, 'am1', { source });
    arranged += 1;
    const created = await client.post<{ id: string }>(`/v1/opportunities/${target.id}/plan-steps`, { plannedAt: '2026-12-01', action: 'Call' }, { as: 'sales' });
    expect(created.status, created.text).toBe(201);
    return { ...target, stepId: created.json.id, inactiveSource };
  };

  const expectUntouched = async (target: Target): Promise<void> => {
    await expectOpportunityUntouched(client, target, 'am1');
    const current = await client.get<{ status: string }>(`/v1/opportunities/${target.id}`, { as: 'admin' });
    expect(current.json.status).toBe('assigned');
    const plan = await client.get<{ items: { id: string; version: number; result?: string }[] }>(`${steps(target)}`, { as: 'admin' });
    expect(plan.json.items.map(({ id, version, result }) => ({ id, version, result }))).toEqual([{ id: target.stepId, version: 1, result: undefined }]);
    expect(await withSource(target.source)).toHaveLength(arranged);
    expect(await withSource(UNKNOWN_SOURCE)).toEqual([]);
    expect(await withSource(target.inactiveSource)).toEqual([]);
    const stored = await client.get<{ source?: string }>(`/v1/opportunities/${target.id}`, { as: 'admin' });
    expect(stored.json.source).toBe(source);
    await expectNoCustomerFor(client, target.prospectName);
  };

  beforeAll(async () => {
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
    source = await arrangeSource(client);
    inactiveSource = await arrangeSource(client);
    await editSandbox(client, (entries) => entries.map((entry) => (entry.code === inactiveSource ? { ...entry, active: false } : entry)));
  });
  afterAll(() => stop());

  it.each(BAD_REQUESTS)('$method: $label → $status', async (bad) => {
    // Prepare
    const target = await arrange();

    // Act
    const body = bad.body?.(target);
    const response = await client.request(bad.method, bad.path(target), {
      as: bad.as ?? 'admin',
      ...(body !== undefined ? { body } : {}),
      ...(bad.headers ? { headers: bad.headers } : {}),
    });

    // Assess
    expect(response.status, response.text).toBe(bad.status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = response.json as { type: string; title: string; status: number; detail: string; errors?: { path: string }[] };
    expect(problem).toMatchObject({ status: bad.status, type: expect.stringMatching(/^\/problems\//), title: expect.any(String), detail: expect.any(String) });
    if (bad.field) expect(problem.errors?.map((error) => error.path)).toContain(bad.field);
    await expectUntouched(target);
  });

  it('refuses a win whose customer number is taken (409) and writes none of it', async () => {
    const taken = `OPP-${Date.now().toString(36).toUpperCase()}`;
    const first = await arrangeOpportunity(client, 'am1');
    expect((await client.post(`/v1/opportunities/${first.id}/win`, { customerNo: taken }, { as: 'sales', headers: current })).status).toBe(200);
    const target = await arrange();

    const response = await client.post(`${opportunity(target)}/win`, { customerNo: taken.toLowerCase() }, { as: 'sales', headers: current });

    expect(response.status, response.text).toBe(409);
    expect((response.json as { code: string }).code).toBe('CustomerNoTaken');
    await expectUntouched(target);
  });

  it('refuses an Idempotency-Key reused for another request (422), also on another opportunity, and writes nothing', async () => {
    const key = `e2e-win-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const first = await arrangeOpportunity(client, 'am1');
    expect((await client.post(`/v1/opportunities/${first.id}/win`, {}, { as: 'sales', headers: { ...current, 'idempotency-key': key } })).status).toBe(200);
    const target = await arrange();

    const otherBody = await client.post(`/v1/opportunities/${first.id}/win`, { level: 'major' }, { as: 'sales', headers: { ...current, 'idempotency-key': key } });
    const otherOpportunity = await client.post(`${opportunity(target)}/win`, {}, { as: 'sales', headers: { ...current, 'idempotency-key': key } });

    expect(otherBody.status, otherBody.text).toBe(422);
    expect(otherOpportunity.status, otherOpportunity.text).toBe(422);
    await expectUntouched(target);
  });
});
