import { customerNotFound, customerVisibleTo } from '#functions/orders/order/order.rules';
import type { Caller, Page, PageKey, QuotesDependencies } from './quote.ports';
import type { Quote } from './quote.schema';

/**
 * A customer's quotes, newest first, one page per call.
 *
 * Primary course: the customer is read (scope) and its quotes are queried from the customer's quote index (gsi1),
 * both at once. Alternate: customer missing, archived or not the account manager's → CustomerNotFound (404).
 */
export const listCustomerQuotes = async (
  deps: QuotesDependencies,
  request: { caller: Caller; customerId: string; page: { limit: number; startKey?: PageKey } },
): Promise<Page<Quote>> => {
  const [customer, page] = await Promise.all([deps.orders.customer(request.customerId), deps.quotes.listByCustomer(request.customerId, request.page)]);
  if (!customerVisibleTo(request.caller, customer)) throw customerNotFound(request.customerId);
  return page;
};
