import { clickTokens } from '#shared/campaigns/click-token';
import { unsubscribeTokens } from '#shared/campaigns/unsubscribe-token';
import { loadConfig } from '#shared/core/config';
import type { Mailer } from '#shared/mail/mailer';
import { rateLimitedMailer } from '#shared/mail/rate-limited-mailer';
import { sesMailer } from '#shared/mail/ses-mailer';
import { loadCampaignMailConfig } from './campaign-mail.config';
import type { CampaignMailKit } from './campaign.ports';
import type { SesMailEvent } from './record-mail-events.use-case';

/**
 * SES's mailbox simulator (https://docs.aws.amazon.com/ses/latest/dg/send-an-email-from-console.html): in AWS a mail to
 * these addresses comes back as a delivery, bounce or complaint event through the configuration set's SNS topic. aws-ses-v2-local
 * keeps every mail, so locally (SES_ENDPOINT set) the mailer makes that same event itself after the send and hands it
 * to the same recording as the SNS handler (record-mail-events.use-case.ts).
 */
const SIMULATED: Readonly<Record<string, readonly SesMailEvent[]>> = {
  'success@simulator.amazonses.com': [{ eventType: 'Delivery' }],
  'bounce@simulator.amazonses.com': [{ eventType: 'Bounce', bounce: { bounceType: 'Permanent' } }],
  'complaint@simulator.amazonses.com': [{ eventType: 'Delivery' }, { eventType: 'Complaint' }],
};

export type MailEventSink = (events: readonly SesMailEvent[]) => Promise<unknown>;

const simulatorEvents = (inner: Mailer, sink: MailEventSink): Mailer => ({
  async send(mail) {
    const outcome = await inner.send(mail);
    const simulated = SIMULATED[mail.to.toLowerCase()];
    if (outcome.kind === 'sent' && simulated) {
      const tags = Object.fromEntries((mail.tags ?? []).map((tag) => [tag.name, [tag.value]]));
      await sink(simulated.map((event) => ({ ...event, mail: { tags } })));
    }
    return outcome;
  },
});

/**
 * The campaign mail's kit, built once per container on its first mail: SES v2 (locally aws-ses-v2-local) with the
 * sender identity and configuration set of lib/constructs/mail.ts, behind the token bucket at the configured rate
 * (shared/mail/rate-limited-mailer.ts: never more than CAMPAIGN_MAX_MAILS_PER_SECOND in any second), and the members'
 * unsubscribe links signed with the function's secret. Locally, the mailbox simulator's events (above).
 */
export const campaignMailKit = (events: MailEventSink): CampaignMailKit => {
  const config = loadCampaignMailConfig();
  const tokens = unsubscribeTokens(loadConfig().CURSOR_SIGNING_KEY);
  const clicks = clickTokens(loadConfig().CURSOR_SIGNING_KEY);
  const base = config.PUBLIC_API_URL.replace(/\/+$/, '');
  const perSecond = config.CAMPAIGN_MAX_MAILS_PER_SECOND;
  const ses = sesMailer({ region: config.AWS_REGION, endpoint: config.SES_ENDPOINT, from: config.MAIL_FROM, configurationSet: config.SES_CONFIGURATION_SET });
  const paced = rateLimitedMailer(ses, { perSecond });
  return {
    mailer: config.SES_ENDPOINT ? simulatorEvents(paced, events) : paced,
    perSecond,
    unsubscribeUrl: (target) => `${base}/u/${tokens.sign(target)}`,
    clickUrl: (target) => `${base}/c/${clicks.sign(target)}`,
    unsubscribeMailto: config.UNSUBSCRIBE_MAILTO ?? config.MAIL_FROM,
  };
};
