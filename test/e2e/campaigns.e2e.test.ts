import { describe, expect, it } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';
import { arrangeCampaign, campaignBody, expectCampaignUntouched } from './scenarios/campaigns.scenarios';

type Client = ReturnType<typeof api>;
type Campaign = { id: string; version: number; status: string; name: string; actualCost: { amount: number }; statusReason?: string };

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** Bad input for each campaigns route: a 4xx problem naming the field, the arranged draft (version 1) untouched. */
const BAD_REQUESTS: { label: string; method: 'POST' | 'PATCH' | 'GET'; path: (id: string) => string; body?: unknown; headers?: Record<string, string>; status: number; field?: string }[] = [
  { label: 'a budget in USD', method: 'POST', path: () => '/v1/campaigns', body: campaignBody({ budget: { amount: 100, currency: 'USD' } }), status: 400, field: 'body.budget.currency' },
  { label: 'an unknown type', method: 'POST', path: () => '/v1/campaigns', body: campaignBody({ type: 'billboard' }), status: 400, field: 'body.type' },
  { label: 'an end before the start', method: 'POST', path: () => '/v1/campaigns', body: campaignBody({ endsAt: '2026-01-01T00:00:00.000Z' }), status: 400, field: 'body.endsAt' },
  { label: 'a client-set status', method: 'POST', path: () => '/v1/campaigns', body: campaignBody({ status: 'running' }), status: 400, field: 'body.status' },
  { label: 'an account manager as owner', method: 'POST', path: () => '/v1/campaigns', body: campaignBody({ ownerId: 'am1' }), status: 400, field: 'body.ownerId' },
  { label: 'a negative budget', method: 'POST', path: () => '/v1/campaigns', body: campaignBody({ budget: { amount: -1, currency: 'CNY' } }), status: 400, field: 'body.budget.amount' },
  { label: 'a PATCH without If-Match', method: 'PATCH', path: (id) => `/v1/campaigns/${id}`, body: { name: 'x' }, status: 428 },
  { label: 'a stale If-Match', method: 'PATCH', path: (id) => `/v1/campaigns/${id}`, body: { name: 'x' }, headers: ifMatch(2), status: 412 },
  { label: 'a cost in EUR', method: 'PATCH', path: (id) => `/v1/campaigns/${id}`, body: { actualCost: { amount: 1, currency: 'EUR' } }, headers: ifMatch(1), status: 400, field: 'body.actualCost.currency' },
  { label: 'a start after the stored end', method: 'PATCH', path: (id) => `/v1/campaigns/${id}`, body: { startsAt: '2028-01-01T00:00:00.000Z' }, headers: ifMatch(1), status: 400, field: 'body.startsAt' },
  { label: 'an empty patch', method: 'PATCH', path: (id) => `/v1/campaigns/${id}`, body: {}, headers: ifMatch(1), status: 400 },
  { label: 'draft → completed', method: 'POST', path: (id) => `/v1/campaigns/${id}/status`, body: { status: 'completed' }, headers: ifMatch(1), status: 409 },
  { label: 'a cancellation without a reason', method: 'POST', path: (id) => `/v1/campaigns/${id}/status`, body: { status: 'cancelled' }, headers: ifMatch(1), status: 400, field: 'body.reason' },
  { label: 'an unknown status', method: 'POST', path: (id) => `/v1/campaigns/${id}/status`, body: { status: 'paused' }, headers: ifMatch(1), status: 400, field: 'body.status' },
  { label: 'a malformed id', method: 'GET', path: () => '/v1/campaigns/nope', status: 400, field: 'params.campaignId' },
  { label: 'an unknown campaign', method: 'GET', path: () => '/v1/campaigns/01JZZZZZZZZZZZZZZZZZZZZZZZ', status: 404 },
  { label: 'an unknown list filter', method: 'GET', path: () => '/v1/campaigns?status=paused', status: 400, field: 'query.status' },
];

