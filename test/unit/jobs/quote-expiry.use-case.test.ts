import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expireQuotes, QUOTE_EXPIRY_ACTOR } from '#functions/jobs/quote-expiry.use-case';
import { createQuote } from '#functions/orders/quotes/create-quote.use-case';
import { sendQuote } from '#functions/orders/quotes/send-quote.use-case';
import { acceptQuote } from '#functions/orders/quotes/accept-quote.use-case';
import { callers, PINNED_NOW, quotesTestKit } from '#test/fakes/quotes-test-kit';

describe('expireQuotes (the daily quote expiry)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(PINNED_NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('expires the sent quotes whose validity is over, and leaves drafts, later and accepted quotes alone', async () => {
    // Prepare: PINNED_NOW is 2026-11-22 16:00 in China.
    const kit = quotesTestKit();
    const product = kit.addProduct({ stockOnHand: 10 });
    const customerId = kit.addCustomer('am1');
    const make = async (validUntil: string, send: boolean) => {
      const quote = (await createQuote(kit.deps, { caller: callers.am1, customerId, input: { lines: [{ productId: product.id, quantity: 1 }], validUntil, currency: 'CNY' } })).value;
      return send ? sendQuote(kit.deps, { caller: callers.am1, quoteId: quote.id, expectedVersion: 1 }) : quote;
    };
    const due = await make('2026-11-23', true);
    const later = await make('2026-11-24', true);
    const draft = await make('2026-11-23', false);
    const accepted = await make('2026-11-23', true);
    await acceptQuote(kit.deps, { caller: callers.am1, quoteId: accepted.id, input: {}, expectedVersion: 2 });

    // Act: the morning after the 23rd (China time).
    vi.setSystemTime(new Date('2026-11-23T16:00:00.000Z'));
    const run = await expireQuotes(kit.deps);

    // Assess
    expect(run).toMatchObject({ due: 1, expired: 1, skipped: 0, queries: 1 });
    expect(kit.quoteStore.quotes.get(due.id)).toMatchObject({ status: 'expired', expiredAt: '2026-11-23T16:00:00.000Z', version: 3, updatedBy: QUOTE_EXPIRY_ACTOR });
    expect(kit.quoteStore.quotes.get(later.id)?.status).toBe('sent');
    expect(kit.quoteStore.quotes.get(draft.id)?.status).toBe('draft');
    expect(kit.quoteStore.quotes.get(accepted.id)?.status).toBe('accepted');
    expect((await expireQuotes(kit.deps)).expired).toBe(0);
  });

  it('counts a quote accepted between its Query and its write as skipped, not expired', async () => {
    const kit = quotesTestKit();
    const product = kit.addProduct({ stockOnHand: 10 });
    const customerId = kit.addCustomer('am1');
    const quote = (await createQuote(kit.deps, { caller: callers.am1, customerId, input: { lines: [{ productId: product.id, quantity: 1 }], validUntil: '2026-11-23', currency: 'CNY' } })).value;
    await sendQuote(kit.deps, { caller: callers.am1, quoteId: quote.id, expectedVersion: 1 });
    vi.setSystemTime(new Date('2026-11-24T00:00:00.000Z'));
    const listDue = kit.deps.quotes.listDue;
    const moved = { ...kit.deps.quotes, listDue: async (...args: Parameters<typeof listDue>) => {
      const page = await listDue(...args);
      kit.quoteStore.quotes.set(quote.id, { ...kit.quoteStore.quotes.get(quote.id)!, status: 'rejected', version: 3 });
      return page;
    } };

    const run = await expireQuotes({ ...kit.deps, quotes: moved });

    expect(run).toMatchObject({ due: 1, expired: 0, skipped: 1 });
    expect(kit.quoteStore.quotes.get(quote.id)?.status).toBe('rejected');
  });
});
