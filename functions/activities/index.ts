import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';
import { createActivityHandler } from './create-activity.handler';
import { deleteActivityHandler } from './delete-activity.handler';
import { getActivityHandler } from './get-activity.handler';
import { listActivitiesHandler } from './list-activities.handler';
import { listFollowUpsHandler } from './list-follow-ups.handler';
import { updateActivityHandler } from './update-activity.handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/** Lambda entry of the activities function (activities and follow-up lists): one handler per route-table row. */
export const handler = createFeatureHandler('activities', {
  listActivities: listActivitiesHandler,
  createActivity: createActivityHandler,
  getActivity: getActivityHandler,
  updateActivity: updateActivityHandler,
  deleteActivity: deleteActivityHandler,
  listFollowUps: listFollowUpsHandler,
});
