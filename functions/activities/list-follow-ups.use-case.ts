import type { ActivityDependencies, Caller } from './activity.dependencies';
import type { PageKey } from './activity.ports';
import type { FollowUp } from './activity.schema';

/**
 * A user's open follow-ups, soonest due first, one page per call (one Query of the follow-up index).
 *
 * Primary course: without `userId`, the caller's own list; `dueBefore` (exclusive) cuts it at a date, without it
 * every open follow-up is listed. A follow-up leaves the list when it is marked done, removed, or its activity
 * is deleted.
 *
 * Rule: managers and executives may read any user's list; an account manager asking for another user's list
 * gets an empty page — a list filter never widens what a role may see.
 */
export const listFollowUps = async (
  deps: ActivityDependencies,
  request: {
    caller: Caller;
    filters: { userId?: string | undefined; dueBefore?: string | undefined };
    page: { limit: number; startKey?: PageKey | undefined };
  },
): Promise<{ items: FollowUp[]; lastKey?: PageKey | undefined }> => {
  const { caller, filters } = request;
  if (caller.scope === 'own' && filters.userId !== undefined && filters.userId !== caller.username) return { items: [] };
  return deps.activities.listFollowUps(filters.userId ?? caller.username, { dueBefore: filters.dueBefore }, request.page);
};
