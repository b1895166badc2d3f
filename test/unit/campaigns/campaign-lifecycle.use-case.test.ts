import { beforeEach, describe, expect, it } from 'vitest';
import { CAMPAIGN_TRANSITIONS } from '#functions/campaigns/campaign.rules';
import { CAMPAIGN_STATUSES, createCampaignBody, updateCampaignBody, type Campaign, type CampaignStatus } from '#functions/campaigns/campaign.schema';
import { createCampaign } from '#functions/campaigns/create-campaign.use-case';
import { getCampaign } from '#functions/campaigns/get-campaign.use-case';
import { listCampaigns } from '#functions/campaigns/list-campaigns.use-case';
import { setCampaignStatus } from '#functions/campaigns/set-campaign-status.use-case';
import { updateCampaign } from '#functions/campaigns/update-campaign.use-case';
import { ErrorCode } from '#shared/core/errors';
import { campaignTestKit } from '#test/fakes/in-memory-campaigns';

const sales = { username: 'sales', scope: 'all' } as const;
const input = {
  name: '老客户回访季',
  type: 'email' as const,
  goal: 'Win back silent customers.',
  budget: { amount: 500_000, currency: 'CNY' },
  startsAt: '2027-01-04T00:00:00.000Z',
  endsAt: '2027-02-01T00:00:00.000Z',
  ownerId: 'sales',
};

const codeOf = async (work: Promise<unknown>) => work.then(() => 'ok', (error: { code?: string }) => error.code);

