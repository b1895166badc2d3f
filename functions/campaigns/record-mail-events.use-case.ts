import { logger } from '#shared/core/logger';
import type { CampaignDependencies } from './campaign.dependencies';
import { answerCampaignMail, type MailAnswer } from './answer-campaign-mail.use-case';

/**
 * One SES event as the configuration set publishes it (to SNS in AWS; locally the simulator mailer makes the same):
 * `eventType` Bounce or Complaint, the bounce's type, and the message tags the send put on the mail
 * (send-campaign-mail.use-case.ts: campaignId, customerId, contactId).
 */
export interface SesMailEvent {
  readonly eventType?: string;
  readonly notificationType?: string;
  readonly bounce?: { readonly bounceType?: string };
  readonly mail?: { readonly tags?: Record<string, readonly string[] | undefined> };
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A delivery, a permanent bounce or a complaint of a campaign mail; anything else (a transient bounce, another sender's mail) is not ours to record. */
export const answerOf = (event: SesMailEvent): { answer: MailAnswer; target: { campaignId: string; customerId: string; contactId: string } } | undefined => {
  const type = event.eventType ?? event.notificationType;
  const answer: MailAnswer | undefined =
    type === 'Complaint' ? 'complaint' : type === 'Delivery' ? 'delivery' : type === 'Bounce' && event.bounce?.bounceType === 'Permanent' ? 'bounce' : undefined;
  const tag = (name: string) => event.mail?.tags?.[name]?.[0];
  const target = { campaignId: tag('campaignId') ?? '', customerId: tag('customerId') ?? '', contactId: tag('contactId') ?? '' };
  if (!answer || !Object.values(target).every((id) => ULID.test(id))) return undefined;
  return { answer, target };
};

/**
 * Record SES's delivery, bounce and complaint events of campaign mail (issue 19, parts 3 and 4).
 *
 * Primary course: each event names its member by the mail's tags; a delivery moves the member `sent → delivered`
 * (forward only), a permanent bounce sets the contact's consent `bounced` and the member `bounced`, a complaint
 * `complained` (answer-campaign-mail.use-case.ts: one transaction each with the effect counters, idempotent — SNS
 * delivers at least once). The next send reads that consent and skips the contact.
 *
 * Alternates: a transient bounce, another event type, or a mail without our tags (a reminder, a dunning letter) → skipped;
 * a member no longer there → logged and skipped. A fault is thrown: SNS retries the delivery.
 */
export const recordMailEvents = async (deps: CampaignDependencies, events: readonly SesMailEvent[]): Promise<{ recorded: number; skipped: number }> => {
  let recorded = 0;
  let skipped = 0;
  for (const event of events) {
    const found = answerOf(event);
    if (!found) {
      skipped += 1;
      continue;
    }
    try {
      await answerCampaignMail(deps, found);
      recorded += 1;
    } catch (error) {
      if ((error as { code?: string }).code !== 'CampaignNotFound') throw error;
      logger.warn('campaign mail event of no member', { campaignId: found.target.campaignId, answer: found.answer });
      skipped += 1;
    }
  }
  return { recorded, skipped };
};
