import * as z from 'zod';
import { DEFAULT_MAX_MAILS_PER_SECOND } from '#shared/mail/rate-limited-mailer';

/**
 * The mail settings of the campaigns function, parsed on the first mail (a test send or a launch's send phase), not
 * at cold start: the campaign routes that send nothing never need them. The sender identity and configuration set are
 * lib/constructs/mail.ts's; CAMPAIGN_MAX_MAILS_PER_SECOND the account's send rate (app config `mailMaxPerSecond`);
 * PUBLIC_API_URL the base of the unsubscribe links (the HTTP API's URL; locally the gateway's).
 */
const schema = z.object({
  AWS_REGION: z.string().min(1),
  SES_ENDPOINT: z.url().optional(),
  MAIL_FROM: z.email(),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  CAMPAIGN_MAX_MAILS_PER_SECOND: z.coerce.number().positive().max(1_000).default(DEFAULT_MAX_MAILS_PER_SECOND),
  PUBLIC_API_URL: z.url().default('http://127.0.0.1:3000'),
  /** The mailbox a List-Unsubscribe `mailto:` names (default: the sender's); read by a person, the link does the work. */
  UNSUBSCRIBE_MAILTO: z.email().optional(),
});

export type CampaignMailConfig = z.infer<typeof schema>;

let parsed: CampaignMailConfig | undefined;
export const loadCampaignMailConfig = (): CampaignMailConfig => (parsed ??= schema.parse(process.env));

/** Tests that point PUBLIC_API_URL at their own gateway call this after setting it. */
export const resetCampaignMailConfigForTests = (): void => {
  parsed = undefined;
};
