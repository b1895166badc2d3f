import type { UnsubscribeTarget } from '#shared/campaigns/unsubscribe-token';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { CampaignDependencies } from './campaign.dependencies';

/** A contact's answer to a campaign mail: the one-click unsubscribe, or SES's delivery, bounce or complaint event. */
export type MailAnswer = 'unsubscribe' | 'delivery' | 'bounce' | 'complaint';

/**
 * Record a contact's answer to one campaign mail (the member the signed unsubscribe token, or the mail's SES tags,
 * name).
 *
 * Primary course: ONE transaction after a consistent read of the member (and, for an unsubscribe, bounce or
 * complaint, its contact and customer) — campaign-tracking.repository.ts:
 * - the member moves FORWARD only (campaign-member.rules.ts: delivered < bounced < … < unsubscribed < complained),
 *   its milestone (`deliveredAt`, `unsubscribedAt` …) stamped once, conditional on the status read;
 * - the campaign's effect counter of that milestone + 1, the first time only;
 * - an unsubscribe / bounce / complaint: the contact's marketing consent `opted-out` / `bounced` / `complained` with
 *   `consentUpdatedAt` and its source, `updatedAt` and its place in the contacts feed, version + 1 (conditional on the
 *   version read), and the contact's audit entry (actor `system:campaign-unsubscribe`, `system:ses-bounce`,
 *   `system:ses-complaint`). Consent only moves towards "do not mail".
 * The send phase reads consent afresh for every page (send-campaign-mail.use-case.ts), so an answer recorded before a
 * member's page is read stops every later mail to that contact, in this campaign and the next.
 *
 * Idempotent: an answer already recorded changes nothing (`unchanged`). Alternates: no such member (a token of no
 * member, e.g. a test mail's) → CampaignNotFound (404), nothing written; the member or contact changing meanwhile is
 * read again (then ConcurrentChange, 409).
 */
export const answerCampaignMail = async (
  deps: CampaignDependencies,
  request: { target: UnsubscribeTarget; answer: MailAnswer },
): Promise<'changed' | 'unchanged'> => {
  const outcome = await deps.tracking.track(request.target, request.answer, deps.clock.now().toISOString());
  if (outcome === 'unknown-member') throw new DomainError(ErrorCode.CampaignNotFound, 'This link names no member of a campaign.');
  return outcome;
};
