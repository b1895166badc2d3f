import { defineEntity, fieldsOf } from '#shared/db/entity';
import type { UpdatePlan } from '#shared/db/update-expression';
import { followUpKeys } from '#shared/keys/contact-activity.keys';
import type { FollowUp } from './activity.schema';

/**
 * The open follow-up of an activity (`pk = CUSTOMER#<id>`, `sk = CUSTOMER#FOLLOWUP#<activityId>`: in the head of
 * its customer's collection, for the 360 view), declared once. It exists only while the activity's follow-up is
 * set and not done, and it is on its assignee's list (`followUpKeys.byAssignee`, gsi1, sparse: soonest first).
 * The activities feature writes it; the 360 view reads it; the customers feature's transfer and archive change
 * its list through `followUpReassigned` and `FOLLOW_UP_OFF_LISTS` (docs/data-model.md, "Contacts, activities,
 * follow-ups and the customer 360 view").
 */
export const FOLLOW_UP_FIELDS = fieldsOf<FollowUp>()('activityId', 'customerId', 'assigneeId', 'dueAt', 'type', 'title', 'occurredAt', 'contactId');

/** The list a follow-up is on: its assignee's, soonest due first. */
export const followUpList = followUpKeys.byAssignee;

export const followUpEntity = defineEntity<FollowUp>({
  name: 'FollowUp',
  fields: FOLLOW_UP_FIELDS,
  keyOf: (followUp) => followUpKeys.item(followUp.customerId, followUp.activityId),
  indexesOf: (followUp) => ({
    [followUpList.pkAttribute]: followUpList.pk(followUp.assigneeId),
    [followUpList.skAttribute]: followUpKeys.sortKey(followUp.dueAt, followUp.activityId),
  }),
});

/** A follow-up moved to another user's list (a customer transfer): the assignee and the list; the due date stays. */
export const followUpReassigned = (assigneeId: string): UpdatePlan => ({
  set: { assigneeId, [followUpList.pkAttribute]: followUpList.pk(assigneeId) },
});

/**
 * A follow-up taken off every list (its customer archived): the list attributes go; `assigneeId` and `dueAt`
 * stay, so a restore can put it back (`followUpEntity.indexAttributes`).
 */
export const FOLLOW_UP_OFF_LISTS: UpdatePlan = { remove: [followUpList.pkAttribute, followUpList.skAttribute] };
