import { describe, expect, it } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';
import { arrangeAudience, arrangeCampaign, expectCampaignUntouched, uniqueTag } from './scenarios/campaigns.scenarios';

type Client = ReturnType<typeof api>;
type Launch = { status: string; expected: { customers: number; contacts: number }; members: number };
type Member = { contactId: string; customerId: string; ownerId: string; status: string };

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** The launch followed until its job completes (each poll a GET; the job runs in the gateway's process). */
const completedLaunch = async (client: Client, campaignId: string): Promise<Launch> => {
  for (let poll = 0; poll < 120; poll += 1) {
    const launch = await client.get<Launch>(`/v1/campaigns/${campaignId}/launch`, { as: 'sales' });
    expect(launch.status, launch.text).toBe(200);
    if (launch.json.status === 'completed') return launch.json;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the launch of ${campaignId} did not complete`);
};

describe('campaign launch through the gateway', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  it('launches once: members materialised one per contact, the campaign running with its count, members scoped by role', async () => {
    // Prepare
    const { campaign, contacts, mine } = await arrangeAudience(client, 'am1');

    // Act
    const launched = await client.post<Launch>(`/v1/campaigns/${campaign.id}/launch`, undefined, { as: 'sales', headers: ifMatch(1) });
    const launch = await completedLaunch(client, campaign.id);
    const running = await client.get<{ status: string; memberCount: number; version: number; launchedBy: string }>(`/v1/campaigns/${campaign.id}`, { as: 'sales' });
    const members = await client.get<{ items: Member[] }>(`/v1/campaigns/${campaign.id}/members`, { as: 'sales' });
    const own = await client.get<{ items: Member[] }>(`/v1/campaigns/${campaign.id}/members`, { as: 'am1' });
    const again = await client.post(`/v1/campaigns/${campaign.id}/launch`, undefined, { as: 'sales', headers: ifMatch(running.json.version) });

    // Assess
    expect(launched.status, launched.text).toBe(202);
    expect(launched.headers.get('location')).toBe(`/v1/campaigns/${campaign.id}/launch`);
    expect(launched.json).toMatchObject({ status: 'materialising', expected: { customers: 2, contacts: 3 }, members: 0 });
    expect(launch).toMatchObject({ status: 'completed', members: 3 });
    expect(running.json).toMatchObject({ status: 'running', memberCount: 3, version: 3, launchedBy: 'sales' });
    expect(members.json.items).toHaveLength(3);
    expect(members.json.items.every((member) => member.status === 'targeted')).toBe(true);
    expect(own.json.items.map((member) => member.contactId).sort()).toEqual([...contacts[mine.id]!].sort());
    expect(again.status, again.text).toBe(409);
    await expectCampaignUntouched(client, campaign.id, 3, 'running');
  });

  it.each([
    { label: 'an empty audience', audience: () => ({ tags: [uniqueTag()] }), headers: ifMatch(1), status: 409 },
    { label: 'no audience', audience: () => undefined, headers: ifMatch(1), status: 409 },
    { label: 'a stale If-Match', audience: () => ({ tags: [uniqueTag()] }), headers: ifMatch(2), status: 412 },
    { label: 'no If-Match', audience: () => ({ tags: [uniqueTag()] }), headers: {}, status: 428 },
  ])('refuses a launch with $label ($status), nothing written', async (bad) => {
    // Prepare
    const audience = bad.audience();
    const campaign = await arrangeCampaign(client, audience ? { audience } : {});

    // Act
    const response = await client.post(`/v1/campaigns/${campaign.id}/launch`, undefined, { as: 'sales', headers: bad.headers });
    const launch = await client.get(`/v1/campaigns/${campaign.id}/launch`, { as: 'sales' });

    // Assess
    expect(response.status, response.text).toBe(bad.status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(launch.status).toBe(404);
    await expectCampaignUntouched(client, campaign.id, 1, 'draft');
  });

  it('refuses the status route’s move to running for a campaign with an audience (409: launch it)', async () => {
    // Prepare
    const { campaign } = await arrangeAudience(client, 'am1');

    // Act
    const response = await client.post(`/v1/campaigns/${campaign.id}/status`, { status: 'running' }, { as: 'sales', headers: ifMatch(1) });

    // Assess
    expect(response.status, response.text).toBe(409);
    await expectCampaignUntouched(client, campaign.id, 1, 'draft');
  });
});
