import type { Money } from '#shared/core/schema-primitives';
import { defineEntity, fieldsOf } from '#shared/db/entity';
import { receivableKeys } from './receivable.keys';

/** An open receivable: an order with a balance left, as the dunning list shows it. */
export interface Receivable {
  readonly orderId: string;
  readonly orderNo: string;
  readonly customerId: string;
  readonly customerName: string;
  /**
   * The customer's owner: set at placement, moved by each transfer (receivable-owner.repository.ts) — the by-owner
   * partition. Reads still check the current owner (a transfer's move runs right after its transaction).
   */
  readonly ownerId: string;
  readonly orderedAt: string;
  readonly paymentTermsDays: number;
  readonly dueAt: string;
  readonly total: Money;
  readonly balance: Money;
  readonly updatedAt: string;
}

/**
 * The open-receivable item (receivable.keys.ts), declared once. Put when an order with a balance is placed, its
 * balance updated by each payment, deleted by the payment that settles it or by the cancellation — all in the order
 * write's own transaction (shared/dunning/receivable.writes.ts).
 */
export const receivableEntity = defineEntity<Receivable>({
  name: 'Receivable',
  fields: fieldsOf<Receivable>()(
    'orderId', 'orderNo', 'customerId', 'customerName', 'ownerId', 'orderedAt', 'paymentTermsDays', 'dueAt', 'total', 'balance', 'updatedAt',
  ),
  keyOf: (receivable) => receivableKeys.item(receivable.orderId),
  indexesOf: (receivable) => ({
    [receivableKeys.byOwner.pkAttribute]: receivableKeys.byOwner.pk(receivable.ownerId),
    [receivableKeys.byOwner.skAttribute]: receivableKeys.sortKey(receivable.dueAt, receivable.orderId),
    [receivableKeys.all.pkAttribute]: receivableKeys.all.pk(),
    [receivableKeys.all.skAttribute]: receivableKeys.sortKey(receivable.dueAt, receivable.orderId),
    [receivableKeys.byCustomer.pkAttribute]: receivableKeys.byCustomer.pk(receivable.customerId),
    [receivableKeys.byCustomer.skAttribute]: receivableKeys.sortKey(receivable.dueAt, receivable.orderId),
  }),
});
