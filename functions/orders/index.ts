import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';
import { createOrderHandler } from './create-order.handler';
import { createPaymentHandler } from './create-payment.handler';
import { createProductHandler } from './create-product.handler';
import { createStockAdjustmentHandler } from './create-stock-adjustment.handler';
import { getOrderHandler } from './get-order.handler';
import { getProductHandler } from './get-product.handler';
import { listCustomerOrdersHandler } from './list-customer-orders.handler';
import { listOrdersHandler } from './list-orders.handler';
import { listProductsHandler } from './list-products.handler';
import { updateOrderHandler } from './update-order.handler';
import { updateProductHandler } from './update-product.handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/** Lambda entry of the orders function (products, stock, orders, payments): one handler per route-table row. */
export const handler = createFeatureHandler('orders', {
  listProducts: listProductsHandler,
  createProduct: createProductHandler,
  getProduct: getProductHandler,
  updateProduct: updateProductHandler,
  createStockAdjustment: createStockAdjustmentHandler,
  listCustomerOrders: listCustomerOrdersHandler,
  createOrder: createOrderHandler,
  getOrder: getOrderHandler,
  listOrders: listOrdersHandler,
  updateOrder: updateOrderHandler,
  createPayment: createPaymentHandler,
});
