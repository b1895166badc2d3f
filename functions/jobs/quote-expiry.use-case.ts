import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Clock } from '#shared/core/clock';
import type { PageKey, QuoteRepository } from '#functions/orders/quotes/quote.ports';
import type { Quote } from '#functions/orders/quotes/quote.schema';

export interface QuoteExpiryDependencies {
  readonly quotes: Pick<QuoteRepository, 'listDue' | 'replace'>;
  readonly clock: Clock;
}

export interface QuoteExpiryRun {
  readonly until: string;
  /** Sent quotes found past their validity. */
  readonly due: number;
  readonly expired: number;
  /** Accepted, rejected or changed between the Query and the write (no longer the job's). */
  readonly skipped: number;
  readonly queries: number;
}

export const QUOTE_EXPIRY_ACTOR = 'system:quote-expiry';
const PAGE_SIZE = 100;

/**
 * The daily quote expiry: every sent quote whose validity is over becomes expired.
 *
 * Primary course: Query the sent-quotes-by-expiry index (gsi2 `QUOTE#SENT`, sort key ≤ now) a page at a time — the
 * cost follows the quotes due, never the quotes kept — and write each as expired (off the index), conditional on it
 * still being sent at the version read, with its audit entry.
 *
 * Alternates: a quote accepted, rejected or changed in between refuses the write: counted as skipped, left as it is.
 * Re-running is harmless (expired quotes are no longer on the index).
 */
export const expireQuotes = async (deps: QuoteExpiryDependencies, options: { maxPerRun?: number } = {}): Promise<QuoteExpiryRun> => {
  const until = deps.clock.now().toISOString();
  const max = options.maxPerRun ?? Number.POSITIVE_INFINITY;
  let due = 0;
  let expired = 0;
  let skipped = 0;
  let queries = 0;
  let startKey: PageKey | undefined;
  do {
    const page = await deps.quotes.listDue(until, { limit: PAGE_SIZE, ...(startKey ? { startKey } : {}) });
    queries += 1;
    for (const quote of page.items) {
      if (due >= max) break;
      due += 1;
      const next: Quote = { ...quote, status: 'expired', expiredAt: until, version: quote.version + 1, updatedAt: until, updatedBy: QUOTE_EXPIRY_ACTOR };
      try {
        await deps.quotes.replace(quote, next, { expectedVersion: quote.version });
        expired += 1;
      } catch (error) {
        const moved = error instanceof DomainError && [ErrorCode.InvalidTransition, ErrorCode.VersionConflict, ErrorCode.QuoteNotFound].includes(error.code as never);
        if (!moved) throw error;
        skipped += 1;
      }
    }
    startKey = page.lastKey;
  } while (startKey && due < max);
  return { until, due, expired, skipped, queries };
};
