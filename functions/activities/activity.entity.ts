import { defineEntity, fieldsOf } from '#shared/db/entity';
import { activityKeys } from '#shared/keys/contact-activity.keys';
import type { StoredActivity } from './activity.schema';

/**
 * The activity item (`pk = CUSTOMER#<id>`, `sk = ACTIVITY#<ulid>`: the customer's timeline) and its soft-deleted
 * copy (`REMOVED#ACTIVITY#<id>`), declared once: the activities feature and the 360 view go through these.
 * docs/data-model.md, "Contacts, activities, follow-ups and the customer 360 view", explains the keys.
 */
export const ACTIVITY_FIELDS = fieldsOf<StoredActivity>()(
  'id', 'customerId', 'type', 'occurredAt', 'place', 'title', 'description', 'result', 'contactId', 'participants',
  'nextFollowUpAt', 'followUpDone',
  'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
);

export const activityEntity = defineEntity<StoredActivity>({
  name: 'Activity',
  fields: ACTIVITY_FIELDS,
  keyOf: (activity) => activityKeys.item(activity.customerId, activity.id),
});

/** A deleted activity: the activity as it was, moved out of the timeline (restorable). */
export type RemovedActivity = StoredActivity & { readonly deletedAt: string; readonly deletedBy: string };

export const removedActivityEntity = defineEntity<RemovedActivity>({
  name: 'RemovedActivity',
  fields: [...ACTIVITY_FIELDS, 'deletedAt', 'deletedBy'],
  keyOf: (activity) => activityKeys.removed(activity.customerId, activity.id),
});
