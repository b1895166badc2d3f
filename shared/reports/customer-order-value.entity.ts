import { aggregateKeys } from '#shared/keys/orders.keys';
import { defineAggregate } from './aggregate-entity';

/**
 * Order value and count of one customer in one year (`pk = AGG#CUSTOMER_ORDER_VALUE#<year>`), with one pair of
 * attributes per month (`orderValueM11`, `orderCountM11`) on the same item: the contribution report of a year or
 * a month is one Query of the year's partition. Kept by the order writes (functions/orders).
 */
export const customerOrderValueEntity = {
  ...defineAggregate<{ customerId: string; year: string; currency: string }>({
    name: 'CustomerOrderValue',
    keyOf: ({ year, customerId }) => aggregateKeys.customerOrderValue(year, customerId),
  }),
  partition: aggregateKeys.customerOrderValuePartition,
  monthValueAttribute: aggregateKeys.monthValueAttribute,
  monthCountAttribute: aggregateKeys.monthCountAttribute,
};
