import type { FeatureContracts } from '#shared/http/contract';
import {
  activityListSchema,
  activityParams,
  activitySchema,
  createActivityBody,
  customerActivitiesParams,
  followUpListSchema,
  listActivitiesQuery,
  listFollowUpsQuery,
  updateActivityBody,
} from './activity.schema';

const activity = { description: 'The activity', schema: activitySchema, name: 'Activity' };

/** The contracts of the routes the activities function serves (see shared/http/contract.ts). */
export const activitiesContracts = {
  listActivities: {
    params: customerActivitiesParams,
    query: listActivitiesQuery,
    responses: { 200: { description: "A page of the customer's activities", schema: activityListSchema, name: 'ActivityList' } },
  },
  createActivity: {
    params: customerActivitiesParams,
    body: createActivityBody,
    bodyName: 'CreateActivityRequest',
    responses: { 201: { ...activity, description: 'The activity recorded' } },
  },
  getActivity: { params: activityParams, responses: { 200: activity } },
  updateActivity: {
    params: activityParams,
    body: updateActivityBody,
    bodyName: 'UpdateActivityRequest',
    responses: { 200: { ...activity, description: 'The activity as updated' } },
  },
  deleteActivity: { params: activityParams, responses: { 204: { description: 'Deleted (soft)' } } },
  listFollowUps: {
    query: listFollowUpsQuery,
    responses: { 200: { description: 'A page of open follow-ups', schema: followUpListSchema, name: 'FollowUpList' } },
  },
} satisfies FeatureContracts<'activities'>;
