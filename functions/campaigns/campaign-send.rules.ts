import { isMailableAddress } from '#shared/notifications/notification';
import type { SkipReason } from './campaign-launch.schema';

/**
 * Consent is law (issue 19, part 3): whether a member's contact, as read at send time, may get the campaign's mail.
 * Never an opted-out, bounced or complained contact, nor one without a usable address or deleted since the launch;
 * `opted-in` and `unknown` (no answer recorded: business contacts mailed on legitimate interest, each mail with its
 * one-click unsubscribe) are sent to. No AWS import here.
 */
export interface SendContact {
  readonly id: string;
  readonly name: string;
  readonly email?: string | undefined;
  readonly salutation?: string | undefined;
  readonly position?: string | undefined;
  readonly department?: string | undefined;
  readonly marketingConsent?: string | undefined;
}

export type SendVerdict = { kind: 'send'; to: string } | { kind: 'skip'; reason: SkipReason };

const REFUSED: Readonly<Record<string, SkipReason>> = { 'opted-out': 'opted-out', bounced: 'bounced', complained: 'complained' };

export const sendVerdict = (contact: SendContact | undefined): SendVerdict => {
  if (!contact) return { kind: 'skip', reason: 'contact-gone' };
  const refused = REFUSED[contact.marketingConsent ?? 'unknown'];
  if (refused) return { kind: 'skip', reason: refused };
  if (!isMailableAddress(contact.email)) return { kind: 'skip', reason: 'no-email' };
  return { kind: 'send', to: contact.email };
};

/** The headers of one-click unsubscribe (RFC 2369 and RFC 8058): the member's signed link first, then a mailbox. */
export const listUnsubscribeHeaders = (url: string, mailto: string): { name: string; value: string }[] => [
  { name: 'List-Unsubscribe', value: `<${url}>, <mailto:${mailto}?subject=unsubscribe>` },
  { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
];
