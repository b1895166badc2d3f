import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The unsubscribe token of one campaign mail (issue 19, part 3): `<campaignId>.<customerId>.<contactId>.<mac>`, the
 * mac an HMAC-SHA256 (base64url) of the three ids under a key derived from the function's signing secret
 * (CURSOR_SIGNING_KEY, a Secrets Manager secret in AWS: lib/constructs/crm-function.ts) with its own label, so a list
 * cursor's mac is never a valid token nor the reverse. A token names one member; it never expires (a mail read a
 * year later still unsubscribes). Tampering with any id or the mac → not a token (the route answers 400).
 */
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const MAC = /^[A-Za-z0-9_-]{43}$/;

export interface UnsubscribeTarget {
  readonly campaignId: string;
  readonly customerId: string;
  readonly contactId: string;
}

export interface UnsubscribeTokens {
  sign(target: UnsubscribeTarget): string;
  /** The member a token names, or undefined when it is not one of ours (malformed, or its mac does not match). */
  verify(token: string): UnsubscribeTarget | undefined;
}

export const unsubscribeTokens = (signingSecret: string): UnsubscribeTokens => {
  const key = createHmac('sha256', signingSecret).update('crm.campaign-unsubscribe.v1').digest();
  const macOf = (ids: string): Buffer => createHmac('sha256', key).update(ids).digest();
  return {
    sign: ({ campaignId, customerId, contactId }) => {
      const ids = `${campaignId}.${customerId}.${contactId}`;
      return `${ids}.${macOf(ids).toString('base64url')}`;
    },
    verify: (token) => {
      if (token.length > 200) return undefined;
      const parts = token.split('.');
      if (parts.length !== 4) return undefined;
      const [campaignId, customerId, contactId, mac] = parts as [string, string, string, string];
      if (![campaignId, customerId, contactId].every((id) => ULID.test(id)) || !MAC.test(mac)) return undefined;
      // Compared as the canonical text: base64url's last character has spare bits, so two spellings decode alike.
      const expected = Buffer.from(macOf(`${campaignId}.${customerId}.${contactId}`).toString('base64url'));
      const given = Buffer.from(mac);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      return { campaignId, customerId, contactId };
    },
  };
};
