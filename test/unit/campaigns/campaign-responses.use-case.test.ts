import { beforeEach, describe, expect, it } from 'vitest';
import { createCampaign } from '#functions/campaigns/create-campaign.use-case';
import { getCampaignEffect } from '#functions/campaigns/get-campaign-effect.use-case';
import { launchCampaign } from '#functions/campaigns/launch-campaign.use-case';
import { listCampaignResponses } from '#functions/campaigns/list-campaign-responses.use-case';
import { recordCampaignResponse } from '#functions/campaigns/record-campaign-response.use-case';
import { runCampaignLaunchStep } from '#functions/campaigns/run-campaign-launch-step.use-case';
import type { Campaign } from '#functions/campaigns/campaign.schema';
import { ErrorCode } from '#shared/core/errors';
import { campaignTestKit } from '#test/fakes/in-memory-campaigns';

const sales = { username: 'sales', scope: 'all' } as const;
const am1 = { username: 'am1', scope: 'own' } as const;
const input = {
  name: 'Spring calls',
  type: 'phone' as const,
  budget: { amount: 100_000, currency: 'CNY' },
  startsAt: '2027-03-01T00:00:00.000Z',
  endsAt: '2027-04-01T00:00:00.000Z',
  ownerId: 'sales',
  audience: { tags: ['vip'] },
};
const CUSTOMER = '01JCVSTQMER000000000000AAA';
const OUTSIDER = '01JCVSTQMER000000000000BBB';
const lead = { name: 'Spring order', amount: { amount: 250_000, currency: 'CNY' }, expectedCloseDate: '2027-05-31' };
const codeOf = async (work: Promise<unknown>) => work.then(() => 'ok', (error: { code?: string }) => error.code);

