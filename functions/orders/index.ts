import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/**
 * Lambda entry of the orders function (products, stock, orders, payments, quotations, shipments, invoices): one handler module per route-table row,
 * imported on the route's first request.
 */
export const handler = createFeatureHandler('orders', {
  listProducts: async () => (await import('#functions/orders/products/list-products.handler')).listProductsHandler,
  createProduct: async () => (await import('#functions/orders/products/create-product.handler')).createProductHandler,
  getProduct: async () => (await import('#functions/orders/products/get-product.handler')).getProductHandler,
  updateProduct: async () => (await import('#functions/orders/products/update-product.handler')).updateProductHandler,
  createStockAdjustment: async () => (await import('#functions/orders/products/create-stock-adjustment.handler')).createStockAdjustmentHandler,
  listCustomerOrders: async () => (await import('#functions/orders/order/list-customer-orders.handler')).listCustomerOrdersHandler,
  createOrder: async () => (await import('#functions/orders/order/create-order.handler')).createOrderHandler,
  getOrder: async () => (await import('#functions/orders/order/get-order.handler')).getOrderHandler,
  listOrders: async () => (await import('#functions/orders/order/list-orders.handler')).listOrdersHandler,
  updateOrder: async () => (await import('#functions/orders/order/update-order.handler')).updateOrderHandler,
  createPayment: async () => (await import('#functions/orders/order/create-payment.handler')).createPaymentHandler,
  listCustomerQuotes: async () => (await import('#functions/orders/quotes/list-customer-quotes.handler')).listCustomerQuotesHandler,
  createQuote: async () => (await import('#functions/orders/quotes/create-quote.handler')).createQuoteHandler,
  getQuote: async () => (await import('#functions/orders/quotes/get-quote.handler')).getQuoteHandler,
  updateQuote: async () => (await import('#functions/orders/quotes/update-quote.handler')).updateQuoteHandler,
  sendQuote: async () => (await import('#functions/orders/quotes/send-quote.handler')).sendQuoteHandler,
  acceptQuote: async () => (await import('#functions/orders/quotes/accept-quote.handler')).acceptQuoteHandler,
  rejectQuote: async () => (await import('#functions/orders/quotes/reject-quote.handler')).rejectQuoteHandler,
  listOrderReturns: async () => (await import('#functions/orders/returns/list-order-returns.handler')).listOrderReturnsHandler,
  createOrderReturn: async () => (await import('#functions/orders/returns/create-order-return.handler')).createOrderReturnHandler,
  createOrderRefund: async () => (await import('#functions/orders/returns/create-order-refund.handler')).createOrderRefundHandler,
  listShipments: async () => (await import('#functions/orders/shipments/list-shipments.handler')).listShipmentsHandler,
  createShipment: async () => (await import('#functions/orders/shipments/create-shipment.handler')).createShipmentHandler,
  deliverShipment: async () => (await import('#functions/orders/shipments/deliver-shipment.handler')).deliverShipmentHandler,
  listInvoices: async () => (await import('#functions/orders/invoices/list-invoices.handler')).listInvoicesHandler,
  createInvoice: async () => (await import('#functions/orders/invoices/create-invoice.handler')).createInvoiceHandler,
  voidInvoice: async () => (await import('#functions/orders/invoices/void-invoice.handler')).voidInvoiceHandler,
});
