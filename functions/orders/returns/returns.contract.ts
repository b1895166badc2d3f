import type { RouteContract } from '#shared/http/contract';
import { orderDetailSchema, orderIdParams } from '#functions/orders/order/order.schema';
import { createOrderRefundBody, createOrderReturnBody, listOrderReturnsQuery, orderReturnListSchema, orderReturnSchema } from './return.schema';

/** The contracts of the returns and refunds routes (functions/orders/returns/), spread into the orders function's. */
export const returnsContracts = {
  listOrderReturns: {
    params: orderIdParams,
    query: listOrderReturnsQuery,
    responses: { 200: { description: "A page of the order's returns with their credit notes, oldest first", schema: orderReturnListSchema, name: 'OrderReturnList' } },
  },
  createOrderReturn: {
    params: orderIdParams,
    body: createOrderReturnBody,
    bodyName: 'CreateOrderReturnRequest',
    // If-Match of the order (an action on it) and an Idempotency-Key (it creates the return).
    idempotencyKey: true,
    responses: { 201: { description: "The return with its credit note; orderVersion is the order's new version", schema: orderReturnSchema, name: 'OrderReturn' } },
    problems: [409],
  },
  createOrderRefund: {
    params: orderIdParams,
    body: createOrderRefundBody,
    bodyName: 'CreateOrderRefundRequest',
    responses: { 201: { description: 'The order with the refund recorded among its payments (a negative amount)', schema: orderDetailSchema, name: 'OrderDetail' } },
    problems: [409],
  },
} satisfies Record<string, RouteContract>;
