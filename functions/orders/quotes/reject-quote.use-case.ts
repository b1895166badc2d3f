import { readQuoteToChange } from './get-quote.use-case';
import type { Caller, QuotesDependencies } from './quote.ports';
import type { Quote, RejectQuoteInput } from './quote.schema';

/**
 * Record that the customer declined a sent quote: sent → rejected (off the expiry index).
 *
 * Primary course: the quote is read (scope, If-Match); the move is allowed from sent; one conditional Put (version
 * and status as read) stores it as rejected with `rejectedAt` and the reason given.
 *
 * Alternates: missing or out of scope → 404; stale If-Match → 412; not sent (a draft, or already accepted, rejected,
 * expired) → InvalidTransition (409). Nothing written on any refusal. A quote past its validity may still be
 * rejected while the job has not expired it: either way it will never become an order.
 */
export const rejectQuote = async (
  deps: QuotesDependencies,
  request: { caller: Caller; quoteId: string; input: RejectQuoteInput; expectedVersion: number },
): Promise<Quote> => {
  const current = await readQuoteToChange(deps, request.caller, request.quoteId, request.expectedVersion, 'rejected');
  const at = deps.clock.now().toISOString();
  const next: Quote = {
    ...current,
    status: 'rejected',
    rejectedAt: at,
    ...(request.input.reason ? { rejectReason: request.input.reason } : {}),
    version: current.version + 1,
    updatedAt: at,
    updatedBy: request.caller.username,
  };
  await deps.quotes.replace(current, next, { expectedVersion: current.version });
  return next;
};
