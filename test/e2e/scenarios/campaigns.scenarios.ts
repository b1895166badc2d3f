import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import type { api } from '#test/support/e2e';
import { randomUUID } from 'node:crypto';
import { arrangeCustomer, uniqueName, type RouteScenario } from './route-scenario';
import { OTHER_ACCOUNT_MANAGER } from './demo-users';

type Client = ReturnType<typeof api>;
type Campaign = { id: string; version: number; status: string; name: string; ownerId: string; type: string };

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** A campaign body: a month of e-mail marketing, 5,000.00 yuan, owned by the sales manager. */
export const campaignBody = (extra: Record<string, unknown> = {}) => ({
  name: uniqueName('campaign'),
  type: 'email',
  goal: 'Win back customers silent for six months.',
  budget: { amount: 500_000, currency: 'CNY' },
  startsAt: '2027-01-04T00:00:00.000Z',
  endsAt: '2027-02-01T00:00:00.000Z',
  ownerId: 'sales',
  ...extra,
});

/** An e-mail template over the contact's and customer's fields (campaign-mail.template.ts). */
export const campaignEmail = (marker = uniqueName('mail')) => ({
  subject: `${marker} {{ customer.name }} 春季新品`,
  html: '<p>{{ contact.salutation }} {{ contact.name }} 您好，</p><p>{{ campaign.name }}</p>',
  text: '{{ contact.name }} 您好，\n{{ campaign.name }}',
});

/** A campaign created by the admin (campaigns are company plans: the owner of the matrix's records plays no part). */
export const arrangeCampaign = async (client: Client, extra: Record<string, unknown> = {}): Promise<Campaign> => {
  const response = await client.post<Campaign>('/v1/campaigns', campaignBody(extra), { as: 'admin' });
  expect(response.status, response.text).toBe(201);
  return response.json;
};

/** The campaign is still at the version and status arranged. */
export const expectCampaignUntouched = async (client: Client, campaignId: string, version: number, status: string): Promise<void> => {
  const current = await client.get<Campaign>(`/v1/campaigns/${campaignId}`, { as: 'admin' });
  expect(current.status, current.text).toBe(200);
  expect(current.json).toMatchObject({ version, status });
};

/** A campaign moved to scheduled by the admin (responses are recorded once a campaign is scheduled). */
export const arrangeScheduledCampaign = async (client: Client, extra: Record<string, unknown> = {}): Promise<Campaign> => {
  const campaign = await arrangeCampaign(client, extra);
  const moved = await client.post<Campaign>(`/v1/campaigns/${campaign.id}/status`, { status: 'scheduled' }, { as: 'admin', headers: ifMatch(1) });
  expect(moved.status, moved.text).toBe(200);
  return moved.json;
};

type ResponseItem = { id: string; customerId: string; createdBy: string; opportunityId?: string };

