import type { Money } from '#shared/core/schema-primitives';
import type { TransactItem } from '#shared/db/transactions';
import { plainUpdate } from '#shared/db/update-expression';
import { reminderDelete, reminderPut } from '#shared/reminders/reminder.writes';
import { overdueReminderOf, promiseKept, type DunnedOrder, type PaymentPromise } from './dunning';
import { receivableEntity } from './receivable.entity';
import { receivableKeys } from './receivable.keys';

/**
 * The transaction elements an order write adds for dunning (docs/data-model.md, "Dunning"): the open-receivable index
 * item and the reminders of the balance (overdue) and of an open promise. Placing, paying and cancelling an order add
 * them to their own transaction, so an order is in the index and has its reminders exactly while it has a balance.
 * Orders placed before payment terms existed have no `dueAt`: they get none of this.
 */
export interface ReceivableOrder extends DunnedOrder {
  readonly orderedAt: string;
  readonly paymentTermsDays?: number | undefined;
  readonly total: Money;
  readonly balance: Money;
  readonly paidAmount: Money;
  readonly updatedAt: string;
  readonly promise?: PaymentPromise | undefined;
}

const withDue = (order: ReceivableOrder): order is ReceivableOrder & { dueAt: string; paymentTermsDays: number } =>
  order.dueAt !== undefined && order.paymentTermsDays !== undefined;

/** A new order with a balance: its index item and its overdue reminder to the customer's owner. */
export const receivableOnPlacement = (tableName: string, order: ReceivableOrder, ownerId: string): TransactItem[] => {
  if (!withDue(order) || order.balance.amount <= 0) return [];
  const item = receivableEntity.toItem({
    orderId: order.id,
    orderNo: order.orderNo,
    customerId: order.customerId,
    customerName: order.customerName,
    ownerId,
    orderedAt: order.orderedAt,
    paymentTermsDays: order.paymentTermsDays,
    dueAt: order.dueAt,
    total: order.total,
    balance: order.balance,
    updatedAt: order.updatedAt,
  });
  return [
    { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    reminderPut(tableName, overdueReminderOf(order, ownerId)!),
  ];
};

/** Everything of an open balance, gone: the index item, the overdue reminder, an open promise's reminder. */
const settled = (tableName: string, order: ReceivableOrder): TransactItem[] => [
  { Delete: { TableName: tableName, Key: receivableKeys.item(order.id) } },
  reminderDelete(tableName, overdueReminderOf(order, '')!),
  ...(order.promise?.status === 'open' ? [reminderDelete(tableName, { remindAt: order.promise.promisedPayAt, kind: 'dunning', sourceId: order.promise.noteId })] : []),
];

/**
 * A payment: the balance settled → the item and the reminders go; otherwise the item's balance follows, and an open
 * promise the payments since it have covered loses its reminder (the order records it `kept`).
 */
export const receivableOnPayment = (tableName: string, before: ReceivableOrder, after: ReceivableOrder): TransactItem[] => {
  if (!withDue(before) || before.balance.amount <= 0) return [];
  if (after.balance.amount === 0) return settled(tableName, before);
  const promise = before.promise;
  const kept = promise?.status === 'open' && promiseKept(promise, after.paidAmount.amount, after.balance.amount);
  return [
    plainUpdate(tableName, receivableKeys.item(before.id), { set: { balance: after.balance, updatedAt: after.updatedAt } }),
    ...(kept ? [reminderDelete(tableName, { remindAt: promise.promisedPayAt, kind: 'dunning', sourceId: promise.noteId })] : []),
  ];
};

/** A cancellation takes the order's whole open balance away. */
export const receivableOnCancel = (tableName: string, order: ReceivableOrder): TransactItem[] =>
  withDue(order) && order.balance.amount > 0 ? settled(tableName, order) : [];

/** The order's promise after a payment: `kept` once the payments since it cover it. */
export const promiseAfterPayment = (promise: PaymentPromise | undefined, paidAmount: number, balance: number): PaymentPromise | undefined =>
  promise?.status === 'open' && promiseKept(promise, paidAmount, balance) ? { ...promise, status: 'kept' } : promise;
