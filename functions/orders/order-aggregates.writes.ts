import type { TransactItem } from '#shared/db/transactions';
import { plainUpdate } from '#shared/db/update-expression';
import { aggregateKeys } from '#shared/keys/orders.keys';
import { periodOf } from './order.rules';
import type { Order } from './order.schema';
import { ACCOUNTING_CURRENCY } from './product.schema';

/**
 * The report aggregates an order write keeps, in the order write's own transaction (docs/data-model.md, "Reports"):
 * unconditional ADDs, so they never refuse the transaction. Placing, cancelling and paying an order share them.
 */

/** Order value and count of the customer in the order's year, and in its month (attributes of the same item). */
export const orderValueAggregate = (tableName: string, order: Order, sign: 1 | -1): TransactItem => {
  const { year, month } = periodOf(order.orderedAt);
  const value = sign * order.total.amount;
  return plainUpdate(tableName, aggregateKeys.customerOrderValue(year, order.customerId), {
    set: { entity: 'CustomerOrderValue', customerId: order.customerId, year, currency: order.total.currency },
    add: {
      orderValue: value,
      orderCount: sign,
      [aggregateKeys.monthValueAttribute(month)]: value,
      [aggregateKeys.monthCountAttribute(month)]: sign,
    },
  });
};

/**
 * Outstanding balance and open (not fully paid) orders of the customer; the same delta on the balance of the
 * orders placed on the order's day (`outstandingD<yyyymmdd>`), from which the receivables report ages balances.
 */
export const receivablesUpdate = (
  tableName: string,
  customerId: string,
  outstandingDelta: number,
  openOrdersDelta: number,
  orderedAt: string,
): TransactItem =>
  plainUpdate(tableName, aggregateKeys.receivables(customerId), {
    set: { entity: 'CustomerReceivables', customerId, currency: ACCOUNTING_CURRENCY },
    add: { outstanding: outstandingDelta, openOrders: openOrdersDelta, [aggregateKeys.receivableDayAttribute(orderedAt)]: outstandingDelta },
  });
