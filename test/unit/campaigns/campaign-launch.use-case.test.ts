import { beforeEach, describe, expect, it } from 'vitest';
import { createCampaign } from '#functions/campaigns/create-campaign.use-case';
import { getCampaignLaunch } from '#functions/campaigns/get-campaign-launch.use-case';
import { launchCampaign } from '#functions/campaigns/launch-campaign.use-case';
import { listCampaignMembers } from '#functions/campaigns/list-campaign-members.use-case';
import { runCampaignLaunchStep } from '#functions/campaigns/run-campaign-launch-step.use-case';
import { setCampaignStatus } from '#functions/campaigns/set-campaign-status.use-case';
import { updateCampaign } from '#functions/campaigns/update-campaign.use-case';
import type { Campaign } from '#functions/campaigns/campaign.schema';
import { ErrorCode } from '#shared/core/errors';
import { campaignTestKit } from '#test/fakes/in-memory-campaigns';

const sales = { username: 'sales', scope: 'all' } as const;
const input = {
  name: 'Autumn fair',
  type: 'email' as const,
  budget: { amount: 100_000, currency: 'CNY' },
  startsAt: '2027-03-01T00:00:00.000Z',
  endsAt: '2027-04-01T00:00:00.000Z',
  ownerId: 'sales',
  audience: { tags: ['vip'] },
};
const limits = { pageSize: 4, stepMillis: 60_000 };
const codeOf = async (work: Promise<unknown>) => work.then(() => 'ok', (error: { code?: string }) => error.code);

describe('campaign launch: materialising the audience as members', () => {
  let kit: ReturnType<typeof campaignTestKit>;
  let campaign: Campaign;

  beforeEach(async () => {
    // Prepare (shared): 5 customers of am1 and am2 with 3, 2, 1, 3, 1 contacts (10 contacts), a campaign targeting them.
    kit = campaignTestKit();
    [3, 2, 1, 3, 1].forEach((contacts, n) => kit.audiences.addCustomer(`01JCUSTOMER0000000000000${n}A`.padEnd(26, 'A'), n % 2 === 0 ? 'am1' : 'am2', contacts));
    campaign = (await createCampaign(kit.deps, { caller: sales, input })).campaign;
  });

  it('launches once: the job writes one member per contact in checkpointed pages, then the campaign runs', async () => {
    // Act
    const started = await launchCampaign(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 1 });
    const during = await getCampaignLaunch(kit.deps, { caller: sales, campaignId: campaign.id });
    const done = await runCampaignLaunchStep(kit.deps, campaign.id, limits);
    const again = await codeOf(launchCampaign(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 3 }));
    const own = await listCampaignMembers(kit.deps, { caller: { username: 'am1', scope: 'own' }, campaignId: campaign.id, page: { limit: 100 } });

    // Assess
    expect(started.launch).toMatchObject({ status: 'materialising', expected: { customers: 5, contacts: 10 }, members: 0, startedBy: 'sales' });
    expect(started.campaign).toMatchObject({ version: 2, status: 'draft', launchedBy: 'sales' });
    expect(kit.continued).toEqual([campaign.id]);
    expect(during.status).toBe('materialising');
    expect(done).toMatchObject({ status: 'completed', members: 10 });
    // Pages end at customer boundaries: 3 | 2 + 1 | 3 + 1.
    expect(kit.audiences.reads).toBe(3);
    expect(await kit.deps.campaigns.get(campaign.id)).toMatchObject({ status: 'running', memberCount: 10, version: 3 });
    expect(kit.launches.members.size).toBe(10);
    expect(again).toBe(ErrorCode.InvalidTransition);
    expect(own.items).toHaveLength(3 + 1 + 1);
    expect(own.items.every((member) => member.ownerId === 'am1' && member.status === 'targeted')).toBe(true);
    expect(kit.campaigns.changes.map((entry) => [entry.change.action, entry.change.note])).toEqual([
      ['transition', 'launch: 10 contacts of 5 customers expected'],
      ['transition', 'launched: 10 members'],
    ]);
  });

  it('resumes from its checkpoint after a step dies mid-page: no member doubled, the count exact', async () => {
    // Prepare
    await launchCampaign(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 1 });
    kit.launches.failAfterPuts = 4;

    // Act: the first page (3 members) is recorded, the second dies after 1 of its 3 members.
    const died = await codeOf(runCampaignLaunchStep(kit.deps, campaign.id, limits));
    const checkpoint = await kit.deps.launches.get(campaign.id);
    const done = await runCampaignLaunchStep(kit.deps, campaign.id, limits);

    // Assess
    expect(died).toBe(ErrorCode.ServiceBusy);
    expect(checkpoint).toMatchObject({ status: 'materialising', members: 3 });
    expect(done).toMatchObject({ status: 'completed', members: 10 });
    expect(kit.launches.members.size).toBe(10);
    expect(kit.launches.writes).toBeGreaterThan(10);
  });

  it('continues in a new step when its time is spent', async () => {
    // Prepare: every page read takes the whole budget.
    await launchCampaign(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 1 });
    const read = kit.audiences.page.bind(kit.audiences);
    kit.audiences.page = async (...args) => {
      kit.time.advance(10_000);
      return read(...args);
    };
    kit.continued.length = 0;

    // Act
    const first = await runCampaignLaunchStep(kit.deps, campaign.id, { pageSize: 4, stepMillis: 5_000 });

    // Assess
    expect(first).toMatchObject({ status: 'materialising', members: 3 });
    expect(kit.continued).toEqual([campaign.id]);
    expect((await kit.deps.campaigns.get(campaign.id))?.status).toBe('draft');
  });

  it('refuses an empty audience, none at all, a stale If-Match and a running move of a campaign with an audience; nothing written', async () => {
    // Prepare
    const bare = (await createCampaign(kit.deps, { caller: sales, input: { ...input, audience: undefined } })).campaign;
    kit.audiences.matches = () => false;

    // Act
    const empty = await codeOf(launchCampaign(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 1 }));
    const none = await codeOf(launchCampaign(kit.deps, { caller: sales, campaignId: bare.id, expectedVersion: 1 }));
    const stale = await codeOf(launchCampaign(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 7 }));
    const running = await codeOf(setCampaignStatus(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 1, input: { status: 'running' } }));

    // Assess
    expect([empty, none, stale, running]).toEqual([ErrorCode.InvalidTransition, ErrorCode.InvalidTransition, ErrorCode.VersionConflict, ErrorCode.InvalidTransition]);
    expect(kit.launches.launches.size).toBe(0);
    expect(kit.campaigns.changes).toEqual([]);
  });

  it('refuses edits and moves while the launch job runs', async () => {
    // Prepare
    await launchCampaign(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 1 });

    // Act
    const edit = await codeOf(updateCampaign(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 2, changes: { name: 'x' } }));
    const cancel = await codeOf(setCampaignStatus(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 2, input: { status: 'cancelled', reason: 'x' } }));

    // Assess
    expect([edit, cancel]).toEqual([ErrorCode.InvalidTransition, ErrorCode.InvalidTransition]);
    expect((await kit.deps.campaigns.get(campaign.id))?.version).toBe(2);
  });
});
