import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unsubscribeTokens } from '#shared/campaigns/unsubscribe-token';

const target = { campaignId: '01JCAMPA1GN000000000000000', customerId: '01JCVSTQMER000000000000000', contactId: '01JC0NTACT0000000000000000' };

describe('campaign unsubscribe token: HMAC-signed, naming one member', () => {
  const tokens = unsubscribeTokens('k'.repeat(32));

  it('verifies its own token and refuses every changed character, another key, and non-canonical spellings', () => {
    // Act
    const token = tokens.sign(target);
    const changed = [...token].map((character, at) => `${token.slice(0, at)}${character === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`);

    // Assess
    expect(tokens.verify(token)).toEqual(target);
    expect(changed.filter((bad) => tokens.verify(bad) !== undefined)).toEqual([]);
    expect(unsubscribeTokens('x'.repeat(32)).verify(token)).toBeUndefined();
    expect(tokens.verify(`${token}.`)).toBeUndefined();
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