describe('campaigns through the gateway', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  it.each(BAD_REQUESTS)('refuses $label with $status, nothing written', async (bad) => {
    // Prepare
    const campaign = await arrangeCampaign(client);

    // Act
    const response = await client.request(bad.method, bad.path(campaign.id), { as: 'sales', ...(bad.body !== undefined ? { body: bad.body } : {}), ...(bad.headers ? { headers: bad.headers } : {}) });

    // Assess
    expect(response.status, response.text).toBe(bad.status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    if (bad.field) expect((response.json as { errors?: { path: string }[] }).errors?.map((error) => error.path)).toContain(bad.field);
    await expectCampaignUntouched(client, campaign.id, 1, 'draft');
  });

  it('runs a campaign through its life cycle with its cost, audited, and replays an idempotent create', async () => {
    // Prepare
    const body = campaignBody({ type: 'event' });
    const key = { 'idempotency-key': `campaign-${body.name.slice(-36)}` };

    // Act
    const first = await client.post<Campaign>('/v1/campaigns', body, { as: 'sales', headers: key });
    const again = await client.post<Campaign>('/v1/campaigns', body, { as: 'sales', headers: key });
    const other = await client.post<Campaign>('/v1/campaigns', { ...body, name: `${body.name} 2` }, { as: 'sales', headers: key });
    const id = first.json.id;
    const scheduled = await client.post<Campaign>(`/v1/campaigns/${id}/status`, { status: 'scheduled' }, { as: 'sales', headers: ifMatch(1) });
    const running = await client.post<Campaign>(`/v1/campaigns/${id}/status`, { status: 'running' }, { as: 'sales', headers: ifMatch(2) });
    const costed = await client.patch<Campaign>(`/v1/campaigns/${id}`, { actualCost: { amount: 321_00, currency: 'CNY' } }, { as: 'sales', headers: ifMatch(3) });
    const cancelled = await client.post<Campaign>(`/v1/campaigns/${id}/status`, { status: 'cancelled', reason: 'Venue closed.' }, { as: 'admin', headers: ifMatch(4) });
    const twice = await client.post<Campaign>(`/v1/campaigns/${id}/status`, { status: 'cancelled', reason: 'Again.' }, { as: 'admin', headers: ifMatch(5) });
    const history = await client.get<{ items: { action: string; entityVersion: number; note?: string }[] }>(`/v1/audit?entityType=campaign&entityId=${id}`, { as: 'admin' });

    // Assess
    expect([first.status, again.status, other.status]).toEqual([201, 201, 422]);
    expect(again.json.id).toBe(id);
    expect([scheduled.json.status, running.json.status, cancelled.json.status]).toEqual(['scheduled', 'running', 'cancelled']);
    expect(costed.json.actualCost.amount).toBe(321_00);
    expect(cancelled.json.statusReason).toBe('Venue closed.');
    expect(cancelled.headers.get('etag')).toBe('"5"');
    expect(twice.status).toBe(409);
    expect(history.json.items.map((entry) => [entry.action, entry.entityVersion]).reverse()).toEqual([
      ['create', 1], ['transition', 2], ['transition', 3], ['update', 4], ['transition', 5],
    ]);
    expect(history.json.items[0]?.note).toBe('Venue closed.');
  });

  it('pages a filtered list with a signed cursor', async () => {
    // Prepare: three social campaigns owned by the admin, starting a day apart.
    const marker = new Date(Date.UTC(2030, 0, 1 + Math.floor(Math.random() * 3000))).toISOString();
    for (const day of [0, 1, 2]) {
      const startsAt = new Date(Date.parse(marker) + day * 86_400_000).toISOString();
      await arrangeCampaign(client, { type: 'social', ownerId: 'admin', startsAt, endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString() });
    }

    // Act: every page of admin's social drafts, two at a time.
    const seen: { startsAt: string; type: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { json: { items: { startsAt: string; type: string }[]; nextCursor: string | null }; status: number } = await client.get(
        `/v1/campaigns?ownerId=admin&type=social&status=draft&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { as: 'exec' },
      );
      expect(page.status).toBe(200);
      seen.push(...page.json.items);
      cursor = page.json.nextCursor;
    } while (cursor);
    const tampered = await client.get('/v1/campaigns?ownerId=admin&limit=2&cursor=abc', { as: 'exec' });

    // Assess
    const starts = seen.map((item) => item.startsAt);
    expect(starts).toEqual([...starts].sort().reverse());
    expect(starts.filter((start) => start >= marker && start < new Date(Date.parse(marker) + 3 * 86_400_000).toISOString())).toHaveLength(3);
    expect(seen.every((item) => item.type === 'social')).toBe(true);
    expect(tampered.status).toBe(400);
  });
});
