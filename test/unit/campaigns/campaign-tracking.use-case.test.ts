import { beforeEach, describe, expect, it } from 'vitest';
import { answerCampaignMail } from '#functions/campaigns/answer-campaign-mail.use-case';
import { createCampaign } from '#functions/campaigns/create-campaign.use-case';
import { followCampaignLink } from '#functions/campaigns/follow-campaign-link.use-case';
import { getCampaignEffect } from '#functions/campaigns/get-campaign-effect.use-case';
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
  email: {
    subject: 'News',
    html: '<p>{{ contact.name }}</p><a href="https://shop.example.com/spring?a=1&amp;b=2">Shop</a> <a href=\'https://example.com/b\'>B</a> <a href="{{ unsubscribeUrl }}">x</a>',
    text: 'Hi {{ contact.name }} https://shop.example.com/spring',
  },
};
const CUSTOMER = '01JCVSTQMER000000000000AAA';
const codeOf = async (work: Promise<unknown>) => work.then(() => 'ok', (error: { code?: string }) => error.code);

describe('campaign tracking: clicks, deliveries and answers move members forward and keep the effect counters', () => {
  let kit: ReturnType<typeof campaignTestKit>;
  let campaign: Campaign;
  let contacts: string[];

  beforeEach(async () => {
    // Prepare (shared): one customer with 3 contacts, a launched and sent e-mail campaign with two tracked links.
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

  it("rewrites each member's HTML links to its own click URLs by index; the text part and Liquid links are left alone", () => {
    // Assess
    const mail = kit.mail.sent.find((sent) => sent.to === 'c0@example.com')!;
    expect(mail.html).toContain(`href="https://crm.example.com/c/${campaign.id}.${CUSTOMER}.${contacts[0]}.0.mac"`);
    expect(mail.html).toContain(`href='https://crm.example.com/c/${campaign.id}.${CUSTOMER}.${contacts[0]}.1.mac'`);
    expect(mail.html).not.toContain('shop.example.com');
    expect(mail.html).toContain(`href="https://crm.example.com/u/${campaign.id}.${CUSTOMER}.${contacts[0]}.mac"`);
    expect(mail.text).toContain('https://shop.example.com/spring');
  });

  it('a click answers the template URL of its index, moves the member to clicked once and counts every click', async () => {
    // Act
    const first = await followCampaignLink(kit.deps, { ...target(contacts[0]!), link: 0 });
    const second = await followCampaignLink(kit.deps, { ...target(contacts[0]!), link: 1 });
    const beyond = await codeOf(followCampaignLink(kit.deps, { ...target(contacts[0]!), link: 2 }));
    const stranger = await codeOf(followCampaignLink(kit.deps, { ...target(contacts[1]!), customerId: '01JOTHERCUSTOMER0000000000', link: 0 }));

    // Assess
    expect([first, second]).toEqual(['https://shop.example.com/spring?a=1&b=2', 'https://example.com/b']);
    expect([beyond, stranger]).toEqual([ErrorCode.CampaignNotFound, ErrorCode.CampaignNotFound]);
    expect(member(contacts[0]!)).toMatchObject({ status: 'clicked', clicks: 2, clickedAt: expect.any(String) });
    expect(member(contacts[1]!)).toMatchObject({ status: 'sent' });
    expect(kit.tracking.counts.get(campaign.id)).toEqual({ clicked: 1, clicks: 2 });
  });

  it('deliveries, a bounce after a click and an unsubscribe: forward only, each counted once, consent audited by a system actor', async () => {
    // Prepare
    const tags = (contactId: string) => ({ campaignId: [campaign.id], customerId: [CUSTOMER], contactId: [contactId] });
    await recordMailEvents(kit.deps, contacts.map((id) => ({ eventType: 'Delivery', mail: { tags: tags(id) } })));
    await followCampaignLink(kit.deps, { ...target(contacts[0]!), link: 0 });

    // Act
    await recordMailEvents(kit.deps, [
      { eventType: 'Bounce', bounce: { bounceType: 'Permanent' }, mail: { tags: tags(contacts[0]!) } },
      { eventType: 'Delivery', mail: { tags: tags(contacts[1]!) } },
    ]);
    const unsubscribed = await answerCampaignMail(kit.deps, { target: target(contacts[2]!), answer: 'unsubscribe' });
    const again = await answerCampaignMail(kit.deps, { target: target(contacts[2]!), answer: 'unsubscribe' });

    // Assess
    expect([unsubscribed, again]).toEqual(['changed', 'unchanged']);
    expect(member(contacts[0]!)).toMatchObject({ status: 'clicked', bouncedAt: expect.any(String), deliveredAt: expect.any(String) });
    expect(kit.sends.people.get(contacts[0]!)).toMatchObject({ marketingConsent: 'bounced' });
    expect(member(contacts[1]!)).toMatchObject({ status: 'delivered' });
    expect(member(contacts[2]!)).toMatchObject({ status: 'unsubscribed', unsubscribedAt: expect.any(String) });
    expect(kit.tracking.counts.get(campaign.id)).toEqual({ delivered: 3, clicked: 1, clicks: 1, bounced: 1, unsubscribed: 1 });
    expect(kit.tracking.audits).toEqual([
      { actor: 'system:ses-bounce', contactId: contacts[0], consent: 'bounced' },
      { actor: 'system:campaign-unsubscribe', contactId: contacts[2], consent: 'opted-out' },
    ]);
  });

  it('reads the effect from the launch and the counters; the cost is the budget until an actual cost is recorded', async () => {
    // Prepare
    await answerCampaignMail(kit.deps, { target: target(contacts[0]!), answer: 'delivery' });
    await followCampaignLink(kit.deps, { ...target(contacts[0]!), link: 0 });

    // Act
    const effect = await getCampaignEffect(kit.deps, { campaignId: campaign.id });
    const missing = await codeOf(getCampaignEffect(kit.deps, { campaignId: '01JNNNNNNNNNNNNNNNNNNNNNNN' }));

    // Assess
    expect(effect).toMatchObject({
      campaignId: campaign.id, status: 'running', audience: 3, sent: 3, skipped: 0, failed: 0, delivered: 1, clicked: 1, clicks: 1,
      bounced: 0, unsubscribed: 0, cost: { amount: 100_000, currency: 'CNY' }, costBasis: 'budget',
    });
    expect(missing).toBe(ErrorCode.CampaignNotFound);
  });
});
