import type { ClickTarget } from '#shared/campaigns/click-token';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { CampaignDependencies } from './campaign.dependencies';
import { trackedLinksOf } from './campaign-mail.template';

/**
 * Follow a tracked link of a campaign mail (issue 19, part 4; the public `GET /c/{token}`, no login).
 *
 * Primary course: the signed token (checked by the handler) names the campaign, the member and the link's INDEX; the
 * target URL is looked up in the campaign's stored HTML template (trackedLinksOf — the same list the send rewrote;
 * the template cannot change after the launch), so the route only ever leads where a campaign manager's template
 * pointed: no open redirect. The click is recorded on the member (campaign-tracking.repository.ts, one transaction):
 * the first click stamps `clickedAt`, moves the member forward to `clicked` (never back: campaign-member.rules.ts)
 * and adds one to the campaign's `clicked`; every click adds to the member's and the campaign's `clicks`.
 * Answers the URL to redirect to (302).
 *
 * Alternates: no such campaign, no template, or no link of that index → CampaignNotFound (404); the campaign has no
 * such member (a test mail's links are not rewritten, so this is a forged or stale token) → 404, nothing written.
 */
export const followCampaignLink = async (deps: CampaignDependencies, target: ClickTarget): Promise<string> => {
  const campaign = await deps.campaigns.get(target.campaignId);
  const url = campaign?.email ? trackedLinksOf(campaign.email.html)[target.link] : undefined;
  if (url === undefined) throw new DomainError(ErrorCode.CampaignNotFound, 'This link names no link of a campaign mail.');
  const member = { campaignId: target.campaignId, customerId: target.customerId, contactId: target.contactId };
  const outcome = await deps.tracking.track(member, 'click', deps.clock.now().toISOString());
  if (outcome === 'unknown-member') throw new DomainError(ErrorCode.CampaignNotFound, 'This link names no member of a campaign.');
  return url;
};
