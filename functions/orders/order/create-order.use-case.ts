import { createdValues } from '#shared/custom-fields/custom-values';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { DEFAULT_PAYMENT_TERMS_DAYS, dueAtOf } from '#shared/dunning/dunning';
import type { CreateOutcome } from './order.ports';
import {
  busy,
  claimOf,
  customerNotFound,
  customerVisibleTo,
  generateOrderNo,
  money,
  notInTheFuture,
  ownerScopeOf,
  paymentStatusOf,
  priceOrder,
  replayOnRefusal,
  STALE_READ_ATTEMPTS,
  pauseBeforeRetry,
  type IdempotencyRequest,
} from './order.rules';
import type { CreateOrderInput, Order, OrderDetail } from './order.schema';
import { notACustomerContact } from './order-edit.rules';
import type { Caller, OrdersDependencies } from '#functions/orders/orders.dependencies';

const GENERATED_NUMBER_ATTEMPTS = 3;

/**
 * Place an order for a customer.
 *
 * Primary course:
 * 1. One read fetches the customer and every product named (consistent BatchGetItem).
 * 2. The customer must be in the caller's scope; each line is priced from its product (a manager may override
 *    the unit price) less its discount; the stock read must cover each product's total quantity.
 * 3. Payment terms: the order's, else the customer's default, else 30 days; `dueAt` = order date + terms.
 * 4. ONE transaction writes the order, its summary under the customer and its number sentinel, takes each
 *    product's stock (conditional: enough stock, unchanged version), moves the customer's last order date and
 *    lifetime value, adds to the order-value aggregate and the receivables, puts the open-receivable index item and
 *    the owner's overdue reminder at `dueAt` (shared/dunning/), and stores the idempotency record.
 *
 * A contact named must be a live contact of the customer (one more read, only when named); the transaction type
 * defaults to `sale`.
 *
 * Alternates: customer missing, archived or not the account manager's → CustomerNotFound (404); another customer's
 * contact → 400; unknown product,
 * price override by an account manager, discount above the line, no delivery address → 400; inactive product or
 * not enough stock → 409 naming the product, nothing written. A product or the customer changed between the read
 * and the transaction → read again (a few times, then 503). A given order number in use → OrderNoTaken (409); a
 * generated one → a new number. Same Idempotency-Key and request → the first answer.
 */
export const createOrder = async (
  deps: OrdersDependencies,
  request: { caller: Caller; customerId: string; input: CreateOrderInput; idempotency?: IdempotencyRequest },
): Promise<CreateOutcome<OrderDetail>> => {
  const { caller, customerId, input } = request;
  // Checked against the current definitions by the handler (customValues, shared/custom-fields/); nulls = not set.
  const custom = createdValues(input.custom);
  const now = deps.clock.now();
  const at = now.toISOString();
  const orderedAt = input.orderedAt ?? at;
  notInTheFuture(orderedAt, now, 'body.orderedAt');
  const claim = claimOf(request.idempotency, now);
  const orderId = deps.ids.next();
  const productIds = [...new Set(input.lines.map((line) => line.productId))];

  return replayOnRefusal(deps.idempotency, claim, now, async () => {
    let orderNo = input.orderNo ?? generateOrderNo(now, deps.ids.next());
    let numbers = 1;
    for (let attempt = 1; attempt <= STALE_READ_ATTEMPTS; ) {
      const { customer, products, recentOrders } = await deps.orders.placementContext(customerId, productIds);
      if (!customerVisibleTo(caller, customer)) throw customerNotFound(customerId);
      if (input.contactId && attempt === 1 && !(await deps.orders.contactIsLive(customerId, input.contactId))) {
        throw notACustomerContact(customerId, input.contactId);
      }
      const priced = priceOrder(caller, input.lines, new Map(products.map((product) => [product.id, product])));
      const deliveryAddress = input.deliveryAddress ?? customer.address;
      if (!deliveryAddress) {
        throw new DomainError(ErrorCode.ValidationFailed, 'The customer has no address on file: give a delivery address.', {
          errors: [{ path: 'body.deliveryAddress', message: 'Required: the customer has no address.' }],
        });
      }
      // Payment terms: the order's, else the customer's, else net 30; the balance is due that many days after the order date.
      const paymentTermsDays = input.paymentTermsDays ?? customer.paymentTermsDays ?? DEFAULT_PAYMENT_TERMS_DAYS;
      const order: Order = {
        id: orderId,
        orderNo,
        customerId,
        customerName: customer.name,
        status: 'placed',
        orderedAt,
        deliveryAddress,
        ...(input.note ? { note: input.note } : {}),
        ...(custom ? { custom } : {}),
        transactionType: input.transactionType ?? 'sale',
        ...(input.promisedDeliveryDate ? { promisedDeliveryDate: input.promisedDeliveryDate } : {}),
        ...(input.contactId ? { contactId: input.contactId } : {}),
        lines: priced.lines,
        subtotal: money(priced.subtotal),
        discountTotal: money(priced.discountTotal),
        total: money(priced.total),
        paidAmount: money(0),
        balance: money(priced.total),
        paymentStatus: paymentStatusOf(priced.total, 0),
        paymentTermsDays,
        dueAt: dueAtOf(orderedAt, paymentTermsDays),
        version: 1,
        createdAt: at,
        createdBy: caller.username,
        updatedAt: at,
        updatedBy: caller.username,
      };
      const ownerScope = ownerScopeOf(caller);
      try {
        const placement = { order, customer, stock: priced.stock, ...(ownerScope ? { ownerScope } : {}), ...(recentOrders ? { recentOrders } : {}) };
        const outcome = await deps.orders.place(placement, claim);
        if (outcome.kind !== 'stale') return outcome;
        if (attempt < STALE_READ_ATTEMPTS) await pauseBeforeRetry(attempt);
        attempt += 1;
      } catch (error) {
        const taken = error instanceof DomainError && error.code === ErrorCode.OrderNoTaken;
        if (!taken || input.orderNo !== undefined || numbers >= GENERATED_NUMBER_ATTEMPTS) throw error;
        orderNo = generateOrderNo(now, deps.ids.next());
        numbers += 1;
      }
    }
    throw busy();
  });
};
