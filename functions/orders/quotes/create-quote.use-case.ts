import { DomainError, ErrorCode } from '#shared/core/errors';
import { claimOf, customerNotFound, customerVisibleTo, money, replayOnRefusal, type IdempotencyRequest } from '#functions/orders/order/order.rules';
import type { Caller, CreateOutcome, QuotesDependencies } from './quote.ports';
import { assertReferences, assertValidUntilAhead, expiresAtOf, generateQuoteNo, priceQuote, referencesOf } from './quote.rules';
import type { CreateQuoteInput, Quote } from './quote.schema';

const GENERATED_NUMBER_ATTEMPTS = 3;

/**
 * Draw up a quote for a customer (a draft).
 *
 * Primary course:
 * 1. One read fetches the customer and every product named (consistent BatchGetItem, the order placement's read).
 * 2. The customer must be in the caller's scope; the validity date must not be over (China time); an opportunity
 *    or contact named must be the customer's (one more read, only when named); each line is priced from its product (a manager may quote another unit price) less its percent discount, to the fen.
 * 3. ONE transaction writes the quote (status draft), its number sentinel, its audit entry and the idempotency record.
 *
 * Alternates: customer missing, archived or not the account manager's → CustomerNotFound (404); unknown product,
 * unit price by an account manager, validUntil over, another customer's opportunity or contact → 400; inactive product → 409; a generated number in use → a
 * new number. Same Idempotency-Key and request → the first answer. Nothing is written on any refusal.
 */
export const createQuote = async (
  deps: QuotesDependencies,
  request: { caller: Caller; customerId: string; input: CreateQuoteInput; idempotency?: IdempotencyRequest },
): Promise<CreateOutcome<Quote>> => {
  const { caller, customerId, input } = request;
  const now = deps.clock.now();
  const at = now.toISOString();
  const claim = claimOf(request.idempotency, now);
  const quoteId = deps.ids.next();
  return replayOnRefusal(deps.idempotency, claim, now, async () => {
    const { customer, products } = await deps.orders.placementContext(customerId, input.lines.map((line) => line.productId));
    if (!customerVisibleTo(caller, customer)) throw customerNotFound(customerId);
    assertValidUntilAhead(input.validUntil, now, 'body.validUntil');
    const refs = referencesOf(input);
    if (refs) assertReferences(customerId, refs, await deps.quotes.references(customerId, refs));
    const priced = priceQuote(caller, input.lines, new Map(products.map((product) => [product.id, product])));
    for (let attempt = 1; ; attempt += 1) {
      const quote: Quote = {
        id: quoteId,
        quoteNo: generateQuoteNo(now, deps.ids.next()),
        customerId,
        customerName: customer.name,
        status: 'draft',
        currency: input.currency,
        lines: priced.lines,
        subtotal: money(priced.subtotal),
        discountTotal: money(priced.discountTotal),
        total: money(priced.total),
        validUntil: input.validUntil,
        expiresAt: expiresAtOf(input.validUntil),
        ...(input.terms ? { terms: input.terms } : {}),
        ...(input.opportunityId ? { opportunityId: input.opportunityId } : {}),
        ...(input.contactId ? { contactId: input.contactId } : {}),
        ...(input.deliveryAddress ? { deliveryAddress: input.deliveryAddress } : {}),
        version: 1,
        createdAt: at,
        createdBy: caller.username,
        updatedAt: at,
        updatedBy: caller.username,
      };
      try {
        return await deps.quotes.create(quote, claim);
      } catch (error) {
        const taken = error instanceof DomainError && error.code === ErrorCode.QuoteNoTaken;
        if (!taken || attempt >= GENERATED_NUMBER_ATTEMPTS) throw error;
      }
    }
  });
};
