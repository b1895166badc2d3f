import { describe, expect, it } from 'vitest';
import { consentMoveOf, MEMBER_STATUS_RANK, memberChangeOf } from '#functions/campaigns/campaign-member.rules';
import type { CampaignMember } from '#functions/campaigns/campaign-launch.schema';

const AT = '2027-03-02T10:00:00.000Z';
const member = (extra: Partial<CampaignMember> = {}): CampaignMember => ({
  campaignId: '01JCAMPA1GN000000000000000', contactId: '01JC0NTACT0000000000000000', contactName: 'Wang', isPrimary: true,
  customerId: '01JCVSTQMER000000000000000', customerName: 'ACME', ownerId: 'am1', status: 'sent', addedAt: '2027-03-01T00:00:00.000Z',
  sentAt: '2027-03-01T00:00:01.000Z', ...extra,
});

describe('campaign member: status moves forward only, each milestone counted once', () => {
  it('orders the statuses targeted < sent < delivered < bounced < clicked < responded < unsubscribed < complained < converted', () => {
    // Act
    const order = ['targeted', 'sent', 'delivered', 'bounced', 'clicked', 'responded', 'unsubscribed', 'complained', 'converted'] as const;

    // Assess
    expect(order.map((status) => MEMBER_STATUS_RANK[status])).toEqual([...order.keys()]);
  });

  it('moves sent → delivered and counts the delivery once; a second delivery (SNS redelivers) changes nothing', () => {
    // Act
    const first = memberChangeOf(member(), 'delivery', AT);
    const again = memberChangeOf(member({ status: 'delivered', deliveredAt: AT }), 'delivery', AT);

    // Assess
    expect(first).toEqual({ set: { status: 'delivered', statusChangedAt: AT, deliveredAt: AT }, add: {}, firstOf: 'deliveredAt', statusRead: 'sent', counts: { delivered: 1 } });
    expect(again).toBeUndefined();
  });

  it('a bounce after a click keeps the member clicked but records the bounce (milestone and count)', () => {
    // Act
    const change = memberChangeOf(member({ status: 'clicked', clickedAt: AT, clicks: 1 }), 'bounce', AT);

    // Assess
    expect(change).toEqual({ set: { bouncedAt: AT }, add: {}, firstOf: 'bouncedAt', statusRead: 'clicked', counts: { bounced: 1 } });
  });

  it('counts the first click as a clicked member and every click in clicks', () => {
    // Act
    const first = memberChangeOf(member({ status: 'delivered', deliveredAt: AT }), 'click', AT);
    const second = memberChangeOf(member({ status: 'clicked', clickedAt: AT, clicks: 1 }), 'click', AT);
    const afterUnsubscribe = memberChangeOf(member({ status: 'unsubscribed', unsubscribedAt: AT }), 'click', AT);

    // Assess
    expect(first).toMatchObject({ set: { status: 'clicked', clickedAt: AT }, add: { clicks: 1 }, counts: { clicked: 1, clicks: 1 } });
    expect(second).toEqual({ set: {}, add: { clicks: 1 }, firstOf: undefined, statusRead: 'clicked', counts: { clicks: 1 } });
    expect(afterUnsubscribe).toMatchObject({ set: { clickedAt: AT }, counts: { clicked: 1, clicks: 1 } });
    expect(afterUnsubscribe!.set).not.toHaveProperty('status');
  });

  it('treats a member unsubscribed before milestones existed as having its milestone (no second count)', () => {
    // Act
    const change = memberChangeOf(member({ status: 'unsubscribed' }), 'unsubscribe', AT);

    // Assess
    expect(change).toBeUndefined();
  });

  it('moves consent only towards "do not mail"', () => {
    // Act + Assess
    expect(consentMoveOf('unsubscribe', undefined)).toMatchObject({ consent: 'opted-out', source: 'unsubscribe', actor: 'system:campaign-unsubscribe' });
    expect(consentMoveOf('unsubscribe', 'complained')).toBeUndefined();
    expect(consentMoveOf('bounce', 'opted-out')).toMatchObject({ consent: 'bounced', actor: 'system:ses-bounce' });
    expect(consentMoveOf('complaint', 'bounced')).toMatchObject({ consent: 'complained' });
    expect(consentMoveOf('click', 'opted-in')).toBeUndefined();
    expect(consentMoveOf('delivery', undefined)).toBeUndefined();
  });
});
