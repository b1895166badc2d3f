import type { FeatureContracts } from '#shared/http/contract';
import {
  createOrderBody,
  createPaymentBody,
  customerOrdersParams,
  listCustomerOrdersQuery,
  listOrdersQuery,
  orderDetailSchema,
  orderIdParams,
  orderSummaryFeedSchema,
  allOrdersFeedSchema,
  orderSummaryListSchema,
  updateOrderBody,
} from '#functions/orders/order/order.schema';
import {
  createProductBody,
  listProductsQuery,
  productIdParams,
  productListSchema,
  productSchema,
  stockAdjustmentBody,
  stockAdjustmentSchema,
  updateProductBody,
} from '#functions/orders/products/product.schema';
import { quotesContracts } from '#functions/orders/quotes/quotes.contract';
import { returnsContracts } from '#functions/orders/returns/returns.contract';
import { shipmentsContracts } from '#functions/orders/shipments/shipments.contract';
import { invoicesContracts } from '#functions/orders/invoices/invoices.contract';

const product = { description: 'The product with its stock on hand', schema: productSchema, name: 'Product' };
const order = { description: 'The order with its lines and payments', schema: orderDetailSchema, name: 'OrderDetail' };
const orderList = { description: 'A page of orders (summaries), newest first', schema: orderSummaryListSchema, name: 'OrderSummaryList' };

/** The contracts of the routes the orders function serves (see shared/http/contract.ts). */
export const ordersContracts = {
  listProducts: {
    query: listProductsQuery,
    responses: { 200: { description: 'A page of products', schema: productListSchema, name: 'ProductList' } },
  },
  createProduct: {
    body: createProductBody,
    bodyName: 'CreateProductRequest',
    responses: { 201: { ...product, description: 'The product created' } },
  },
  getProduct: { params: productIdParams, responses: { 200: product } },
  updateProduct: {
    params: productIdParams,
    body: updateProductBody,
    bodyName: 'UpdateProductRequest',
    responses: { 200: { ...product, description: 'The product as updated' } },
  },
  createStockAdjustment: {
    params: productIdParams,
    body: stockAdjustmentBody,
    bodyName: 'StockAdjustmentRequest',
    responses: { 201: { description: 'The adjustment recorded', schema: stockAdjustmentSchema, name: 'StockAdjustment' } },
  },
  listCustomerOrders: {
    params: customerOrdersParams,
    query: listCustomerOrdersQuery,
    responses: {
      200: {
        ...orderList,
        description:
          'A page of orders (summaries), newest first; with `updatedSince`, the orders changed since (placed, status moved, paid), ' +
          '`syncedUntil` on the last page (docs/api.md, "Delta sync")',
        schema: orderSummaryFeedSchema,
        name: 'CustomerOrderList',
      },
    },
  },
  createOrder: {
    params: customerOrdersParams,
    body: createOrderBody,
    bodyName: 'CreateOrderRequest',
    responses: { 201: { ...order, description: 'The order placed' } },
  },
  getOrder: { params: orderIdParams, responses: { 200: order } },
  listOrders: {
    query: listOrdersQuery,
    responses: {
      200: {
        ...orderList,
        description:
          'A page of all orders (summaries), newest first; with `updatedSince`, the orders changed since in change order (placed, status ' +
          'moved, paid), `syncedUntil` on the last page (docs/api.md, "Delta sync"); account managers: the feed only, over their ' +
          "customers' orders, with tombstones `{id, deleted, deletedAt, reason: transferred}` of orders whose customer was transferred away",
        schema: allOrdersFeedSchema,
        name: 'AllOrdersList',
      },
    },
  },
  updateOrder: {
    params: orderIdParams,
    body: updateOrderBody,
    bodyName: 'UpdateOrderRequest',
    responses: { 200: { ...order, description: 'The order as moved' } },
  },
  createPayment: {
    params: orderIdParams,
    body: createPaymentBody,
    bodyName: 'CreatePaymentRequest',
    responses: { 201: { ...order, description: 'The order with the payment recorded' } },
  },
  ...quotesContracts,
  ...returnsContracts,
  ...shipmentsContracts,
  ...invoicesContracts,
} satisfies FeatureContracts<'orders'>;
