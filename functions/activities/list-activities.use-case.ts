import { customerNotFound, customerVisibleTo } from '#shared/customer-records/customer-head';
import type { ActivityDependencies, Caller } from './activity.dependencies';
import type { PageKey } from './activity.ports';
import type { Activity } from './activity.schema';
import { withContactReference } from './activity.rules';

export interface ActivityFilters {
  type?: string | undefined;
  /** ISO instants: from ≤ occurredAt < to. */
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * List a customer's activities, newest first, one page per call.
 *
 * Primary course: the date range is a range of the activities' sort keys (their ids carry `occurredAt`); the type
 * is a filter on the same Query; a first page without `to` also reads the customer and the contact directory in
 * that one Query. The customer is visible to the caller → the page, each activity's contact named.
 *
 * Alternates: customer missing, archived or out of scope → CustomerNotFound (404). With a type filter a page may
 * hold fewer than `limit` items while `nextCursor` is set (DynamoDB applies Limit before the filter).
 */
export const listActivities = async (
  deps: ActivityDependencies,
  request: { caller: Caller; customerId: string; filters: ActivityFilters; page: { limit: number; startKey?: PageKey | undefined } },
): Promise<{ items: Activity[]; lastKey?: PageKey | undefined }> => {
  const { filters } = request;
  const page = await deps.activities.list(
    request.customerId,
    {
      type: filters.type,
      from: filters.from === undefined ? undefined : Date.parse(filters.from),
      to: filters.to === undefined ? undefined : Date.parse(filters.to),
    },
    request.page,
  );
  if (!customerVisibleTo(request.caller, page.customer)) throw customerNotFound(request.customerId);
  return { items: page.items.map((activity) => withContactReference(activity, page.directory)), lastKey: page.lastKey };
};
