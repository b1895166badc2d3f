import type { Reminder } from '#shared/reminders/reminder';

/**
 * Dunning (催款): payment terms, due dates, overdue ageing and the reminders an open balance asks for. Shared by the
 * orders feature (placement, payments and cancellations keep the open-receivables index and the overdue reminder in
 * their own transactions) and the dunning feature (functions/dunning/). No AWS import here.
 */

/** Payment terms when neither the order nor its customer gives any (net 30). */
export const DEFAULT_PAYMENT_TERMS_DAYS = 30;
export const MAX_PAYMENT_TERMS_DAYS = 365;

const DAY = 86_400_000;

/** The instant a balance falls due: the order date plus the payment terms, in whole days. */
export const dueAtOf = (orderedAt: string, paymentTermsDays: number): string =>
  new Date(Date.parse(orderedAt) + paymentTermsDays * DAY).toISOString();

/** Whole days past the due date at `asOf`, at least 1 once it has passed (0 when not yet due). */
export const daysOverdue = (dueAt: string, asOf: Date): number => {
  const late = asOf.getTime() - Date.parse(dueAt);
  return late <= 0 ? 0 : Math.max(1, Math.floor(late / DAY));
};

/** Ageing by due date (账龄): not yet due, then 1–30, 31–60, 61–90 and over 90 days overdue. */
export const DUE_AGEING_BUCKETS = [
  { bucket: 'current', max: 0 },
  { bucket: 'overdue1to30', max: 30 },
  { bucket: 'overdue31to60', max: 60 },
  { bucket: 'overdue61to90', max: 90 },
  { bucket: 'overdueOver90', max: Number.POSITIVE_INFINITY },
] as const;
export type DueAgeingBucket = (typeof DUE_AGEING_BUCKETS)[number]['bucket'];

/** The bucket of a balance that is `days` overdue. A balance due today or later is `current`. */
export const dueBucketOf = (days: number): DueAgeingBucket => DUE_AGEING_BUCKETS.find(({ max }) => days <= max)!.bucket;

/** What a reminder of an order's balance needs to know of the order. */
export interface DunnedOrder {
  readonly id: string;
  readonly orderNo: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly createdAt: string;
  readonly dueAt?: string | undefined;
}

/**
 * The reminder an open balance asks for (kind `dunning`, source = the order): to the customer's owner at the due date,
 * or a minute after the order was entered when that is already past (a back-dated order; a reminder in a minute the job
 * has already read would never come). Derived from stored fields only, so a payment that settles the balance and a
 * cancellation find the same key to delete.
 */
export const overdueReminderOf = (order: DunnedOrder, recipientId: string): Reminder | undefined => {
  if (!order.dueAt) return undefined;
  const soonest = new Date(Date.parse(order.createdAt) + 60_000).toISOString();
  return {
    remindAt: order.dueAt > soonest ? order.dueAt : soonest,
    kind: 'dunning',
    sourceId: order.id,
    recipientId,
    title: `Payment overdue: order ${order.orderNo}`,
    dueAt: order.dueAt,
    customerId: order.customerId,
    customerName: order.customerName,
    path: `/v1/orders/${order.id}`,
  };
};

/** An open promise to pay (承诺付款), recorded by a dunning note and kept on the order. */
export interface PaymentPromise {
  /** The dunning note that recorded it: the source of its reminder. */
  readonly noteId: string;
  readonly promisedPayAt: string;
  /** Minor units. */
  readonly promisedAmount: number;
  /** The order's paid amount when the promise was made: what is paid beyond it counts towards the promise. */
  readonly paidBefore: number;
  readonly status: 'open' | 'kept';
}

/** A promise is kept once the payments since it cover the amount promised (or nothing is left to pay). */
export const promiseKept = (promise: PaymentPromise, paidAmount: number, balance: number): boolean =>
  balance === 0 || paidAmount - promise.paidBefore >= promise.promisedAmount;

/**
 * The reminder of a promise (kind `dunning`, source = the note): to the customer's owner at the promised date. A payment
 * that keeps the promise deletes it in its own transaction, so when it is delivered the promise is broken.
 */
export const promiseReminderOf = (order: DunnedOrder, promise: PaymentPromise, recipientId: string): Reminder => ({
  remindAt: promise.promisedPayAt,
  kind: 'dunning',
  sourceId: promise.noteId,
  recipientId,
  title: `Promise to pay broken: order ${order.orderNo}`,
  dueAt: promise.promisedPayAt,
  customerId: order.customerId,
  customerName: order.customerName,
  path: `/v1/orders/${order.id}`,
});
