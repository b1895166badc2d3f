import type { Order, OrderSummary } from '#functions/orders/order/order.schema';
import type { PortalOrder, PortalOrderSummary } from './portal-order.schema';

/** What the customer sees of an order: only the fields named here (portal-order.schema.ts says what is left out). */

const defined = <T extends Record<string, unknown>>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;

export const portalOrderSummaryOf = (summary: OrderSummary): PortalOrderSummary => ({
  id: summary.id,
  orderNo: summary.orderNo,
  status: summary.status,
  orderedAt: summary.orderedAt,
  total: summary.total,
  paidAmount: summary.paidAmount,
  balance: summary.balance,
  paymentStatus: summary.paymentStatus,
  version: summary.version,
  lineCount: summary.lineCount,
});

export const portalOrderOf = (order: Order): PortalOrder =>
  defined({
    id: order.id,
    orderNo: order.orderNo,
    status: order.status,
    orderedAt: order.orderedAt,
    total: order.total,
    paidAmount: order.paidAmount,
    balance: order.balance,
    paymentStatus: order.paymentStatus,
    version: order.version,
    deliveryAddress: order.deliveryAddress,
    lines: order.lines.map((line) => ({
      lineNo: line.lineNo,
      productCode: line.productCode,
      productName: line.productName,
      unit: line.unit,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discount: line.discount,
      amount: line.amount,
    })),
    subtotal: order.subtotal,
    discountTotal: order.discountTotal,
    dueAt: order.dueAt,
    shipment: order.shippedAt || order.deliveredAt ? defined({ shippedAt: order.shippedAt, deliveredAt: order.deliveredAt }) : undefined,
    cancelledAt: order.cancelledAt,
  });
