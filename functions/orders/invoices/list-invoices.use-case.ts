import { readVisibleOrder } from '#functions/orders/shipments/shipment.rules';
import type { Caller, InvoicesDependencies, Page, PageKey } from './invoice.ports';
import type { Invoice } from './invoice.schema';

/**
 * An order's invoices (issued and void), oldest first.
 *
 * Primary course: the order is read (an account manager's only while its customer is theirs), then one Query of the
 * order's item collection from `INVOICE#`. Alternate: the order missing or out of scope → OrderNotFound (404).
 */
export const listInvoices = async (
  deps: InvoicesDependencies,
  request: { caller: Caller; orderId: string; page: { limit: number; startKey?: PageKey } },
): Promise<Page<Invoice>> => {
  await readVisibleOrder(deps, request.caller, request.orderId);
  return deps.invoices.list(request.orderId, request.page);
};
