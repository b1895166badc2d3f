import { readQuoteToChange } from './get-quote.use-case';
import type { Caller, QuotesDependencies } from './quote.ports';
import { isExpired, quoteExpired } from './quote.rules';
import type { Quote } from './quote.schema';

/**
 * Send a draft quote to the customer: draft → sent. From then on it is on the expiry index (gsi2) until it is
 * accepted, rejected or expired, and it can no longer be changed.
 *
 * Primary course: the quote is read (scope, If-Match); the move is allowed from draft; the validity is not over; one
 * conditional Put (version and status as read) stores it as sent with `sentAt`.
 *
 * Alternates: missing or out of scope → 404; stale If-Match → 412; not a draft → InvalidTransition (409); its
 * validity is over → QuoteExpired (409: change validUntil first). Nothing written on any refusal.
 */
export const sendQuote = async (deps: QuotesDependencies, request: { caller: Caller; quoteId: string; expectedVersion: number }): Promise<Quote> => {
  const current = await readQuoteToChange(deps, request.caller, request.quoteId, request.expectedVersion, 'sent');
  const now = deps.clock.now();
  if (isExpired(current, now)) throw quoteExpired(current);
  const at = now.toISOString();
  const next: Quote = { ...current, status: 'sent', sentAt: at, version: current.version + 1, updatedAt: at, updatedBy: request.caller.username };
  await deps.quotes.replace(current, next, { expectedVersion: current.version });
  return next;
};
