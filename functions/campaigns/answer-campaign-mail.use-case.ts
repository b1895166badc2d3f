import type { UnsubscribeTarget } from '#shared/campaigns/unsubscribe-token';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { CampaignDependencies } from './campaign.dependencies';
import type { MemberAnswer } from './campaign.ports';

/** A contact's answer to a campaign mail: the one-click unsubscribe, or SES's bounce or complaint event. */
export type MailAnswer = 'unsubscribe' | 'bounce' | 'complaint';

/**
 * What each answer does. Consent only ever moves towards "do not mail": an unsubscribe never turns a bounced or
 * complained contact back into opted-out, a bounce never hides a complaint.
 */
const ANSWERS: Readonly<Record<MailAnswer, Omit<MemberAnswer, 'at'>>> = {
  unsubscribe: { status: 'unsubscribed', keep: ['unsubscribed', 'bounced', 'complained'], consent: 'opted-out', consentSource: 'unsubscribe', keepConsent: ['opted-out', 'bounced', 'complained'] },
  bounce: { status: 'bounced', keep: ['bounced', 'complained'], consent: 'bounced', consentSource: 'bounce', keepConsent: ['bounced', 'complained'] },
  complaint: { status: 'complained', keep: ['complained'], consent: 'complained', consentSource: 'complaint', keepConsent: ['complained'] },
};

/**
 * Record a contact's answer to one campaign mail (the member the signed unsubscribe token, or the mail's SES tags,
 * name).
 *
 * Primary course: ONE transaction after a consistent read of the member and its contact — the member moves to
 * `unsubscribed` / `bounced` / `complained` (conditional on the status read), and the contact's marketing consent to
 * `opted-out` / `bounced` / `complained` with `consentUpdatedAt` and its source (conditional on its version; version +
 * 1). The send phase reads consent afresh for every page (send-campaign-mail.use-case.ts), so an answer recorded
 * before a member's page is read stops every later mail to that contact, in this campaign and the next.
 *
 * Idempotent: an answer already recorded changes nothing (`unchanged`). Alternates: no such member (a token of no
 * member, e.g. a test mail's) → CampaignNotFound (404), nothing written; the member or contact changing meanwhile is
 * read again (then ConcurrentChange, 409).
 */
export const answerCampaignMail = async (
  deps: CampaignDependencies,
  request: { target: UnsubscribeTarget; answer: MailAnswer },
): Promise<'changed' | 'unchanged'> => {
  const outcome = await deps.sends.answer(request.target, { ...ANSWERS[request.answer], at: deps.clock.now().toISOString() });
  if (outcome === 'unknown-member') throw new DomainError(ErrorCode.CampaignNotFound, 'This link names no member of a campaign.');
  return outcome;
};
