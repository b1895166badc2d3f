import type { ContactDirectory } from '#shared/customer-records/contact-directory';
import type { StoredContact } from '#functions/contacts/contact.schema';
import type { RecentOrder } from '#functions/orders/order/order.schema';
import type { FollowUp, StoredActivity } from '#functions/activities/activity.schema';
import type { CustomerHead } from '#shared/customer-records/customer-head';
import type { StoredCustomer } from '#functions/customers/customer/customer.ports';
import type { Attachment } from '#functions/attachments/attachment.ports';
import type { QuoteSummary } from '#functions/orders/quotes/quote.schema';
import type { ShipmentSummary } from '#functions/orders/shipments/shipment.schema';
import type { InvoiceSummary } from '#functions/orders/invoices/invoice.schema';

/** What one read of a customer's item collection gives the 360 view (docs/data-model.md). */
export interface CustomerOverviewRead {
  readonly customer?: StoredCustomer | undefined;
  readonly head?: CustomerHead | undefined;
  /** Every live contact. */
  readonly contacts: StoredContact[];
  /** The latest activities by `occurredAt`, newest first (at most CUSTOMER_RECORD_LIMITS.overviewActivities). */
  readonly activities: StoredActivity[];
  /** Every open follow-up of the customer. */
  readonly followUps: FollowUp[];
  /** The customer's newest orders (at most 20), newest first; absent when the reader has none. */
  readonly recentOrders?: RecentOrder[];
  /** The newest live attachments under the customer (any record of it, at most 20), newest first; absent when the reader has none. */
  readonly attachments?: readonly Attachment[];
  /** The newest quotes of the customer (at most 20, any status), newest first; absent when the reader has none. */
  readonly recentQuotes?: readonly QuoteSummary[];
  /** The customer's shipments in transit (at most 20), newest first; absent when the reader has none. */
  readonly shipmentsInTransit?: readonly ShipmentSummary[];
  /** The customer's newest invoices by issue date (at most 20, issued or void), newest first; absent when the reader has none. */
  readonly recentInvoices?: readonly InvoiceSummary[];
  readonly directory: ContactDirectory;
  /** DynamoDB requests it took: 1 while the head stays within its bound. */
  readonly queries: number;
}

export interface CustomerOverviewReader {
  read(customerId: string): Promise<CustomerOverviewRead>;
}
