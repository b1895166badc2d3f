import * as z from 'zod';
import { activitySchema, followUpSchema } from '#functions/activities/activity.schema';
import { contactSchema } from '#functions/contacts/contact.schema';
import { recentOrderSchema } from '#functions/orders/order/order.schema';
import { customerSchema } from '#functions/customers/customer/customer.schema';
import { attachmentSchema } from '#functions/attachments/attachment.schema';
import { quoteSummarySchema } from '#functions/orders/quotes/quote.schema';
import { shipmentSummarySchema } from '#functions/orders/shipments/shipment.schema';
import { invoiceSummarySchema } from '#functions/orders/invoices/invoice.schema';

/**
 * The customer 360 view. Sections that later features add (recent orders, open service requests, churn state)
 * become further properties here, filled from their own head items (see OVERVIEW_HEAD).
 */
export const customerOverviewSchema = z.strictObject({
  customer: customerSchema,
  /** Every live contact, the primary one first, then in the order they were added. */
  contacts: z.array(contactSchema),
  /** The latest 20 activities by `occurredAt`, newest first. */
  activities: z.array(activitySchema),
  /** Every open follow-up of the customer (whoever's list it is on), soonest due first. */
  openFollowUps: z.array(followUpSchema),
  /** The latest 20 orders by order date, newest first (status, total, balance, payment status). */
  recentOrders: z.array(recentOrderSchema),
  /**
   * The newest 20 attachments under the customer (on it, its orders, service requests and opportunities), newest
   * first; no download link (GET the attachment for one). An account manager sees no opportunity's here: those
   * follow the opportunity's assignee (functions/attachments/attachment.rules.ts).
   */
  attachments: z.array(attachmentSchema),
  /** The newest 20 quotes of the customer, any status (draft, sent, accepted …), newest first; no lines (GET the quote). */
  recentQuotes: z.array(quoteSummarySchema),
  /** The customer's shipments still in transit (the newest 20 by shipping time), newest first; no lines (list the order's shipments). */
  shipmentsInTransit: z.array(shipmentSummarySchema),
  /** The customer's newest 20 invoices by issue date (issued or void), newest first; no lines, no buyer (list the order's invoices). */
  recentInvoices: z.array(invoiceSummarySchema),
});
export type CustomerOverview = z.infer<typeof customerOverviewSchema>;
