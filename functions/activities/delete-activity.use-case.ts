import { guardFor } from '#shared/customer-records/customer-head';
import type { ActivityDependencies, Caller } from './activity.dependencies';
import { followUpOf, staleVersion, visibleActivity } from './activity.rules';

/**
 * Delete (soft) an activity.
 *
 * Primary course: after one consistent read (scope, existence, version), one transaction moves the activity out
 * of the customer's timeline into a restorable record and takes its open follow-up off the follow-up list.
 * `lastContactAt` stays: it only ever moves forward.
 *
 * Alternates: customer missing, archived or out of scope → CustomerNotFound (404); activity missing or already
 * deleted → ActivityNotFound (404); another version → VersionConflict (412).
 */
export const deleteActivity = async (
  deps: ActivityDependencies,
  request: { caller: Caller; customerId: string; activityId: string; expectedVersion: number },
): Promise<void> => {
  const { caller, customerId, activityId, expectedVersion } = request;
  const read = await deps.activities.get(customerId, activityId);
  const { activity } = visibleActivity(caller, customerId, activityId, read);
  if (activity.version !== expectedVersion) throw staleVersion(activityId, activity.version);
  await deps.activities.remove(activity, {
    guard: guardFor(caller, customerId),
    expectedVersion,
    actor: { username: caller.username, at: deps.clock.now().toISOString() },
    openFollowUp: followUpOf(activity),
  });
};