/** Every response of a campaign (the admin's list, every page). */
export const campaignResponsesOf = async (client: Client, campaignId: string): Promise<ResponseItem[]> => {
  const items: ResponseItem[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; text: string; json: { items: ResponseItem[]; nextCursor: string | null } } = await client.get(
      `/v1/campaigns/${campaignId}/responses?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { as: 'admin' },
    );
    expect(page.status, page.text).toBe(200);
    items.push(...page.json.items);
    cursor = page.json.nextCursor;
  } while (cursor);
  return items;
};

/** A tag no other test's customer carries: an audience of it selects only the customers a test tagged. */
export const uniqueTag = (): string => `e2e-${randomUUID().slice(0, 12)}`;

type AudienceEntry = { contact: { id: string; name: string; isPrimary: boolean }; customer: { id: string; ownerId: string } };

/**
 * An audience of two tagged customers — one of `owner` (two contacts), one of the other account manager (one) — and a
 * draft campaign that targets it; the contacts' ids by customer.
 */
export const arrangeAudience = async (client: Client, owner: string, extra: Record<string, unknown> = {}) => {
  const tag = uniqueTag();
  const contactsOf = async (customerId: string, count: number) => {
    const ids: string[] = [];
    for (let n = 0; n < count; n += 1) {
      const response = await client.post<{ id: string }>(`/v1/customers/${customerId}/contacts`, { name: uniqueName('contact'), email: `c${n}@example.com`, isPrimary: n === 0 }, { as: 'admin' });
      expect(response.status, response.text).toBe(201);
      ids.push(response.json.id);
    }
    return ids;
  };
  const mine = await arrangeCustomer(client, owner, { tags: [tag] });
  const other = await arrangeCustomer(client, owner === OTHER_ACCOUNT_MANAGER ? 'am1' : OTHER_ACCOUNT_MANAGER, { tags: [tag] });
  const contacts = { [mine.id]: await contactsOf(mine.id, 2), [other.id]: await contactsOf(other.id, 1) };
  const campaign = await arrangeCampaign(client, { audience: { tags: [tag] }, ...extra });
  return { tag, campaign, mine, other, contacts };
};

/** The campaign launched by the admin, and (when `wait`) its launch job followed until it completes. */
export const arrangeLaunch = async (client: Client, campaignId: string, wait: boolean): Promise<void> => {
  const launched = await client.post(`/v1/campaigns/${campaignId}/launch`, undefined, { as: 'admin', headers: ifMatch(1) });
  expect(launched.status, launched.text).toBe(202);
  for (let poll = 0; wait && poll < 120; poll += 1) {
    const launch = await client.get<{ status: string }>(`/v1/campaigns/${campaignId}/launch`, { as: 'admin' });
    if (launch.json.status === 'completed') return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (wait) throw new Error(`the launch of ${campaignId} did not complete`);
};

/** How to exercise each campaigns route in the generated authorization matrix. */
export const CAMPAIGN_SCENARIOS = {
  listCampaigns: {
    target: 'collection',
    successStatus: 200,
    async arrange(client) {
      await arrangeCampaign(client, { type: 'event' });
      return {
        method: 'GET',
        path: '/v1/campaigns?type=event&ownerId=sales',
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          const items = (response.json as { items: Campaign[] }).items;
          expect(items.length).toBeGreaterThan(0);
          expect(items.every((item) => item.type === 'event' && item.ownerId === 'sales')).toBe(true);
        },
      };
    },
  },
  createCampaign: {
    target: 'collection',
    successStatus: 201,
    async arrange(client) {
      const body = campaignBody();
      return {
        method: 'POST',
        path: '/v1/campaigns',
        body,
        assertUnchanged: async () => {
          const page = await client.get<{ items: Campaign[] }>('/v1/campaigns?ownerId=sales&limit=100', { as: 'admin' });
          expect(page.json.items.some((item) => item.name === body.name)).toBe(false);
        },
        assertSuccess: (response, caller) => {
          expect(response.json).toMatchObject({ status: 'draft', createdBy: caller, name: body.name, version: 1, actualCost: { amount: 0, currency: 'CNY' } });
          expect(response.headers.get('location')).toMatch(/^\/v1\/campaigns\/[0-9A-Z]{26}$/);
        },
      };
    },
  },
  getCampaign: {
    target: 'record',
    successStatus: 200,
    async arrange(client) {
      const campaign = await arrangeCampaign(client);
      return {
        method: 'GET',
        path: `/v1/campaigns/${campaign.id}`,
        assertUnchanged: () => expectCampaignUntouched(client, campaign.id, 1, 'draft'),
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ id: campaign.id, version: 1 });
          expect(response.headers.get('etag')).toBe('"1"');
        },
      };
    },
  },
  updateCampaign: {
    target: 'record',
    successStatus: 200,
    async arrange(client) {
      const campaign = await arrangeCampaign(client);
      return {
        method: 'PATCH',
        path: `/v1/campaigns/${campaign.id}`,
        body: { actualCost: { amount: 120_000, currency: 'CNY' } },
        headers: ifMatch(1),
        assertUnchanged: () => expectCampaignUntouched(client, campaign.id, 1, 'draft'),
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ version: 2, actualCost: { amount: 120_000, currency: 'CNY' } });
        },
      };
    },
  },
  setCampaignStatus: {
    target: 'record',
    successStatus: 200,
    async arrange(client) {
      const campaign = await arrangeCampaign(client);
      return {
        method: 'POST',
        path: `/v1/campaigns/${campaign.id}/status`,
        body: { status: 'scheduled' },
        headers: ifMatch(1),
        assertUnchanged: () => expectCampaignUntouched(client, campaign.id, 1, 'draft'),
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ version: 2, status: 'scheduled' });
        },
      };
    },
  },
  launchCampaign: {
    target: 'record',
    successStatus: 202,
    async arrange(client, owner) {
      const { campaign } = await arrangeAudience(client, owner);
      return {
        method: 'POST',
        path: `/v1/campaigns/${campaign.id}/launch`,
        headers: ifMatch(1),
        assertUnchanged: async () => {
          await expectCampaignUntouched(client, campaign.id, 1, 'draft');
          expect((await client.get(`/v1/campaigns/${campaign.id}/launch`, { as: 'admin' })).status).toBe(404);
        },
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ status: 'materialising', expected: { customers: 2, contacts: 3 } });
        },
      };
    },
  },
  getCampaignLaunch: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const { campaign } = await arrangeAudience(client, owner);
      // Followed to its end: a launch step still running in the background would meet the fault tests' injected
      // failures too and log its own error line beside the request's.
      await arrangeLaunch(client, campaign.id, true);
      return {
        method: 'GET',
        path: `/v1/campaigns/${campaign.id}/launch`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ campaignId: campaign.id, expected: { customers: 2, contacts: 3 }, startedBy: 'admin' });
        },
      };
    },
  },
  listCampaignMembers: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      const { campaign, mine } = await arrangeAudience(client, owner);
      await arrangeLaunch(client, campaign.id, true);
      return {
        method: 'GET',
        path: `/v1/campaigns/${campaign.id}/members`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response, caller) => {
          const items = (response.json as { items: { customerId: string; ownerId: string }[] }).items;
          // An account manager sees their own customers' members only; the others every member.
          const own = caller === 'am1' || caller === OTHER_ACCOUNT_MANAGER;
          expect(items).toHaveLength(own ? 2 : 3);
          if (own) expect(items.every((member) => member.customerId === mine.id && member.ownerId === caller)).toBe(true);
        },
      };
    },
  },
  sendCampaignTestMail: {
    target: 'record',
    successStatus: 200,
    async arrange(client) {
      const campaign = await arrangeCampaign(client, { email: campaignEmail() });
      return {
        method: 'POST',
        path: `/v1/campaigns/${campaign.id}/test-send`,
        headers: ifMatch(1),
        assertUnchanged: () => expectCampaignUntouched(client, campaign.id, 1, 'draft'),
        assertSuccess: (response) => {
          // To the caller's own address (the demo users have one), never an address from the request.
          expect(response.json).toMatchObject({ to: expect.stringMatching(/@example\.com$/), subject: expect.stringMatching(/^\[TEST\] /) });
        },
      };
    },
  },
  getCampaignAudience: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      const { campaign, mine, other } = await arrangeAudience(client, owner);
      return {
        method: 'GET',
        path: `/v1/campaigns/${campaign.id}/audience`,
        assertUnchanged: () => expectCampaignUntouched(client, campaign.id, 1, 'draft'),
        assertSuccess: (response, caller) => {
          const page = response.json as { count: { customers: number; contacts: number }; items: AudienceEntry[] };
          // An account manager sees their own customers' contacts only; the others the whole audience.
          const own = caller === 'am1' || caller === OTHER_ACCOUNT_MANAGER;
          expect(page.count).toEqual(own ? { customers: 1, contacts: 2 } : { customers: 2, contacts: 3 });
          // The count is the whole audience's; a first page over the shared index may be short (campaigns-audience.e2e
          // follows the cursor), but never holds anyone else.
          expect(page.items.length).toBeLessThanOrEqual(own ? 2 : 3);
          expect(page.items.every((entry) => [mine.id, other.id].includes(entry.customer.id))).toBe(true);
          if (own) expect(page.items.every((entry) => entry.customer.id === mine.id && entry.customer.ownerId === caller)).toBe(true);
        },
      };
    },
  },
  getCampaignEffect: {
    target: 'record',
    successStatus: 200,
    async arrange(client) {
      // A draft (not launched): every figure 0, the cost its budget. The launched case: campaigns-tracking.e2e.test.ts.
      const campaign = await arrangeCampaign(client);
      return {
        method: 'GET',
        path: `/v1/campaigns/${campaign.id}/effect`,
        assertUnchanged: () => expectCampaignUntouched(client, campaign.id, 1, 'draft'),
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ campaignId: campaign.id, audience: 0, sent: 0, clicked: 0, cost: { amount: 500_000, currency: 'CNY' }, costBasis: 'budget' });
        },
      };
    },
  },
  recordCampaignResponse: {
    target: 'record',
    successStatus: 201,
    async arrange(client, owner) {
      const campaign = await arrangeScheduledCampaign(client, { type: 'phone' });
      const customer = await arrangeCustomer(client, owner);
      return {
        method: 'POST',
        path: `/v1/campaigns/${campaign.id}/responses`,
        body: { customerId: customer.id, channel: 'call', outcome: 'interested', note: 'Wants the spring catalogue.' },
        assertUnchanged: async () => {
          expect(await campaignResponsesOf(client, campaign.id)).toEqual([]);
        },
        assertSuccess: (response, caller) => {
          expect(response.json).toMatchObject({ campaignId: campaign.id, customerId: customer.id, ownerId: owner, channel: 'call', createdBy: caller });
          // Not a member (no contact named): recorded, no member status.
          expect(response.json).not.toHaveProperty('memberStatus');
        },
      };
    },
  },
  listCampaignResponses: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      const campaign = await arrangeScheduledCampaign(client, { type: 'event' });
      const mine = await arrangeCustomer(client, owner);
      const other = await arrangeCustomer(client, owner === OTHER_ACCOUNT_MANAGER ? 'am1' : OTHER_ACCOUNT_MANAGER);
      for (const customer of [mine, other]) {
        const recorded = await client.post(`/v1/campaigns/${campaign.id}/responses`, { customerId: customer.id, channel: 'event', outcome: 'meeting' }, { as: 'admin' });
        expect(recorded.status, recorded.text).toBe(201);
      }
      return {
        method: 'GET',
        path: `/v1/campaigns/${campaign.id}/responses`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response, caller) => {
          const items = (response.json as { items: ResponseItem[] }).items;
          // An account manager sees their own customers' responses only; the others every response.
          const own = caller === 'am1' || caller === OTHER_ACCOUNT_MANAGER;
          expect(items.map((item) => item.customerId).sort()).toEqual(own ? [mine.id] : [mine.id, other.id].sort());
        },
      };
    },
  },
  getCampaignsReport: {
    target: 'collection',
    successStatus: 200,
    async arrange() {
      return {
        method: 'GET',
        path: '/v1/reports/campaigns?year=2019',
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ report: 'campaigns', year: '2019' });
        },
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
