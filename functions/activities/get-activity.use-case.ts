import type { ActivityDependencies, Caller } from './activity.dependencies';
import type { Activity } from './activity.schema';
import { visibleActivity, withContactReference } from './activity.rules';

/**
 * Read one activity.
 *
 * Primary course: one consistent read of the customer, the activity and the customer's contact directory; the
 * customer is visible to the caller → the activity, its contact named (or shown as removed).
 *
 * Alternates: customer missing, archived or out of scope → CustomerNotFound (404); activity missing or
 * deleted → ActivityNotFound (404).
 */
export const getActivity = async (
  deps: ActivityDependencies,
  request: { caller: Caller; customerId: string; activityId: string },
): Promise<Activity> => {
  const read = await deps.activities.get(request.customerId, request.activityId);
  const { activity } = visibleActivity(request.caller, request.customerId, request.activityId, read);
  return withContactReference(activity, read.directory);
};
