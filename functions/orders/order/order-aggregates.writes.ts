import type { TransactItem } from '#shared/db/transactions';
import { plainUpdate } from '#shared/db/update-expression';
import { customerOrderValueEntity } from '#shared/reports/customer-order-value.entity';
import { customerReceivablesEntity } from '#shared/reports/customer-receivables.entity';
import { netTotalOf, periodOf } from './order.rules';
import type { Order } from './order.schema';
import { ACCOUNTING_CURRENCY } from '#functions/orders/products/product.schema';

/**
 * The report aggregates an order write keeps, in the order write's own transaction (docs/data-model.md, "Reports"):
 * unconditional ADDs, so they never refuse the transaction. Placing, cancelling and paying an order share them.
 */

/**
 * Order value and count of the customer in the order's year, and in its month (attributes of the same item). The value
 * is the order's net total (its total less the credit notes of its returns): a merge moving a returned order moves
 * what the aggregate holds of it.
 */
export const orderValueAggregate = (tableName: string, order: Order, sign: 1 | -1): TransactItem => {
  const { year, month } = periodOf(order.orderedAt);
  const value = sign * netTotalOf(order);
  const identity = { customerId: order.customerId, year, currency: order.total.currency };
  return plainUpdate(
    tableName,
    customerOrderValueEntity.keyOf(identity),
    customerOrderValueEntity.addPlan(identity, {
      orderValue: value,
      orderCount: sign,
      [customerOrderValueEntity.monthValueAttribute(month)]: value,
      [customerOrderValueEntity.monthCountAttribute(month)]: sign,
    }),
  );
};

/** An edit or a return of an order: its value moves by `delta` in its year and month, its count stays. */
export const orderValueChange = (tableName: string, order: Order, delta: number): TransactItem => {
  const { year, month } = periodOf(order.orderedAt);
  const identity = { customerId: order.customerId, year, currency: order.total.currency };
  return plainUpdate(
    tableName,
    customerOrderValueEntity.keyOf(identity),
    customerOrderValueEntity.addPlan(identity, { orderValue: delta, [customerOrderValueEntity.monthValueAttribute(month)]: delta }),
  );
};

/**
 * Outstanding balance and open (not fully paid) orders of the customer; the same delta on the balance of the
 * orders placed on the order's day (`outstandingD<yyyymmdd>`) and, when the order has a due date, on the balance due
 * that day (`dueD<yyyymmdd>`), from which the receivables report ages balances by order date and by due date.
 */
export const receivablesUpdate = (
  tableName: string,
  customerId: string,
  outstandingDelta: number,
  openOrdersDelta: number,
  orderedAt: string,
  dueAt?: string,
): TransactItem => {
  const identity = { customerId, currency: ACCOUNTING_CURRENCY };
  return plainUpdate(
    tableName,
    customerReceivablesEntity.keyOf(identity),
    customerReceivablesEntity.addPlan(identity, {
      outstanding: outstandingDelta,
      openOrders: openOrdersDelta,
      [customerReceivablesEntity.dayAttribute(orderedAt)]: outstandingDelta,
      ...(dueAt === undefined ? {} : { [customerReceivablesEntity.dueDayAttribute(dueAt)]: outstandingDelta }),
    }),
  );
};
