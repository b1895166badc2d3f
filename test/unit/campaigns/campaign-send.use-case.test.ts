import { beforeEach, describe, expect, it } from 'vitest';
import { createCampaign } from '#functions/campaigns/create-campaign.use-case';
import { launchCampaign } from '#functions/campaigns/launch-campaign.use-case';
import { runCampaignLaunchStep } from '#functions/campaigns/run-campaign-launch-step.use-case';
import { sendVerdict } from '#functions/campaigns/campaign-send.rules';
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
  email: { subject: '{{ customer.name }} news', html: '<p>{{ contact.name }}</p>', text: 'Hi {{ contact.name }}' },
};
const limits = { pageSize: 4, stepMillis: 60_000 };
const codeOf = async (work: Promise<unknown>) => work.then(() => 'ok', (error: { code?: string }) => error.code);

describe('campaign send: consent-safe, at most one mail per member', () => {
  let kit: ReturnType<typeof campaignTestKit>;
  let campaign: Campaign;
  let contactIds: string[];

  beforeEach(async () => {
    // Prepare (shared): 4 customers with 3 contacts each (12 contacts), their contacts as they are now; a launched e-mail campaign.
    kit = campaignTestKit();
    [3, 3, 3, 3].forEach((contacts, n) => kit.audiences.addCustomer(`01JCUSTOMER0000000000000${n}A`.padEnd(26, 'A'), n % 2 === 0 ? 'am1' : 'am2', contacts));
    contactIds = kit.audiences.customers.flatMap((customer) => customer.contacts.map((entry) => entry.contact.id));
    kit.audiences.customers.forEach((customer, c) => customer.contacts.forEach((entry, n) => {
      kit.sends.people.set(entry.contact.id, { id: entry.contact.id, name: entry.contact.name, email: `p${c}-${n}@example.com` });
    }));
    campaign = (await createCampaign(kit.deps, { caller: sales, input })).campaign;
    await launchCampaign(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 1 });
  });

  const statusOf = (contactId: string) => kit.launches.members.get(`${campaign.id}#${contactId}`);

  it('mails every consenting member once with one-click unsubscribe; never opted-out, bounced, complained, no address or deleted', async () => {
    // Prepare
    const [optedOut, bounced, complained, noEmail, deleted] = contactIds as [string, string, string, string, string];
    kit.sends.people.set(optedOut, { ...kit.sends.people.get(optedOut)!, marketingConsent: 'opted-out' });
    kit.sends.people.set(bounced, { ...kit.sends.people.get(bounced)!, marketingConsent: 'bounced' });
    kit.sends.people.set(complained, { ...kit.sends.people.get(complained)!, marketingConsent: 'complained' });
    kit.sends.people.set(noEmail, { id: noEmail, name: 'x' });
    kit.sends.people.delete(deleted);
    kit.sends.people.set(contactIds[5]!, { ...kit.sends.people.get(contactIds[5]!)!, marketingConsent: 'opted-in' });

    // Act
    const done = await runCampaignLaunchStep(kit.deps, campaign.id, limits);
    const again = await runCampaignLaunchStep(kit.deps, campaign.id, limits);

    // Assess
    expect(done).toMatchObject({ status: 'completed', members: 12, sent: 7, skipped: 5, failed: 0 });
    expect(again).toMatchObject({ status: 'completed', sent: 7 });
    expect(kit.mail.sent).toHaveLength(7);
    expect(new Set(kit.mail.sent.map((mail) => mail.to)).size).toBe(7);
    expect([optedOut, bounced, complained, noEmail, deleted].map((id) => statusOf(id)?.skipReason)).toEqual(['opted-out', 'bounced', 'complained', 'no-email', 'contact-gone']);
    const first = kit.mail.sent[0]!;
    expect(first.headers).toEqual([
      { name: 'List-Unsubscribe', value: expect.stringMatching(/^<https:\/\/crm\.example\.com\/u\/[^>]+>, <mailto:unsubscribe@example\.com\?subject=unsubscribe>$/) },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ]);
    expect(first.text).toContain('退订 Unsubscribe: https://crm.example.com/u/');
    expect(first.tags?.map((tag) => tag.name)).toEqual(['campaignId', 'customerId', 'contactId']);
    expect(kit.continued).toEqual([campaign.id]);
  });

  it('never sends twice: a retried page, a re-run from the start of the send, or two racing steps', async () => {
    // Prepare: the first step sends every member.
    await runCampaignLaunchStep(kit.deps, campaign.id, limits);
    const stored = kit.launches.launches.get(campaign.id)!;
    kit.launches.launches.set(campaign.id, { ...stored, status: 'sending', sendCursor: null });

    // Act: the send phase again from its first page, twice at once.
    await Promise.all([runCampaignLaunchStep(kit.deps, campaign.id, limits), runCampaignLaunchStep(kit.deps, campaign.id, limits)].map((run) => run.catch(() => undefined)));

    // Assess
    expect(kit.mail.sent).toHaveLength(12);
    expect(new Set(kit.mail.sent.map((mail) => mail.to)).size).toBe(12);
    expect(kit.launches.launches.get(campaign.id)).toMatchObject({ status: 'completed', sent: 12 });
  });

  it('a step dying between the claim and SES loses that mail, never doubles it; a refusal is failed with its reason', async () => {
    // Prepare: the 2nd claim dies before its mail; the mailer refuses one address.
    kit.sends.dieAfterClaims = 2;
    kit.mail.refuse.add('p3-2@example.com');

    // Act
    const died = await codeOf(runCampaignLaunchStep(kit.deps, campaign.id, limits));
    const done = await runCampaignLaunchStep(kit.deps, campaign.id, limits);

    // Assess
    expect(died).toBe(ErrorCode.ServiceBusy);
    expect(done).toMatchObject({ status: 'completed', sent: 11, failed: 1, skipped: 0 });
    // 12 members: one claimed then lost (sent, no mail), one refused; 10 mails.
    expect(kit.mail.sent).toHaveLength(10);
    expect(new Set(kit.mail.sent.map((mail) => mail.to)).size).toBe(10);
    expect(statusOf(contactIds[1]!)).toMatchObject({ status: 'sent' });
    expect(kit.mail.sent.some((mail) => mail.to === 'p0-1@example.com')).toBe(false);
    expect(statusOf(contactIds[11]!)).toMatchObject({ status: 'failed', failReason: 'MessageRejected' });
  });

  it.each([
    [undefined, { kind: 'skip', reason: 'contact-gone' }],
    [{ marketingConsent: 'opted-out', email: 'a@example.com' }, { kind: 'skip', reason: 'opted-out' }],
    [{ marketingConsent: 'bounced', email: 'a@example.com' }, { kind: 'skip', reason: 'bounced' }],
    [{ marketingConsent: 'complained', email: 'a@example.com' }, { kind: 'skip', reason: 'complained' }],
    [{ marketingConsent: 'opted-in' }, { kind: 'skip', reason: 'no-email' }],
    [{ email: 'a@b@example.com' }, { kind: 'skip', reason: 'no-email' }],
    [{ email: 'a@example.com' }, { kind: 'send', to: 'a@example.com' }],
    [{ marketingConsent: 'unknown', email: 'a@example.com' }, { kind: 'send', to: 'a@example.com' }],
    [{ marketingConsent: 'opted-in', email: 'a@example.com' }, { kind: 'send', to: 'a@example.com' }],
  ])('consent %j → %j', (contact, verdict) => {
    // Act / Assess
    expect(sendVerdict(contact ? { id: 'c', name: 'n', ...contact } : undefined)).toEqual(verdict);
  });
});
