import { beforeEach, describe, expect, it } from 'vitest';
import { createCampaign } from '#functions/campaigns/create-campaign.use-case';
import { sendCampaignTestMail, TEST_SENDS_PER_MINUTE } from '#functions/campaigns/send-campaign-test-mail.use-case';
import { ErrorCode } from '#shared/core/errors';
import { campaignTestKit } from '#test/fakes/in-memory-campaigns';

const input = {
  name: 'Spring <launch>',
  type: 'email' as const,
  budget: { amount: 100_000, currency: 'CNY' },
  startsAt: '2027-03-01T00:00:00.000Z',
  endsAt: '2027-04-01T00:00:00.000Z',
  ownerId: 'sales',
  email: { subject: '{{ campaign.name }} for {{ customer.name }}', html: '<p>{{ contact.name }}</p>', text: 'Hi {{ contact.name }}' },
};
const codeOf = async (work: Promise<unknown>) => work.then(() => 'ok', (error: { code?: string }) => error.code);

describe('campaign test send: the rendered mail to the caller only', () => {
  let kit: ReturnType<typeof campaignTestKit>;

  beforeEach(() => {
    kit = campaignTestKit();
  });

  it("sends the caller one mail marked [TEST], rendered with the caller as the contact; nothing written", async () => {
    // Prepare
    const { campaign } = await createCampaign(kit.deps, { caller: { username: 'sales', scope: 'all' }, input });

    // Act
    const sent = await sendCampaignTestMail(kit.deps, { caller: { username: 'admin', scope: 'all' }, campaignId: campaign.id, expectedVersion: 1 });

    // Assess
    expect(sent).toEqual({ to: 'admin@example.com', subject: '[TEST] Spring <launch> for 示例客户 Sample customer' });
    expect(kit.mail.sent).toHaveLength(1);
    expect(kit.mail.sent[0]).toMatchObject({ to: 'admin@example.com', subject: sent.subject, text: expect.stringContaining('Hi Admin') });
    expect(kit.mail.sent[0]!.html).toContain('退订 Unsubscribe');
    expect((await kit.deps.campaigns.get(campaign.id))?.version).toBe(1);
    expect(kit.campaigns.testSends).toEqual([{ campaignId: campaign.id, actor: 'admin' }]);
  });

  it('refuses without a template (409), without the caller’s address (409), at a stale version (412) and when SES refuses (503)', async () => {
    // Prepare
    const { email: _email, ...bare } = input;
    const plain = (await createCampaign(kit.deps, { caller: { username: 'sales', scope: 'all' }, input: bare })).campaign;
    const templated = (await createCampaign(kit.deps, { caller: { username: 'sales', scope: 'all' }, input })).campaign;
    kit.mail.refuse.add('sales@example.com');

    // Act
    const noTemplate = await codeOf(sendCampaignTestMail(kit.deps, { caller: { username: 'admin', scope: 'all' }, campaignId: plain.id, expectedVersion: 1 }));
    const noAddress = await codeOf(sendCampaignTestMail(kit.deps, { caller: { username: 'exec', scope: 'all' }, campaignId: templated.id, expectedVersion: 1 }));
    const stale = await codeOf(sendCampaignTestMail(kit.deps, { caller: { username: 'admin', scope: 'all' }, campaignId: templated.id, expectedVersion: 2 }));
    const refused = await codeOf(sendCampaignTestMail(kit.deps, { caller: { username: 'sales', scope: 'all' }, campaignId: templated.id, expectedVersion: 1 }));

    // Assess
    expect([noTemplate, noAddress, stale, refused]).toEqual([ErrorCode.InvalidTransition, ErrorCode.NoRecipientAddress, ErrorCode.VersionConflict, ErrorCode.ServiceBusy]);
    expect(kit.mail.sent).toHaveLength(0);
    expect(kit.campaigns.testSends).toEqual([]);
  });

  it('sends at most 5 test mails of a campaign per user a minute: the 6th is 429 with the seconds left, another user and the next minute may', async () => {
    // Prepare: 20 s into the minute
    const { campaign } = await createCampaign(kit.deps, { caller: { username: 'sales', scope: 'all' }, input });
    kit.time.advance(20_000);
    const send = (username: string) => codeOf(sendCampaignTestMail(kit.deps, { caller: { username, scope: 'all' }, campaignId: campaign.id, expectedVersion: 1 }));

    // Act
    const allowed = [];
    for (let n = 0; n < TEST_SENDS_PER_MINUTE; n += 1) allowed.push(await send('admin'));
    const sixth: unknown = await sendCampaignTestMail(kit.deps, { caller: { username: 'admin', scope: 'all' }, campaignId: campaign.id, expectedVersion: 1 }).catch((error: unknown) => error);
    const otherUser = await send('sales');
    kit.time.advance(40_000);
    const nextMinute = await send('admin');

    // Assess
    expect(allowed).toEqual(Array.from({ length: TEST_SENDS_PER_MINUTE }, () => 'ok'));
    expect(sixth).toMatchObject({ code: ErrorCode.TestSendLimitReached, details: { retryAfterSeconds: 40 } });
    expect([otherUser, nextMinute]).toEqual(['ok', 'ok']);
    expect(kit.mail.sent).toHaveLength(TEST_SENDS_PER_MINUTE + 2);
  });
});
