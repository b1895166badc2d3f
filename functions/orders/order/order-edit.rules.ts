import type { Caller } from '#shared/auth/caller';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { EditStockMove } from './order.ports';
import { MAX_TRANSACTION_ITEMS, priceOrder, type PricedOrder } from './order.rules';
import type { Order, OrderLineInput } from './order.schema';
import type { Product } from '#functions/orders/products/product.schema';

/**
 * What an edit's transaction holds besides the stock moves: the order, its summary, the customer, the order-value
 * aggregate, the receivables, up to three open-receivable items (the index item, the overdue reminder, a promise's
 * reminder), the recent-orders entry and the audit entry. A full swap of 50 products for 50 others (100 moves) does not
 * fit: such an edit is refused (400), as two smaller edits it does.
 */
export const EDIT_FIXED_ITEMS = 10;
export const MAX_EDIT_STOCK_MOVES = MAX_TRANSACTION_ITEMS - EDIT_FIXED_ITEMS;

export interface PricedEdit {
  readonly priced: PricedOrder;
  readonly stock: EditStockMove[];
}

/**
 * Prices an edit's lines as a placement does, with three differences:
 * - a product already on the order keeps the unit price the order has for it (the first line's), unless a manager
 *   gives another; only products new to the order are priced from the product now (and checked active);
 * - the stock an edit needs is the difference: the quantity already on the order counts as on hand;
 * - the stock moves are per product by the difference (negative: given back), only those that change.
 *
 * Refusals as a placement's (400 naming the line, 409 inactive product or not enough stock naming the product),
 * and more product moves than one transaction holds → 400.
 */
export const priceEdit = (caller: Caller, current: Order, inputs: readonly OrderLineInput[], products: ReadonlyMap<string, Product>): PricedEdit => {
  const onOrder = new Map<string, { unitPrice: number; quantity: number; productCode: string }>();
  for (const line of current.lines) {
    const seen = onOrder.get(line.productId);
    onOrder.set(line.productId, {
      unitPrice: seen?.unitPrice ?? line.unitPrice.amount,
      quantity: (seen?.quantity ?? 0) + line.quantity,
      productCode: line.productCode,
    });
  }
  // The products as this edit prices them: the order's own price and the stock it already holds count.
  const asPriced = new Map<string, Product>();
  for (const [productId, product] of products) {
    const held = onOrder.get(productId);
    asPriced.set(
      productId,
      held ? { ...product, active: true, unitPrice: { ...product.unitPrice, amount: held.unitPrice }, stockOnHand: product.stockOnHand + held.quantity } : product,
    );
  }
  const priced = priceOrder(caller, inputs, asPriced);

  const wanted = new Map(priced.stock.map((move) => [move.productId, move]));
  const stock: EditStockMove[] = [];
  for (const move of priced.stock) {
    const held = onOrder.get(move.productId);
    const delta = move.quantity - (held?.quantity ?? 0);
    if (delta === 0) continue;
    stock.push({
      productId: move.productId,
      productCode: move.productCode,
      delta,
      ...(held ? {} : { expectedVersion: move.expectedVersion }),
      lineIndex: move.lineIndex,
    });
  }
  for (const [productId, held] of onOrder) {
    if (!wanted.has(productId)) stock.push({ productId, productCode: held.productCode, delta: -held.quantity, lineIndex: -1 });
  }
  if (stock.length > MAX_EDIT_STOCK_MOVES) {
    throw new DomainError(ErrorCode.ValidationFailed, 'The edit changes too many products at once; make it in two smaller edits.', {
      errors: [{ path: 'body.lines', message: `At most ${MAX_EDIT_STOCK_MOVES} products may change their quantity in one edit.` }],
    });
  }
  return { priced, stock };
};

/** 409: the order's payments exceed the total the edit would give it (refunds are recorded apart). */
export const totalBelowPaid = (order: Order, total: number): DomainError =>
  new DomainError(
    ErrorCode.OrderTotalBelowPaid,
    `Order ${order.orderNo} has received ${order.paidAmount.amount} ${order.paidAmount.currency}; the edit would make its total ${total}.`,
    { errors: [{ path: 'body.lines', message: `The total may not fall below ${order.paidAmount.amount}.` }] },
  );

/** 400: the contact named is not a live contact of the order's customer. */
export const notACustomerContact = (customerId: string, contactId: string): DomainError =>
  new DomainError(ErrorCode.ValidationFailed, 'The contact is not one of the customer’s.', {
    errors: [{ path: 'body.contactId', message: `Contact ${contactId} is not a contact of customer ${customerId}.` }],
  });
