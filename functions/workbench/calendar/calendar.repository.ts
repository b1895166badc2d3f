import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item } from '#shared/db/item';
import type { IndexKey } from '#shared/db/index-key';
import { followUpKeys } from '#shared/keys/contact-activity.keys';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { serviceKeys } from '#shared/keys/service.keys';
import { taskKeys } from '#shared/keys/task.keys';
import { planStepDueAt } from '#shared/reminders/plan-step-reminder';
import { careSourceOf } from '#shared/reminders/care-reminder';
import { isNoContactFirstLook, noContactCustomerOf } from '#shared/reminders/no-contact-reminder';
import { reminderEntity } from '#shared/reminders/reminder.entity';
import { reminderKeys } from '#shared/reminders/reminder.keys';
import { SERVICE_HANDLING_HOURS } from '#shared/reminders/reminder';
import { followUpEntity } from '#functions/activities/follow-up.entity';
import { planStepEntity } from '#functions/opportunities/plan-steps/plan-step.entity';
import { serviceEntity } from '#functions/services/service.entity';
import { taskEntity } from '#functions/workbench/tasks/task.entity';
import type { CalendarRepository, CalendarSource } from './calendar.ports';
import type { CalendarEntry } from './calendar.schema';

const HOUR = 3_600_000;
const shift = (at: string, ms: number) => new Date(Date.parse(at) + ms).toISOString();

/** One Query of a user's partition of an index over a sort-key range, at most `limit` items. */
const rangeQuery = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  index: IndexKey<[string]>,
  userId: string,
  range: { from: string; to: string },
  limit: number,
  filter?: { attribute: string; value: string },
  latestFirst = false,
): Promise<Item[]> => {
  const result = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: index.index,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ...(filter ? { FilterExpression: '#f = :f' } : {}),
      ExpressionAttributeNames: { '#pk': index.pkAttribute, '#sk': index.skAttribute, ...(filter ? { '#f': filter.attribute } : {}) },
      ExpressionAttributeValues: { ':pk': index.pk(userId), ':from': range.from, ':to': range.to, ...(filter ? { ':f': filter.value } : {}) },
      Limit: limit,
      ...(latestFirst ? { ScanIndexForward: false } : {}),
    }),
  );
  return result.Items ?? [];
};

/**
 * The calendar's five sources on the single table (care: the owner's care index of care reminders, gsi2
 * `CAREOWNER#<ownerId>`). Sort keys are `…<at>#<id>`: `BETWEEN <from> AND <to>` keeps `to`
 * exclusive (an entry at exactly `to` sorts after it). A filtered source (services: only `assigned` ones) reads at
 * most `limit` + 1 items before the filter, so it may show fewer than exist — never more requests.
 */
export const dynamoDbCalendarRepository = (client: DynamoDBDocumentClient, tableName: string): CalendarRepository => {
  const tasks: CalendarSource = {
    async entries(userId, from, to, limit, options) {
      const items = await rangeQuery(client, tableName, taskKeys.byAssignee, userId, { from: `open#${from}`, to: `open#${to}` }, limit + 1, undefined, options?.latestFirst);
      return items.map(taskEntity.fromItem).map((task): CalendarEntry => ({
        kind: 'task', id: task.id, title: task.title, at: task.dueAt, priority: task.priority, path: `/v1/tasks/${task.id}`,
        ...(task.customerId ? { customerId: task.customerId, customerName: task.customerName } : {}),
      }));
    },
  };
  const followUps: CalendarSource = {
    async entries(userId, from, to, limit, options) {
      const items = await rangeQuery(client, tableName, followUpKeys.byAssignee, userId, { from, to }, limit + 1, undefined, options?.latestFirst);
      return items.map(followUpEntity.fromItem).map((followUp): CalendarEntry => ({
        kind: 'follow-up', id: followUp.activityId, title: followUp.title, at: followUp.dueAt, customerId: followUp.customerId,
        path: `/v1/customers/${followUp.customerId}/activities/${followUp.activityId}`,
      }));
    },
  };
  const services: CalendarSource = {
    async entries(userId, from, to, limit, options) {
      const lead = SERVICE_HANDLING_HOURS * HOUR;
      const range = { from: shift(from, -lead), to: shift(to, -lead) };
      const items = await rangeQuery(client, tableName, serviceKeys.byAssignee, userId, range, limit + 1, { attribute: 'status', value: 'assigned' }, options?.latestFirst);
      return items.map(serviceEntity.fromItem).map((service): CalendarEntry => ({
        kind: 'service', id: service.id, title: service.title, at: shift(service.createdAt, lead), customerId: service.customerId,
        customerName: service.customerName, path: `/v1/services/${service.id}`,
      }));
    },
  };
  const planSteps: CalendarSource = {
    async entries(userId, from, to, limit, options) {
      // Sort key `<dueAt>#<opportunityId>#<stepId>`: the bounds as for the other sources.
      const items = await rangeQuery(client, tableName, opportunityKeys.stepsByAssignee, userId, { from, to }, limit + 1, undefined, options?.latestFirst);
      return items.map(planStepEntity.fromItem).map((step): CalendarEntry => ({
        kind: 'plan-step', id: step.id, opportunityId: step.opportunityId, title: step.action, at: planStepDueAt(step.plannedAt),
        path: `/v1/opportunities/${step.opportunityId}/plan-steps`,
      }));
    },
  };
  const care: CalendarSource = {
    async entries(userId, from, to, limit, options) {
      // Sort key `<dueAt>#<sourceId>`; a no-contact check not yet placed by the job (its first look) is not shown.
      const items = await rangeQuery(client, tableName, reminderKeys.careByOwner, userId, { from, to }, limit + 1, undefined, options?.latestFirst);
      return items
        .map(reminderEntity.fromItem)
        .filter((reminder) => !isNoContactFirstLook(reminder) && reminder.customerId)
        .map((reminder): CalendarEntry => {
          const day = careSourceOf(reminder.sourceId);
          const id = day ? day.contactId : (noContactCustomerOf(reminder.sourceId) ?? reminder.customerId!);
          return {
            kind: 'care', id, title: reminder.title, at: reminder.dueAt, customerId: reminder.customerId!,
            ...(reminder.customerName ? { customerName: reminder.customerName } : {}),
            occasion: day ? day.type : 'no-contact', path: reminder.path,
          };
        });
    },
  };
  return { tasks, followUps, services, planSteps, care };
};
