import { changesBetween } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import type { TransactItem } from '#shared/db/transactions';
import type { Order } from './order.schema';

/**
 * The audit entry of an order's write (a change, a payment, a shipment, an invoice, a return, a refund). Every order
 * write is conditional on the version `current` was read at, so the diff is exactly what the committed write changed.
 */
export const orderAudit = (
  tableName: string,
  current: Order,
  next: Order,
  entry: { readonly action?: 'update' | 'transition'; readonly note?: string | undefined } = {},
): TransactItem =>
  auditPut(tableName, {
    at: next.updatedAt,
    actor: next.updatedBy,
    action: entry.action ?? 'update',
    entityType: 'order',
    entityId: next.id,
    customerId: next.customerId,
    entityVersion: next.version,
    changes: changesBetween(current, next),
    ...(entry.note === undefined ? {} : { note: entry.note }),
  });
