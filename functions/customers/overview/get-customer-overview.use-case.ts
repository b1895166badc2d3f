import { withContactReference } from '#functions/activities/activity.rules';
import { withPrimaryFlag } from '#functions/contacts/contact.rules';
import type { Caller } from '#shared/auth/caller';
import { guardedRead, type CustomerReadGuard } from '#shared/read-guard/customer-read-guard';
import { customerNotFound, customerVisibleTo } from '#shared/customer-records/customer-head';
import type { CustomerOverviewReader } from './customer-overview.ports';
import type { CustomerOverview } from './customer-overview.schema';
import { withoutStorageMarkers } from '#functions/customers/customer/customer.rules';
import { attachmentView } from '#functions/attachments/attachment.view';

/**
 * The customer 360 view: the customer, all its contacts, its latest 20 activities, its open follow-ups, its newest
 * 20 orders, attachments and quotes, its shipments in transit and its newest 20 invoices.
 *
 * Primary course: one Query over the customer's item collection (see DynamoDbCustomerOverviewReader); the
 * customer is visible to the caller → the view, contacts flagged primary from the customer's pointer, each
 * activity's contact named (or shown as removed).
 *
 * Alternates: customer missing, archived or out of scope → CustomerNotFound (404), exactly as `GET /customers/{id}`.
 *
 * Guard: one customer-record read for the read guard, counted concurrently with the Query.
 */
export const getCustomerOverview = async (
  deps: { overview: CustomerOverviewReader; readGuard: CustomerReadGuard },
  request: { caller: Caller; customerId: string },
): Promise<CustomerOverview> =>
  guardedRead(deps.readGuard, request.caller.username, 1, () => overviewOf(deps.overview, request), () => 1);

const overviewOf = async (
  reader: CustomerOverviewReader,
  request: { caller: Caller; customerId: string },
): Promise<CustomerOverview> => {
  const read = await reader.read(request.customerId);
  if (!customerVisibleTo(request.caller, read.head) || !read.customer) throw customerNotFound(request.customerId);
  const head = read.head;
  const contacts = read.contacts
    .map((contact) => withPrimaryFlag(contact, head))
    .sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary) || (a.id < b.id ? -1 : 1));
  return {
    customer: withoutStorageMarkers(read.customer),
    contacts,
    activities: read.activities.map((activity) => withContactReference(activity, read.directory)),
    openFollowUps: [...read.followUps].sort((a, b) => (a.dueAt === b.dueAt ? (a.activityId < b.activityId ? -1 : 1) : a.dueAt < b.dueAt ? -1 : 1)),
    recentOrders: read.recentOrders ?? [],
    attachments: (read.attachments ?? [])
      .filter((attachment) => request.caller.scope === 'all' || attachment.parentType !== 'opportunity')
      .map(attachmentView),
    recentQuotes: [...(read.recentQuotes ?? [])],
    shipmentsInTransit: [...(read.shipmentsInTransit ?? [])],
    recentInvoices: [...(read.recentInvoices ?? [])],
  };
};
