import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Caller } from './dunning.dependencies';
import type { DunnedOrderView } from './dunning.ports';

/** A read that raced a write this many times answers 503. */
export const STALE_READ_ATTEMPTS = 3;

export const orderNotFound = (orderId: string): DomainError => new DomainError(ErrorCode.OrderNotFound, `Order ${orderId} does not exist.`);

/**
 * The order if the caller may see it, like the order routes: anyone with `all` scope; an account manager only while
 * the order's customer is theirs and not archived. Otherwise → OrderNotFound (404), like a missing order.
 */
export const visibleOrder = (caller: Caller, orderId: string, order: DunnedOrderView | undefined): DunnedOrderView => {
  if (!order) throw orderNotFound(orderId);
  if (caller.scope === 'own' && order.ownerId !== caller.username) throw orderNotFound(orderId);
  return order;
};

export const busy = (): DomainError => new DomainError(ErrorCode.ServiceBusy, 'The service is busy; retry after a moment.', { retryAfterSeconds: 1 });
