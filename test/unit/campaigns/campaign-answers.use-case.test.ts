import { beforeEach, describe, expect, it } from 'vitest';
import { answerCampaignMail } from '#functions/campaigns/answer-campaign-mail.use-case';
import { createCampaign } from '#functions/campaigns/create-campaign.use-case';
import { launchCampaign } from '#functions/campaigns/launch-campaign.use-case';
import { recordMailEvents } from '#functions/campaigns/record-mail-events.use-case';
import { runCampaignLaunchStep } from '#functions/campaigns/run-campaign-launch-step.use-case';
import type { Campaign } from '#functions/campaigns/campaign.schema';
import { ErrorCode } from '#shared/core/errors';
import { campaignTestKit } from '#test/fakes/in-memory-campaigns';

const sales = { username: 'sales', scope: 'all' } as const;
const input = {
  name: 'Spring mail',
  type: 'email' as const,
  budget: { amount: 100_000, currency: 'CNY' },
  startsAt: '2027-03-01T00:00:00.000Z',
  endsAt: '2027-04-01T00:00:00.000Z',
  ownerId: 'sales',
  audience: { tags: ['vip'] },
  email: { subject: 'News', html: '<p>{{ contact.name }}</p>', text: 'Hi {{ contact.name }}' },
};
const CUSTOMER = '01JCVSTQMER000000000000AAA';
const codeOf = async (work: Promise<unknown>) => work.then(() => 'ok', (error: { code?: string }) => error.code);

describe("campaign mail answers: unsubscribe, bounce, complaint — consent only moves towards 'do not mail'", () => {
  let kit: ReturnType<typeof campaignTestKit>;
  let campaign: Campaign;
  let contacts: string[];

  beforeEach(async () => {
    // Prepare (shared): one customer with 3 contacts, a launched and sent e-mail campaign.
    kit = campaignTestKit();
    kit.audiences.addCustomer(CUSTOMER, 'am1', 3);
    contacts = kit.audiences.customers[0]!.contacts.map((entry) => entry.contact.id);
    contacts.forEach((id, n) => kit.sends.people.set(id, { id, name: `c${n}`, email: `c${n}@example.com` }));
    campaign = (await createCampaign(kit.deps, { caller: sales, input })).campaign;
    await launchCampaign(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 1 });
    await runCampaignLaunchStep(kit.deps, campaign.id, { pageSize: 10, stepMillis: 60_000 });
  });

  const target = (contactId: string) => ({ campaignId: campaign.id, customerId: CUSTOMER, contactId });
  const member = (contactId: string) => kit.launches.members.get(`${campaign.id}#${contactId}`);

  it('unsubscribes once (idempotent), and refuses a member that is not one (404, nothing written)', async () => {
    // Act
    const first = await answerCampaignMail(kit.deps, { target: target(contacts[0]!), answer: 'unsubscribe' });
    const again = await answerCampaignMail(kit.deps, { target: target(contacts[0]!), answer: 'unsubscribe' });
    const stranger = await codeOf(answerCampaignMail(kit.deps, { target: { ...target(contacts[1]!), customerId: '01JOTHERCUSTOMER0000000000' }, answer: 'unsubscribe' }));

    // Assess
    expect([first, again, stranger]).toEqual(['changed', 'unchanged', ErrorCode.CampaignNotFound]);
    expect(member(contacts[0]!)).toMatchObject({ status: 'unsubscribed' });
    expect(kit.sends.people.get(contacts[0]!)).toMatchObject({ marketingConsent: 'opted-out' });
    expect(member(contacts[1]!)).toMatchObject({ status: 'sent' });
  });

  it('records a permanent bounce and a complaint from SES events; skips transient bounces and mail without our tags', async () => {
    // Prepare
    const tags = (contactId: string) => ({ campaignId: [campaign.id], customerId: [CUSTOMER], contactId: [contactId] });

    // Act
    const outcome = await recordMailEvents(kit.deps, [
      { eventType: 'Bounce', bounce: { bounceType: 'Permanent' }, mail: { tags: tags(contacts[0]!) } },
      { eventType: 'Complaint', mail: { tags: tags(contacts[1]!) } },
      { eventType: 'Bounce', bounce: { bounceType: 'Transient' }, mail: { tags: tags(contacts[2]!) } },
      { eventType: 'Complaint', mail: { tags: {} } },
      { eventType: 'Bounce', bounce: { bounceType: 'Permanent' }, mail: { tags: { ...tags(contacts[2]!), campaignId: ['01JNNNNNNNNNNNNNNNNNNNNNNN'] } } },
    ]);
    // An unsubscribe after a complaint keeps the complaint.
    await answerCampaignMail(kit.deps, { target: target(contacts[1]!), answer: 'unsubscribe' });

    // Assess
    expect(outcome).toEqual({ recorded: 2, skipped: 3 });
    expect(member(contacts[0]!)).toMatchObject({ status: 'bounced' });
    expect(kit.sends.people.get(contacts[0]!)).toMatchObject({ marketingConsent: 'bounced' });
    expect(member(contacts[1]!)).toMatchObject({ status: 'complained' });
    expect(kit.sends.people.get(contacts[1]!)).toMatchObject({ marketingConsent: 'complained' });
    expect(member(contacts[2]!)).toMatchObject({ status: 'sent' });
  });
});
