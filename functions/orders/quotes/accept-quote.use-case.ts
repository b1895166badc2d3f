import { createdValues } from '#shared/custom-fields/custom-values';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { DEFAULT_PAYMENT_TERMS_DAYS, dueAtOf } from '#shared/dunning/dunning';
import {
  busy,
  customerNotFound,
  customerVisibleTo,
  generateOrderNo,
  insufficientStock,
  money,
  ownerScopeOf,
  paymentStatusOf,
  pauseBeforeRetry,
  STALE_READ_ATTEMPTS,
} from '#functions/orders/order/order.rules';
import type { Order, OrderDetail } from '#functions/orders/order/order.schema';
import { readQuoteToChange } from './get-quote.use-case';
import type { Caller, QuotesDependencies } from './quote.ports';
import { isExpired, quoteExpired, stockMovesOf } from './quote.rules';
import type { AcceptQuoteInput, Quote } from './quote.schema';

const GENERATED_NUMBER_ATTEMPTS = 3;

/**
 * The customer accepted a sent quote: it becomes an order, exactly as `POST /v1/customers/{id}/orders` places one.
 *
 * Primary course:
 * 1. The quote is read (scope, If-Match); it must be sent and within its validity.
 * 2. The placement's read: the customer and the quote's products (consistent BatchGetItem); every product active and
 *    its stock covering the quote's quantities.
 * 3. The order: the quote's lines at the quoted prices and discounts, its totals; delivery to the address given, else
 *    the quote's, else the customer's; the customer's payment terms (or 30 days) from today; the order's custom-field
 *    values given with the acceptance (required order fields are required here as on a direct order).
 * 4. ONE transaction: every part of an order placement (order, summary, number, stock, customer figures, order-value
 *    aggregate, receivables, churn watch, recent orders, dunning items, audit — order-placement.repository.ts) and the
 *    quote as accepted with the order's id, conditional on being sent, at the version read and not expired.
 *
 * Alternates: missing or out of scope → QuoteNotFound (404); stale If-Match → 412; not sent (a draft, or accepted
 * already — also by a racing request) → InvalidTransition (409); past its validity → QuoteExpired (409); an inactive
 * product → 409; not enough stock → InsufficientStock (409) naming the product; no delivery address anywhere → 400.
 * A product or the customer changed between the read and the transaction → read again (then 503). Nothing is written
 * on any refusal.
 */
export const acceptQuote = async (
  deps: QuotesDependencies,
  request: { caller: Caller; quoteId: string; input: AcceptQuoteInput; expectedVersion: number },
): Promise<{ quote: Quote; order: OrderDetail }> => {
  const { caller, input } = request;
  const current = await readQuoteToChange(deps, caller, request.quoteId, request.expectedVersion, 'accepted');
  const now = deps.clock.now();
  const at = now.toISOString();
  if (isExpired(current, now)) throw quoteExpired(current);
  // Checked against the order definitions by the handler (customValues, shared/custom-fields/); nulls = not set.
  const custom = createdValues(input.custom);
  const orderId = deps.ids.next();
  let orderNo = generateOrderNo(now, deps.ids.next());
  let numbers = 1;
  for (let attempt = 1; attempt <= STALE_READ_ATTEMPTS; ) {
    const { customer, products, recentOrders } = await deps.orders.placementContext(current.customerId, current.lines.map((line) => line.productId));
    if (!customerVisibleTo(caller, customer)) throw customerNotFound(current.customerId);
    const byId = new Map(products.map((product) => [product.id, product]));
    const unsold = current.lines.flatMap((line, index) => (byId.get(line.productId)?.active ? [] : [{ index, line }]));
    if (unsold.length > 0) {
      throw new DomainError(ErrorCode.ProductInactive, `Product ${unsold.map(({ line }) => line.productCode).join(', ')} is no longer sold.`, {
        errors: unsold.map(({ index, line }) => ({ path: `lines.${index}.productId`, message: `Product ${line.productCode} is inactive.` })),
      });
    }
    const stock = stockMovesOf(current.lines, byId);
    const short = stock.filter((move) => move.quantity > byId.get(move.productId)!.stockOnHand);
    if (short.length > 0) throw insufficientStock(short.map((move) => ({ move, onHand: byId.get(move.productId)!.stockOnHand })));
    const deliveryAddress = input.deliveryAddress ?? current.deliveryAddress ?? customer.address;
    if (!deliveryAddress) {
      throw new DomainError(ErrorCode.ValidationFailed, 'Neither the quote nor the customer has an address: give a delivery address.', {
        errors: [{ path: 'body.deliveryAddress', message: 'Required: the quote and the customer have no address.' }],
      });
    }
    const paymentTermsDays = customer.paymentTermsDays ?? DEFAULT_PAYMENT_TERMS_DAYS;
    const order: Order = {
      id: orderId,
      orderNo,
      customerId: current.customerId,
      customerName: customer.name,
      status: 'placed',
      orderedAt: at,
      deliveryAddress,
      note: `Quote ${current.quoteNo}`,
      ...(custom ? { custom } : {}),
      lines: current.lines.map((line) => ({
        lineNo: line.lineNo,
        productId: line.productId,
        productCode: line.productCode,
        productName: line.productName,
        unit: line.unit,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        discount: line.discount,
        amount: line.amount,
      })),
      subtotal: current.subtotal,
      discountTotal: current.discountTotal,
      total: current.total,
      paidAmount: money(0),
      balance: current.total,
      paymentStatus: paymentStatusOf(current.total.amount, 0),
      paymentTermsDays,
      dueAt: dueAtOf(at, paymentTermsDays),
      version: 1,
      createdAt: at,
      createdBy: caller.username,
      updatedAt: at,
      updatedBy: caller.username,
    };
    const accepted: Quote = { ...current, status: 'accepted', acceptedAt: at, orderId, orderNo, version: current.version + 1, updatedAt: at, updatedBy: caller.username };
    const ownerScope = ownerScopeOf(caller);
    try {
      const placement = { order, customer, stock, ...(ownerScope ? { ownerScope } : {}), ...(recentOrders ? { recentOrders } : {}) };
      const outcome = await deps.quotes.accept(current, accepted, placement, at);
      if (!('kind' in outcome)) return { quote: accepted, order: outcome };
      if (attempt < STALE_READ_ATTEMPTS) await pauseBeforeRetry(attempt);
      attempt += 1;
    } catch (error) {
      const taken = error instanceof DomainError && error.code === ErrorCode.OrderNoTaken;
      if (!taken || numbers >= GENERATED_NUMBER_ATTEMPTS) throw error;
      orderNo = generateOrderNo(now, deps.ids.next());
      numbers += 1;
    }
  }
  throw busy();
};
