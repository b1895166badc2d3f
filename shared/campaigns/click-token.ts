import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The click token of one tracked link in one member's campaign mail (issue 19, part 4):
 * `<campaignId>.<customerId>.<contactId>.<link>.<mac>`, `link` the index (0-based, decimal, < 1000) of the link among
 * the tracked links of the campaign's HTML template (functions/campaigns/campaign-mail.template.ts, `trackedLinksOf`),
 * the mac an HMAC-SHA256 (base64url) of the four parts under a key derived from the function's signing secret
 * (CURSOR_SIGNING_KEY) with its OWN label — neither an unsubscribe token nor a list cursor is a click token.
 *
 * The token never holds the URL: the click route looks the target up in the campaign's stored template, so a link
 * can only lead where a campaign manager's template pointed (no open redirect). Tampering with any part → not a
 * token (the route answers 400). It never expires.
 */
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const LINK = /^(0|[1-9][0-9]{0,2})$/;
const MAC = /^[A-Za-z0-9_-]{43}$/;

export interface ClickTarget {
  readonly campaignId: string;
  readonly customerId: string;
  readonly contactId: string;
  /** The link's index among the template's tracked links. */
  readonly link: number;
}

export interface ClickTokens {
  sign(target: ClickTarget): string;
  /** The member and link a token names, or undefined when it is not one of ours (malformed, or its mac does not match). */
  verify(token: string): ClickTarget | undefined;
}

export const clickTokens = (signingSecret: string): ClickTokens => {
  const key = createHmac('sha256', signingSecret).update('crm.campaign-click.v1').digest();
  const macOf = (payload: string): string => createHmac('sha256', key).update(payload).digest('base64url');
  return {
    sign: ({ campaignId, customerId, contactId, link }) => {
      const payload = `${campaignId}.${customerId}.${contactId}.${link}`;
      return `${payload}.${macOf(payload)}`;
    },
    verify: (token) => {
      if (token.length > 200) return undefined;
      const parts = token.split('.');
      if (parts.length !== 5) return undefined;
      const [campaignId, customerId, contactId, link, mac] = parts as [string, string, string, string, string];
      if (![campaignId, customerId, contactId].every((id) => ULID.test(id)) || !LINK.test(link) || !MAC.test(mac)) return undefined;
      // Compared as the canonical text: base64url's last character has spare bits, so two spellings decode alike.
      const expected = Buffer.from(macOf(`${campaignId}.${customerId}.${contactId}.${link}`));
      const given = Buffer.from(mac);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      return { campaignId, customerId, contactId, link: Number(link) };
    },
  };
};
