import { DomainError, ErrorCode, type FieldError } from '#shared/core/errors';
import type { Order, OrderLine, OrderStatus } from '#functions/orders/order/order.schema';
import type { ShipmentLine, ShipmentLineInput } from './shipment.schema';

/**
 * An order's fulfilment, per line (送货): what went out in shipments (`shippedQuantity`) and what of that arrived
 * (`deliveredQuantity`), and the order status that follows from them. Stock is NOT moved here: it was taken when the
 * order was placed (order-placement.repository.ts), so a shipment only records where the goods went.
 *
 * There is no `partially_shipped` status (the four statuses feed the order lists' status index, the portal and the
 * reports): a partly shipped order stays `placed`, its lines say how much is out. It becomes `shipped` when every line
 * is fully shipped, `delivered` when every line is fully delivered.
 */

const shippedOf = (line: OrderLine): number => line.shippedQuantity ?? 0;
const deliveredOf = (line: OrderLine): number => line.deliveredQuantity ?? 0;

/** Whether any of the order went out in a shipment: such an order moves through its shipments only. */
export const hasShipments = (order: Pick<Order, 'lines'>): boolean => order.lines.some((line) => shippedOf(line) > 0);

/** Per product: ordered − shipped over the product's lines. */
export const unshippedByProduct = (order: Pick<Order, 'lines'>): Map<string, number> => {
  const left = new Map<string, number>();
  for (const line of order.lines) left.set(line.productId, (left.get(line.productId) ?? 0) + line.quantity - shippedOf(line));
  return left;
};

/** Per product: delivered over the product's lines (what a return may take back: returns subtract what was returned). */
export const deliveredByProduct = (order: Pick<Order, 'lines'>): Map<string, number> => {
  const delivered = new Map<string, number>();
  for (const line of order.lines) delivered.set(line.productId, (delivered.get(line.productId) ?? 0) + deliveredOf(line));
  return delivered;
};

export const shipmentExceedsOrder = (shortfalls: readonly { index: number; code: string; wanted: number; left: number }[]): DomainError =>
  new DomainError(
    ErrorCode.ShipmentExceedsOrder,
    `More than ordered and not yet shipped: ${shortfalls.map(({ code, wanted, left }) => `${code} (${wanted} to ship, ${left} left)`).join(', ')}.`,
    {
      errors: shortfalls.map(({ index, code, wanted, left }) => ({
        path: `body.lines.${index}.quantity`,
        message: `${wanted} of product ${code} to ship, only ${left} ordered and not yet shipped.`,
      })),
    },
  );

/**
 * The order's lines with a shipment's quantities added (each product's first lines first), and the shipment's lines
 * described from the order. Refused, nothing written: a product not on the order → 400 naming the line; more than
 * ordered − shipped → ShipmentExceedsOrder (409 naming each product).
 */
export const shipLines = (order: Pick<Order, 'lines'>, inputs: readonly ShipmentLineInput[]): { lines: OrderLine[]; shipped: ShipmentLine[] } => {
  const left = unshippedByProduct(order);
  const unknown: FieldError[] = inputs.flatMap((input, index) =>
    left.has(input.productId) ? [] : [{ path: `body.lines.${index}.productId`, message: `Product ${input.productId} is not on the order.` }],
  );
  if (unknown.length > 0) throw new DomainError(ErrorCode.ValidationFailed, 'A shipment ships products of its order only; see errors.', { errors: unknown });
  const firstLine = (productId: string): OrderLine => order.lines.find((line) => line.productId === productId)!;
  const over = inputs.flatMap((input, index) => {
    const remaining = left.get(input.productId)!;
    return input.quantity > remaining ? [{ index, code: firstLine(input.productId).productCode, wanted: input.quantity, left: remaining }] : [];
  });
  if (over.length > 0) throw shipmentExceedsOrder(over);

  const toShip = new Map(inputs.map((input) => [input.productId, input.quantity]));
  const lines = order.lines.map((line) => {
    const wanted = toShip.get(line.productId) ?? 0;
    const take = Math.min(wanted, line.quantity - shippedOf(line));
    if (take <= 0) return line;
    toShip.set(line.productId, wanted - take);
    return { ...line, shippedQuantity: shippedOf(line) + take };
  });
  const shipped = inputs.map((input) => {
    const line = firstLine(input.productId);
    return { productId: line.productId, productCode: line.productCode, productName: line.productName, unit: line.unit, quantity: input.quantity };
  });
  return { lines, shipped };
};

/**
 * The order's lines with a delivered shipment's quantities added, each onto lines shipped and not yet delivered.
 * A shipment's lines were shipped on this order, so they always fit; anything else is a corrupt order (an error).
 */
export const deliverLines = (order: Pick<Order, 'id' | 'lines'>, shipped: readonly Pick<ShipmentLine, 'productId' | 'quantity'>[]): OrderLine[] => {
  const toDeliver = new Map<string, number>();
  for (const line of shipped) toDeliver.set(line.productId, (toDeliver.get(line.productId) ?? 0) + line.quantity);
  const lines = order.lines.map((line) => {
    const wanted = toDeliver.get(line.productId) ?? 0;
    const take = Math.min(wanted, shippedOf(line) - deliveredOf(line));
    if (take <= 0) return line;
    toDeliver.set(line.productId, wanted - take);
    return { ...line, deliveredQuantity: deliveredOf(line) + take };
  });
  if ([...toDeliver.values()].some((rest) => rest > 0)) throw new Error(`order ${order.id}: a shipment delivers more than its order shipped`);
  return lines;
};

/** The status the lines give an order that moves through its shipments (placed, shipped or delivered). */
export const fulfilmentStatusOf = (lines: readonly OrderLine[]): Exclude<OrderStatus, 'cancelled'> => {
  if (lines.every((line) => deliveredOf(line) >= line.quantity)) return 'delivered';
  if (lines.every((line) => shippedOf(line) >= line.quantity)) return 'shipped';
  return 'placed';
};

/** Orders a shipment may be added to: placed ones (partly shipped ones stay placed). */
export const refuseShipmentOf = (order: Pick<Order, 'orderNo' | 'status'>): void => {
  if (order.status === 'placed') return;
  const why =
    order.status === 'cancelled'
      ? 'it is cancelled'
      : order.status === 'delivered'
        ? 'it is delivered'
        : 'it is shipped in full';
  throw new DomainError(ErrorCode.InvalidTransition, `Order ${order.orderNo} cannot take a shipment: ${why}.`);
};
