import { DomainError, ErrorCode } from '#shared/core/errors';
import { readVisibleOrder } from './get-order.use-case';
import type { CustomerSnapshot, EditStockMove } from './order.ports';
import { notACustomerContact, priceEdit, totalBelowPaid } from './order-edit.rules';
import { busy, money, orderNotFound, ownerScopeOf, pauseBeforeRetry, paymentStatusOf, STALE_READ_ATTEMPTS } from './order.rules';
import type { Order, OrderDetail, OrderEditInput } from './order.schema';
import type { Caller, OrdersDependencies } from '#functions/orders/orders.dependencies';
import { hasShipments } from '#functions/orders/shipments/fulfilment.rules';
import { refuseTotalBelowInvoiced } from '#functions/orders/invoices/invoice.rules';

const versionConflict = (order: Order): DomainError =>
  new DomainError(ErrorCode.VersionConflict, `Order ${order.id} has changed since you read it (now version ${order.version}); read it again.`);

/**
 * Edit an order that is still placed: its lines, its transaction type, promised delivery date and contact.
 *
 * Primary course:
 * 1. The order is read (an account manager's only while its customer is theirs); its version must be the If-Match.
 * 2. A contact named must be a live contact of the order's customer (one read, only when named).
 * 3. New lines: the customer and the products named are read in one BatchGetItem; the lines are priced as a placement
 *    prices them, except that a product already on the order keeps the order's unit price, and the stock an edit
 *    needs is the difference per product (order-edit.rules.ts). The paid amount stays; the balance is the new total
 *    less it.
 * 4. ONE transaction writes the order and its summary (conditional on the version), moves each product's stock by the
 *    difference (never below zero), and the customer's lifetime value, the order-value aggregate, the receivables, the
 *    open-receivable item and the recent-orders entry by the difference of total and balance, with the audit entry.
 *
 * Alternates: missing or out of scope → OrderNotFound (404); stale If-Match, or another write of the order won the race
 * → VersionConflict (412); not placed, or new lines for an order with shipments → InvalidTransition (409); more than the stock → InsufficientStock (409 naming
 * the product); inactive new product → ProductInactive (409); a total below the paid amount → OrderTotalBelowPaid
 * (409); a total below what is invoiced (functions/orders/invoices/) → InvoiceExceedsOrder (409); a price override by an account manager, an unknown product or another customer's contact → 400. A product's
 * price or the customer's owner changed between the read and the write → read again (a few times, then 503). Nothing
 * is written on any refusal.
 */
export const editOrder = async (
  deps: OrdersDependencies,
  request: { caller: Caller; orderId: string; input: OrderEditInput; expectedVersion: number },
): Promise<OrderDetail> => {
  const { caller, orderId, input, expectedVersion } = request;
  const ownerScope = ownerScopeOf(caller);
  const guard = { expectedVersion, ...(ownerScope ? { ownerScope } : {}) };
  for (let attempt = 1; attempt <= STALE_READ_ATTEMPTS; attempt += 1) {
    const { payments, ...current } = await readVisibleOrder(deps, caller, orderId);
    if (current.version !== expectedVersion) throw versionConflict(current);
    if (current.status !== 'placed') {
      throw new DomainError(ErrorCode.InvalidTransition, `Order ${current.orderNo} is ${current.status}: only a placed order can be edited.`);
    }
    if (input.lines && hasShipments(current)) {
      throw new DomainError(ErrorCode.InvalidTransition, `Order ${current.orderNo} has shipments: its lines can no longer be edited.`);
    }
    if (input.contactId && !(await deps.orders.contactIsLive(current.customerId, input.contactId))) {
      throw notACustomerContact(current.customerId, input.contactId);
    }
    const at = deps.clock.now().toISOString();
    let next: Order = { ...current, version: current.version + 1, updatedAt: at, updatedBy: caller.username };
    let stock: EditStockMove[] = [];
    let customer: CustomerSnapshot | undefined;
    if (input.lines) {
      const context = await deps.orders.placementContext(current.customerId, input.lines.map((line) => line.productId));
      if (!context.customer) throw orderNotFound(orderId);
      customer = context.customer;
      const edit = priceEdit(caller, current, input.lines, new Map(context.products.map((product) => [product.id, product])));
      const { total } = edit.priced;
      const paid = current.paidAmount.amount;
      if (total < paid) throw totalBelowPaid(current, total);
      refuseTotalBelowInvoiced(current, total);
      stock = edit.stock;
      next = {
        ...next,
        lines: edit.priced.lines,
        subtotal: money(edit.priced.subtotal),
        discountTotal: money(edit.priced.discountTotal),
        total: money(total),
        balance: money(total - paid),
        paymentStatus: paymentStatusOf(total, paid),
      };
    }
    if (input.transactionType !== undefined) next.transactionType = input.transactionType;
    if (input.promisedDeliveryDate === null) delete next.promisedDeliveryDate;
    else if (input.promisedDeliveryDate !== undefined) next.promisedDeliveryDate = input.promisedDeliveryDate;
    if (input.contactId === null) delete next.contactId;
    else if (input.contactId !== undefined) next.contactId = input.contactId;

    const outcome = await deps.orders.edit({ current, next, stock, ...(customer ? { customer } : {}), guard });
    if (outcome.kind === 'edited') return { ...next, payments };
    if (attempt < STALE_READ_ATTEMPTS) await pauseBeforeRetry(attempt);
  }
  throw busy();
};
