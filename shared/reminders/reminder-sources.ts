import type { Reminder } from './reminder';

/**
 * The reminders of follow-ups and churn warnings (docs/data-model.md, "Reminders and notifications").
 * Each is derived from the source's stored fields only, so the write that moves or ends the source computes the same
 * key to delete without reading it. No AWS import here.
 */

/** What a follow-up reminder needs of the open follow-up (functions/activities/follow-up.entity.ts). */
export interface FollowUpSource {
  readonly activityId: string;
  readonly customerId: string;
  readonly assigneeId: string;
  readonly dueAt: string;
  readonly title: string;
}

/**
 * The reminder of an open follow-up: to its assignee at its due time. A follow-up already due when it is written
 * gets none (it is overdue on the list and the workbench; a reminder in a minute the job has read would never be
 * delivered and would stay behind).
 */
export const followUpReminderOf = (followUp: FollowUpSource | undefined, at: string): Reminder | undefined =>
  followUp && followUp.dueAt > at
    ? {
        remindAt: followUp.dueAt,
        kind: 'follow-up',
        sourceId: followUp.activityId,
        recipientId: followUp.assigneeId,
        title: followUp.title,
        dueAt: followUp.dueAt,
        customerId: followUp.customerId,
        path: `/v1/customers/${followUp.customerId}/activities/${followUp.activityId}`,
      }
    : undefined;

/** The key of a follow-up's reminder (whether or not one was written: a Delete of a missing item is harmless). */
export const followUpReminderPlace = (followUp: Pick<FollowUpSource, 'activityId' | 'dueAt'>): Pick<Reminder, 'remindAt' | 'kind' | 'sourceId'> => ({
  remindAt: followUp.dueAt,
  kind: 'follow-up',
  sourceId: followUp.activityId,
});

/**
 * The reminder a churn warning sends its customer's owner: a minute after the record opens (the job that opens it
 * runs daily; a reminder in the minute being written could fall before the reminder job's checkpoint).
 */
export const churnReminderOf = (record: { customerId: string; customerName: string; ownerId: string; openedAt: string }): Reminder => ({
  remindAt: new Date(Date.parse(record.openedAt) + 60_000).toISOString(),
  kind: 'churn',
  sourceId: record.customerId,
  recipientId: record.ownerId,
  title: `Customer at churn risk: ${record.customerName}`,
  dueAt: record.openedAt,
  customerId: record.customerId,
  customerName: record.customerName,
  path: `/v1/lost-customers/${record.customerId}`,
});
