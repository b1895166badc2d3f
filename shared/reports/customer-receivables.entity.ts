import { aggregateKeys } from '#shared/keys/orders.keys';
import { defineAggregate } from './aggregate-entity';

/** `outstandingD20261022` → its day (UTC). */
const DAY_ATTRIBUTE = /^outstandingD(\d{4})(\d{2})(\d{2})$/;
const DUE_DAY_ATTRIBUTE = /^dueD(\d{4})(\d{2})(\d{2})$/;

/**
 * The outstanding balance and open orders of one customer (`pk = AGG#RECEIVABLES`), with the balance of the orders
 * placed on each day (`outstandingD<yyyymmdd>`) and of the orders due on each day (`dueD<yyyymmdd>`, orders with payment
 * terms only) from which the receivables report ages it. Kept by the order
 * writes (functions/orders).
 */
export const customerReceivablesEntity = {
  ...defineAggregate<{ customerId: string; currency: string }>({
    name: 'CustomerReceivables',
    keyOf: ({ customerId }) => aggregateKeys.receivables(customerId),
  }),
  partition: aggregateKeys.receivablesPartition,
  dayAttribute: aggregateKeys.receivableDayAttribute,
  dueDayAttribute: aggregateKeys.receivableDueDayAttribute,
  /** The UTC day (epoch ms) whose balance an attribute holds; undefined for any other attribute. */
  dayOfAttribute: (attribute: string): number | undefined => {
    const day = DAY_ATTRIBUTE.exec(attribute);
    return day ? Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : undefined;
  },
  /** The UTC day (epoch ms) whose due balance an attribute holds (`dueD<yyyymmdd>`); undefined for any other. */
  dueDayOfAttribute: (attribute: string): number | undefined => {
    const day = DUE_DAY_ATTRIBUTE.exec(attribute);
    return day ? Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : undefined;
  },
};
