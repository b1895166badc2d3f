import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/**
 * Lambda entry of the orders function (products, stock, orders, payments): one handler module per route-table row,
 * imported on the route's first request.
 */
export const handler = createFeatureHandler('orders', {
  listProducts: async () => (await import('./list-products.handler')).listProductsHandler,
  createProduct: async () => (await import('./create-product.handler')).createProductHandler,
  getProduct: async () => (await import('./get-product.handler')).getProductHandler,
  updateProduct: async () => (await import('./update-product.handler')).updateProductHandler,
  createStockAdjustment: async () => (await import('./create-stock-adjustment.handler')).createStockAdjustmentHandler,
  listCustomerOrders: async () => (await import('./list-customer-orders.handler')).listCustomerOrdersHandler,
  createOrder: async () => (await import('./create-order.handler')).createOrderHandler,
  getOrder: async () => (await import('./get-order.handler')).getOrderHandler,
  listOrders: async () => (await import('./list-orders.handler')).listOrdersHandler,
  updateOrder: async () => (await import('./update-order.handler')).updateOrderHandler,
  createPayment: async () => (await import('./create-payment.handler')).createPaymentHandler,
});
