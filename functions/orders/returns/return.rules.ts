import { DomainError, ErrorCode, type FieldError } from '#shared/core/errors';
import { money } from '#functions/orders/order/order.rules';
import type { Order, OrderLine } from '#functions/orders/order/order.schema';
import { hasShipments } from '#functions/orders/shipments/fulfilment.rules';
import type { ReturnLine, ReturnLineInput } from './return.schema';

/**
 * The rules of returns after delivery (docs/data-model.md, "Returns and credit notes"): what may be returned, how the
 * returned units are taken from the order's lines, and the credit they earn, exact to the fen.
 */

/**
 * Units of each order line (by `lineNo`) that were delivered: THE one place that says what "delivered" is. An order
 * that moved through shipments (functions/orders/shipments/) has, per line, the units its delivered shipments brought
 * (`deliveredQuantity`, never above the line's quantity), whatever its status (a partly delivered order stays
 * `placed`); an order without shipments was delivered as a whole or not at all (`PATCH … {status: delivered}`); a
 * cancelled order, nothing.
 */
export const deliveredQuantities = (order: Order): Map<number, number> =>
  new Map(
    order.lines.map((line) => {
      if (order.status === 'cancelled') return [line.lineNo, 0];
      if (hasShipments(order)) return [line.lineNo, Math.min(line.quantity, line.deliveredQuantity ?? 0)];
      return [line.lineNo, order.status === 'delivered' ? line.quantity : 0];
    }),
  );

/** Units of each order line (by `lineNo`) that may still be returned: delivered less returned so far, never below 0. */
export const returnableQuantities = (order: Order): Map<number, number> => {
  const delivered = deliveredQuantities(order);
  return new Map(order.lines.map((line) => [line.lineNo, Math.max(0, (delivered.get(line.lineNo) ?? 0) - (line.returnedQuantity ?? 0))]));
};

/**
 * The credit of a line's first `units` units: the line's amount (after its discount) × units / quantity, rounded half
 * up to the fen. A return's credit is the difference of two of these, so however a line is returned in parts, the
 * parts add up to exactly the line's amount — never a fen more or less (BigInt: amount × units may pass 2^53).
 */
export const creditOfFirstUnits = (line: Pick<OrderLine, 'amount' | 'quantity'>, units: number): number => {
  const scaled = 2n * BigInt(line.amount.amount) * BigInt(units) + BigInt(line.quantity);
  return Number(scaled / (2n * BigInt(line.quantity)));
};

/** The credit of `quantity` more units of a line of which `returnedBefore` were returned already. */
export const creditOf = (line: Pick<OrderLine, 'amount' | 'quantity'>, returnedBefore: number, quantity: number): number =>
  creditOfFirstUnits(line, returnedBefore + quantity) - creditOfFirstUnits(line, returnedBefore);

export interface AllocatedReturn {
  /** The units per order line, each with its credit. */
  readonly lines: ReturnLine[];
  /** Σ the lines' credits: the credit note's amount. */
  readonly credit: number;
  /** The order's lines with their returned quantities after this return. */
  readonly orderLines: OrderLine[];
}

/**
 * Takes each product's returned units from the order's lines of that product, first line first, up to each line's
 * returnable units (returnableQuantities), and prices them (creditOf). Lines naming the same product are added up.
 *
 * Refusals, before anything is written: a product not on the order → 400 naming the line; nothing of the order
 * returnable (not delivered, or all returned) → 409 InvalidTransition; more units than returnable → 409
 * ReturnExceedsDelivered naming the line.
 */
export const allocateReturn = (order: Order, inputs: readonly ReturnLineInput[]): AllocatedReturn => {
  const unknown: FieldError[] = [];
  const wanted = new Map<string, { quantity: number; index: number }>();
  inputs.forEach((input, index) => {
    if (!order.lines.some((line) => line.productId === input.productId)) {
      unknown.push({ path: `body.lines.${index}.productId`, message: `Product ${input.productId} is not on order ${order.orderNo}.` });
    }
    const seen = wanted.get(input.productId);
    wanted.set(input.productId, { quantity: (seen?.quantity ?? 0) + input.quantity, index: seen?.index ?? index });
  });
  if (unknown.length > 0) throw new DomainError(ErrorCode.ValidationFailed, 'Some return lines name products the order does not have; see errors.', { errors: unknown });

  const returnable = returnableQuantities(order);
  if ([...returnable.values()].every((units) => units <= 0)) {
    const anyDelivered = [...deliveredQuantities(order).values()].some((units) => units > 0);
    throw new DomainError(
      ErrorCode.InvalidTransition,
      anyDelivered
        ? `Everything delivered on order ${order.orderNo} has been returned already.`
        : `Nothing of order ${order.orderNo} (${order.status}) has been delivered: only delivered goods can be returned.`,
    );
  }
  const over: FieldError[] = [];
  for (const [productId, { quantity, index }] of wanted) {
    const available = order.lines.filter((line) => line.productId === productId).reduce((sum, line) => sum + (returnable.get(line.lineNo) ?? 0), 0);
    if (quantity > available) {
      over.push({ path: `body.lines.${index}.quantity`, message: `At most ${available} units of product ${productId} may be returned (delivered less returned).` });
    }
  }
  if (over.length > 0) {
    throw new DomainError(ErrorCode.ReturnExceedsDelivered, `The return asks for more than was delivered and not yet returned on order ${order.orderNo}.`, { errors: over });
  }

  const lines: ReturnLine[] = [];
  const taken = new Map<number, number>();
  for (const [productId, { quantity }] of wanted) {
    let left = quantity;
    for (const line of order.lines) {
      if (left === 0) break;
      if (line.productId !== productId) continue;
      const units = Math.min(left, returnable.get(line.lineNo) ?? 0);
      if (units <= 0) continue;
      left -= units;
      taken.set(line.lineNo, units);
      lines.push({
        lineNo: line.lineNo,
        productId,
        productCode: line.productCode,
        productName: line.productName,
        unit: line.unit,
        quantity: units,
        amount: money(creditOf(line, line.returnedQuantity ?? 0, units)),
      });
    }
  }
  lines.sort((a, b) => a.lineNo - b.lineNo);
  const orderLines = order.lines.map((line) => {
    const units = taken.get(line.lineNo);
    return units === undefined ? line : { ...line, returnedQuantity: (line.returnedQuantity ?? 0) + units };
  });
  return { lines, credit: lines.reduce((sum, line) => sum + line.amount.amount, 0), orderLines };
};

/** The stock a restocking return gives back, per product. */
export const restockOf = (lines: readonly ReturnLine[]): Map<string, number> => {
  const byProduct = new Map<string, number>();
  for (const line of lines) byProduct.set(line.productId, (byProduct.get(line.productId) ?? 0) + line.quantity);
  return byProduct;
};

/** `CN-<orderNo>-<n>`: the order's n-th return. Unique without a sentinel: order numbers are, and returns of one order are serialised by its version. */
export const creditNoteNumberOf = (orderNo: string, returnsBefore: number): string => `CN-${orderNo}-${returnsBefore + 1}`;
