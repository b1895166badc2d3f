import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clickTokens } from '#shared/campaigns/click-token';
import { unsubscribeTokens } from '#shared/campaigns/unsubscribe-token';

const member = { campaignId: '01JCAMPA1GN000000000000000', customerId: '01JCVSTQMER000000000000000', contactId: '01JC0NTACT0000000000000000' };

describe('campaign click token: HMAC-signed, naming a member and a link index (never a URL)', () => {
  const tokens = clickTokens('k'.repeat(32));

  it('verifies its own token and refuses every changed character, another link, another key and an unsubscribe token', () => {
    // Act
    const token = tokens.sign({ ...member, link: 7 });
    const changed = [...token].map((character, at) => `${token.slice(0, at)}${character === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`);
    const otherLink = token.replace('.7.', '.8.');

    // Assess
    expect(tokens.verify(token)).toEqual({ ...member, link: 7 });
    expect(changed.filter((bad) => tokens.verify(bad) !== undefined)).toEqual([]);
    expect(tokens.verify(otherLink)).toBeUndefined();
    expect(clickTokens('x'.repeat(32)).verify(token)).toBeUndefined();
    // Same secret, another label: an unsubscribe token is no click token (even with a link index spliced in).
    const unsubscribe = unsubscribeTokens('k'.repeat(32)).sign(member);
    const [ids, mac] = [unsubscribe.slice(0, unsubscribe.lastIndexOf('.')), unsubscribe.slice(unsubscribe.lastIndexOf('.') + 1)];
    expect(tokens.verify(`${ids}.0.${mac}`)).toBeUndefined();
    expect(tokens.verify(`${token}.`)).toBeUndefined();
    expect(tokens.verify(token.replace('.7.', '.07.'))).toBeUndefined();
  });

  it('never throws and never accepts arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        expect(tokens.verify(text)).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });
});
