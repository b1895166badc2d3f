import { DomainError, ErrorCode } from '#shared/core/errors';
import { customerVisibleTo } from '#functions/orders/order/order.rules';
import type { Caller, QuotesDependencies } from './quote.ports';
import { assertMove, quoteNotFound } from './quote.rules';
import type { Quote, QuoteStatus } from './quote.schema';

/**
 * The quote if the caller may see it: anyone with `all` scope; an account manager only when the quote's customer
 * is (still) theirs and not archived — ownership is the customer's, read now, so a transfer moves its quotes with it.
 * Otherwise → QuoteNotFound (404), like a missing quote.
 */
export const readVisibleQuote = async (deps: QuotesDependencies, caller: Caller, quoteId: string): Promise<Quote> => {
  const quote = await deps.quotes.get(quoteId);
  if (!quote) throw quoteNotFound(quoteId);
  if (caller.scope === 'own' && !customerVisibleTo(caller, await deps.orders.customer(quote.customerId))) throw quoteNotFound(quoteId);
  return quote;
};

/**
 * Read one quote with its lines (as JSON, or rendered as a PDF by the handler).
 *
 * Primary course: one consistent GetItem of the quote (plus, for an account manager, a read of the customer for
 * scope). Alternate: missing or out of scope → QuoteNotFound (404).
 */
export const getQuote = async (deps: QuotesDependencies, request: { caller: Caller; quoteId: string }): Promise<Quote> =>
  readVisibleQuote(deps, request.caller, request.quoteId);

/**
 * The quote a change applies to: missing or out of scope → 404; the move refused by its status → InvalidTransition
 * (409); If-Match stale → VersionConflict (412). The status is checked first because RFC 9110 §13.2.1 has a server
 * ignore preconditions when the request would fail without them: a request that lost a race to accept answers
 * "accepted already" (409) whether it read before or after the winner committed.
 */
export const readQuoteToChange = async (
  deps: QuotesDependencies,
  caller: Caller,
  quoteId: string,
  expectedVersion: number,
  move?: QuoteStatus,
): Promise<Quote> => {
  const quote = await readVisibleQuote(deps, caller, quoteId);
  if (move) assertMove(quote, move);
  if (quote.version !== expectedVersion) {
    throw new DomainError(ErrorCode.VersionConflict, `Quote ${quote.quoteNo} has changed since you read it (now version ${quote.version}); read it again.`);
  }
  return quote;
};