describe('campaign responses: recorded by staff, the member moves forward, an opportunity may be created, counters kept', () => {
  let kit: ReturnType<typeof campaignTestKit>;
  let campaign: Campaign;
  let contacts: string[];

  beforeEach(async () => {
    // Prepare (shared): am1's customer with 2 contacts in a launched campaign; another customer of am2, no member.
    kit = campaignTestKit();
    kit.audiences.addCustomer(CUSTOMER, 'am1', 2);
    contacts = kit.audiences.customers[0]!.contacts.map((entry) => entry.contact.id);
    kit.responses.customers.set(CUSTOMER, { name: 'Acme', ownerId: 'am1' });
    kit.responses.customers.set(OUTSIDER, { name: 'Other', ownerId: 'am2' });
    contacts.forEach((id) => kit.responses.contacts.add(`${CUSTOMER}#${id}`));
    campaign = (await createCampaign(kit.deps, { caller: sales, input })).campaign;
    await launchCampaign(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 1 });
    await runCampaignLaunchStep(kit.deps, campaign.id, { pageSize: 10, stepMillis: 60_000 });
  });

  const member = (contactId: string) => kit.launches.members.get(`${campaign.id}#${contactId}`)!;
  const record = (caller: typeof sales | typeof am1, body: Record<string, unknown>, key?: string) =>
    recordCampaignResponse(kit.deps, {
      caller,
      campaignId: campaign.id,
      input: { customerId: CUSTOMER, channel: 'call', outcome: 'interested', ...body } as never,
      ...(key ? { idempotency: { key, fingerprint: key, username: caller.username, operationId: 'recordCampaignResponse' } } : {}),
    });

  it("moves the contact's member to responded, then converted with an opportunity of source campaign, each counted once", async () => {
    // Act
    const first = await record(am1, { contactId: contacts[0] });
    const second = await record(am1, { contactId: contacts[0], outcome: 'meeting', createOpportunity: lead });
    const third = await record(sales, { contactId: contacts[0] });

    // Assess
    expect(first.value).toMatchObject({ memberStatus: 'responded', ownerId: 'am1', createdBy: 'am1' });
    expect(second.value).toMatchObject({ memberStatus: 'converted', opportunityAmount: lead.amount });
    expect(third.value.memberStatus).toBe('converted');
    expect(member(contacts[0]!)).toMatchObject({ status: 'converted', respondedAt: expect.any(String), convertedAt: expect.any(String) });
    expect(kit.responses.opportunities).toEqual([
      expect.objectContaining({ id: second.value.opportunityId, source: 'campaign', campaignId: campaign.id, customerId: CUSTOMER, prospectName: 'Acme', status: 'unassigned', summary: lead.name, estimatedAmount: lead.amount }),
    ]);
    const effect = await getCampaignEffect(kit.deps, { campaignId: campaign.id });
    expect(effect).toMatchObject({ responses: 3, leads: 1, responded: 1, converted: 1 });
  });

  it('records a response of a customer who is no member (no contact named) without moving anyone; counted in responses', async () => {
    // Act
    const response = await record(sales, { customerId: OUTSIDER, createOpportunity: lead });

    // Assess
    expect(response.value).not.toHaveProperty('memberStatus');
    expect(contacts.map((id) => member(id).status)).toEqual(['sent', 'sent'].map(() => member(contacts[0]!).status));
    expect(await getCampaignEffect(kit.deps, { campaignId: campaign.id })).toMatchObject({ responses: 1, leads: 1, responded: 0, converted: 0 });
  });

  it("refuses another owner's customer to an account manager (404), a contact not of the customer (400), a future time, a closing stage, a draft campaign (409)", async () => {
    // Prepare
    const draft = (await createCampaign(kit.deps, { caller: sales, input })).campaign;

    // Act + Assess
    expect(await codeOf(record(am1, { customerId: OUTSIDER }))).toBe(ErrorCode.CustomerNotFound);
    expect(await codeOf(record(sales, { contactId: '01JCVSTQMER00000000000ZZZZ' }))).toBe(ErrorCode.ValidationFailed);
    expect(await codeOf(record(sales, { respondedAt: '2099-01-01T00:00:00.000Z' }))).toBe(ErrorCode.ValidationFailed);
    expect(await codeOf(record(sales, { createOpportunity: { ...lead, stage: 'won' } }))).toBe(ErrorCode.ValidationFailed);
    expect(
      await codeOf(recordCampaignResponse(kit.deps, { caller: sales, campaignId: draft.id, input: { customerId: CUSTOMER, channel: 'call', outcome: 'other' } })),
    ).toBe(ErrorCode.InvalidTransition);
    expect(kit.responses.responses).toEqual([]);
    expect(kit.responses.opportunities).toEqual([]);
  });

  it('replays the same Idempotency-Key: one response, one opportunity, counted once', async () => {
    // Act
    const first = await record(sales, { contactId: contacts[1], createOpportunity: lead }, 'k-1');
    const again = await record(sales, { contactId: contacts[1], createOpportunity: lead }, 'k-1');

    // Assess
    expect(again).toEqual({ kind: 'replayed', value: first.value });
    expect(kit.responses.responses).toHaveLength(1);
    expect(kit.responses.opportunities).toHaveLength(1);
    expect(await getCampaignEffect(kit.deps, { campaignId: campaign.id })).toMatchObject({ responses: 1, leads: 1, converted: 1 });
  });

  it("lists newest first; an account manager sees their own customers' only", async () => {
    // Prepare
    await record(sales, { respondedAt: '2026-12-01T00:00:00.000Z' });
    await record(sales, { customerId: OUTSIDER, respondedAt: '2026-12-02T00:00:00.000Z' });
    await record(sales, { respondedAt: '2026-12-03T00:00:00.000Z' });

    // Act
    const all = await listCampaignResponses(kit.deps, { caller: sales, campaignId: campaign.id, page: { limit: 10 } });
    const own = await listCampaignResponses(kit.deps, { caller: am1, campaignId: campaign.id, page: { limit: 10 } });

    // Assess
    expect(all.items.map((item) => item.respondedAt.slice(0, 10))).toEqual(['2026-12-03', '2026-12-02', '2026-12-01']);
    expect(own.items.map((item) => item.customerId)).toEqual([CUSTOMER, CUSTOMER]);
  });
});
