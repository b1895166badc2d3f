import { DomainError, ErrorCode } from '#shared/core/errors';
import { money } from '#functions/orders/order/order.rules';
import { readQuoteToChange } from './get-quote.use-case';
import type { Caller, QuotesDependencies } from './quote.ports';
import { assertReferences, assertValidUntilAhead, expiresAtOf, priceQuote, referencesOf } from './quote.rules';
import type { Quote, UpdateQuoteInput } from './quote.schema';

/**
 * Change a draft quote: its lines (re-priced as a whole, from the products as they are now), validity, terms,
 * references, delivery address; `null` clears an optional field.
 *
 * Primary course: the quote is read (scope, If-Match), must be a draft; new lines are priced like a create's; one
 * conditional Put replaces the quote (version + 1), conditional on the version and the draft status read.
 *
 * Alternates: missing or out of scope → QuoteNotFound (404); stale If-Match → 412; not a draft → InvalidTransition
 * (409); bad lines, a validity date that is over, another customer's opportunity or contact → 400, inactive product → 409. Nothing written on any refusal.
 */
export const updateQuote = async (
  deps: QuotesDependencies,
  request: { caller: Caller; quoteId: string; input: UpdateQuoteInput; expectedVersion: number },
): Promise<Quote> => {
  const { caller, input } = request;
  const current = await readQuoteToChange(deps, caller, request.quoteId, request.expectedVersion);
  if (current.status !== 'draft') {
    throw new DomainError(ErrorCode.InvalidTransition, `Quote ${current.quoteNo} is ${current.status}: only a draft can be changed.`);
  }
  const now = deps.clock.now();
  const next: Record<string, unknown> = { ...current };
  if (input.validUntil !== undefined) {
    assertValidUntilAhead(input.validUntil, now, 'body.validUntil');
    Object.assign(next, { validUntil: input.validUntil, expiresAt: expiresAtOf(input.validUntil) });
  }
  if (input.lines !== undefined) {
    const { products } = await deps.orders.placementContext(current.customerId, input.lines.map((line) => line.productId));
    const priced = priceQuote(caller, input.lines, new Map(products.map((product) => [product.id, product])));
    Object.assign(next, { lines: priced.lines, subtotal: money(priced.subtotal), discountTotal: money(priced.discountTotal), total: money(priced.total) });
  }
  const refs = referencesOf(input);
  if (refs) assertReferences(current.customerId, refs, await deps.quotes.references(current.customerId, refs));
  for (const field of ['terms', 'opportunityId', 'contactId', 'deliveryAddress'] as const) {
    const value = input[field];
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  const updated = { ...next, version: current.version + 1, updatedAt: now.toISOString(), updatedBy: caller.username } as Quote;
  await deps.quotes.replace(current, updated, { expectedVersion: current.version });
  return updated;
};
