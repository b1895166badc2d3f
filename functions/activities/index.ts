import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/**
 * Lambda entry of the activities function (activities and follow-up lists): one handler module per route-table
 * row, imported on the route's first request.
 */
export const handler = createFeatureHandler('activities', {
  listActivities: async () => (await import('./list-activities.handler')).listActivitiesHandler,
  createActivity: async () => (await import('./create-activity.handler')).createActivityHandler,
  getActivity: async () => (await import('./get-activity.handler')).getActivityHandler,
  updateActivity: async () => (await import('./update-activity.handler')).updateActivityHandler,
  deleteActivity: async () => (await import('./delete-activity.handler')).deleteActivityHandler,
  listFollowUps: async () => (await import('./list-follow-ups.handler')).listFollowUpsHandler,
});
