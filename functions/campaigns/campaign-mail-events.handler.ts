import { logger } from '#shared/core/logger';
import { campaignDependencies } from './campaign.container';
import { recordMailEvents, type SesMailEvent } from './record-mail-events.use-case';

/** The SNS notification Lambda receives from the mail configuration set's event destination (lib/constructs/mail.ts). */
export interface SnsMailEvents {
  readonly Records: readonly { readonly EventSource?: string; readonly Sns?: { readonly Message?: string } }[];
}

/**
 * SES's bounce and complaint events of campaign mail, delivered by SNS to the campaigns function (index.ts hands it
 * an event with SNS `Records`): each message parsed (a message that is not JSON is skipped), then recorded. Logs carry
 * counts only, never an address.
 */
export const handler = async (event: SnsMailEvents): Promise<{ recorded: number; skipped: number }> => {
  const events: SesMailEvent[] = [];
  for (const record of event.Records) {
    try {
      events.push(JSON.parse(record.Sns?.Message ?? '') as SesMailEvent);
    } catch {
      logger.warn('mail event that is not JSON skipped');
    }
  }
  const outcome = await recordMailEvents(campaignDependencies(), events);
  logger.info('campaign mail events', outcome);
  return outcome;
};