describe('campaign use cases: plan, edit, life cycle', () => {
  let kit: ReturnType<typeof campaignTestKit>;
  let campaign: Campaign;

  const move = (status: CampaignStatus, expectedVersion: number, reason?: string) =>
    setCampaignStatus(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion, input: { status, ...(reason ? { reason } : {}) } });

  beforeEach(async () => {
    // Prepare (shared): the sales manager plans a campaign.
    kit = campaignTestKit();
    campaign = (await createCampaign(kit.deps, { caller: sales, input })).campaign;
  });

  it('plans a draft with no cost yet and the owner’s name, and runs it to completion, each move audited', async () => {
    // Act
    kit.time.advance(60_000);
    const scheduled = await move('scheduled', 1);
    const running = await move('running', 2);
    const costed = await updateCampaign(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 3, changes: { actualCost: { amount: 480_000, currency: 'CNY' } } });
    const completed = await move('completed', 4);
    const lateInvoice = await updateCampaign(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 5, changes: { actualCost: { amount: 495_000, currency: 'CNY' } } });

    // Assess
    expect(campaign).toMatchObject({ status: 'draft', version: 1, ownerName: '王芳 Wang Fang', actualCost: { amount: 0, currency: 'CNY' }, createdBy: 'sales' });
    expect([scheduled.status, running.status, completed.status]).toEqual(['scheduled', 'running', 'completed']);
    expect(scheduled.statusChangedAt).toBe('2026-12-07T08:01:00.000Z');
    expect(costed).toMatchObject({ version: 4, actualCost: { amount: 480_000 } });
    expect(lateInvoice).toMatchObject({ version: 6, status: 'completed', actualCost: { amount: 495_000 } });
    expect(kit.campaigns.changes.map((entry) => [entry.change.action, entry.version])).toEqual([
      ['transition', 2], ['transition', 3], ['update', 4], ['transition', 5], ['update', 6],
    ]);
    expect(await getCampaign(kit.deps, { caller: sales, campaignId: campaign.id })).toEqual(lateInvoice);
  });

  it('allows exactly the moves of the life cycle table from each state', async () => {
    // Prepare: one campaign per (from, to), brought to `from` by allowed moves.
    const path: Record<CampaignStatus, CampaignStatus[]> = {
      draft: [], scheduled: ['scheduled'], running: ['running'], completed: ['running', 'completed'], cancelled: ['cancelled'],
    };
    for (const from of CAMPAIGN_STATUSES) {
      for (const to of CAMPAIGN_STATUSES) {
        campaign = (await createCampaign(kit.deps, { caller: sales, input })).campaign;
        let version = 1;
        for (const step of path[from]) await move(step, version++, 'because');

        // Act
        const outcome = await codeOf(move(to, version, 'because'));

        // Assess
        expect([from, to, outcome]).toEqual([from, to, CAMPAIGN_TRANSITIONS[from].includes(to) ? 'ok' : ErrorCode.InvalidTransition]);
      }
    }
    expect(CAMPAIGN_TRANSITIONS.completed).toEqual([]);
    expect(CAMPAIGN_TRANSITIONS.cancelled).toEqual([]);
  });

  it('refuses a stale If-Match, a cancellation without a reason, edits of a cancelled campaign and a bad owner — nothing written', async () => {
    // Act
    const stale = await codeOf(move('scheduled', 7));
    const noReason = await codeOf(move('cancelled', 1));
    const badOwner = await codeOf(updateCampaign(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 1, changes: { ownerId: 'am1' } }));
    const endsFirst = await codeOf(updateCampaign(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 1, changes: { startsAt: '2027-03-01T00:00:00.000Z' } }));
    const unchanged = await getCampaign(kit.deps, { caller: sales, campaignId: campaign.id });
    await move('cancelled', 1, 'Budget cut.');
    const editCancelled = await codeOf(updateCampaign(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 2, changes: { actualCost: { amount: 1, currency: 'CNY' } } }));
    const missing = await codeOf(getCampaign(kit.deps, { caller: sales, campaignId: '01JZZZZZZZZZZZZZZZZZZZZZZZ' }));
    const createBadOwner = await codeOf(createCampaign(kit.deps, { caller: sales, input: { ...input, ownerId: 'gone' } }));

    // Assess
    expect([stale, noReason, badOwner, endsFirst]).toEqual([ErrorCode.VersionConflict, ErrorCode.ValidationFailed, ErrorCode.InvalidOwner, ErrorCode.ValidationFailed]);
    expect(unchanged).toEqual(campaign);
    expect([editCancelled, missing, createBadOwner]).toEqual([ErrorCode.InvalidTransition, ErrorCode.CampaignNotFound, ErrorCode.InvalidOwner]);
    expect(kit.campaigns.campaigns.size).toBe(1);
  });

  it('removes the goal with null and keeps the rest', async () => {
    // Act
    const edited = await updateCampaign(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 1, changes: { goal: null, name: '春节促销' } });

    // Assess
    expect(edited.goal).toBeUndefined();
    expect(edited).toMatchObject({ name: '春节促销', budget: input.budget, version: 2 });
  });

  it('lists by owner, status and type, newest start first', async () => {
    // Prepare
    const later = (await createCampaign(kit.deps, { caller: sales, input: { ...input, type: 'event', startsAt: '2027-05-01T00:00:00.000Z', endsAt: '2027-05-02T00:00:00.000Z', ownerId: 'admin' } })).campaign;

    // Act
    const all = await listCampaigns(kit.deps, { caller: sales, filters: {}, page: { limit: 10 } });
    const events = await listCampaigns(kit.deps, { caller: sales, filters: { type: 'event' }, page: { limit: 10 } });
    const ofSales = await listCampaigns(kit.deps, { caller: sales, filters: { ownerId: 'sales', status: 'draft' }, page: { limit: 10 } });

    // Assess
    expect(all.items.map((item) => item.id)).toEqual([later.id, campaign.id]);
    expect(events.items.map((item) => item.id)).toEqual([later.id]);
    expect(ofSales.items.map((item) => item.id)).toEqual([campaign.id]);
  });
});

describe('campaign input schemas', () => {
  it('refuses a budget in another currency than the company’s, and an end before the start', () => {
    // Act
    const foreign = createCampaignBody.safeParse({ ...input, budget: { amount: 100, currency: 'USD' } });
    const backwards = createCampaignBody.safeParse({ ...input, endsAt: input.startsAt });
    const emptyPatch = updateCampaignBody.safeParse({});
    const foreignCost = updateCampaignBody.safeParse({ actualCost: { amount: 1, currency: 'EUR' } });

    // Assess
    expect(foreign.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['budget.currency']);
    expect(backwards.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['endsAt']);
    expect(emptyPatch.success).toBe(false);
    expect(foreignCost.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['actualCost.currency']);
    expect(createCampaignBody.safeParse(input).success).toBe(true);
  });
});
