import { defineEntity, fieldsOf } from '#shared/db/entity';
import { taskKeys } from '#shared/keys/task.keys';
import type { Task } from './task.schema';

/**
 * The task (`pk = TASK#<id>`, `sk = TASK`), declared once; rewritten whole by every change, so its index attributes
 * always follow its assignee, status and due date. docs/data-model.md, "Tasks", explains keys and indexes.
 */
export const TASK_FIELDS = fieldsOf<Task>()(
  'id', 'title', 'notes', 'dueAt', 'remindAt', 'priority', 'status', 'customerId', 'customerName', 'opportunityId', 'serviceId',
  'assigneeId', 'assigneeName', 'delegatedBy', 'delegatedAt', 'delegationNote', 'recurrence', 'seriesId', 'seriesStartAt',
  'occurrence', 'nextTaskId', 'result', 'completedAt', 'completedBy', 'cancelReason', 'cancelledAt', 'cancelledBy',
  'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
);

export const taskEntity = defineEntity<Task>({
  name: 'Task',
  fields: TASK_FIELDS,
  keyOf: (task) => taskKeys.item(task.id),
  indexesOf: (task) => {
    const sk = taskKeys.sortKey(task.status, task.dueAt, task.id);
    const { byAssignee, byCreator, byCustomer } = taskKeys;
    return {
      [byAssignee.pkAttribute]: byAssignee.pk(task.assigneeId),
      [byAssignee.skAttribute]: sk,
      [byCreator.pkAttribute]: byCreator.pk(task.createdBy),
      [byCreator.skAttribute]: sk,
      [byCustomer.pkAttribute]: task.customerId ? byCustomer.pk(task.customerId) : undefined,
      [byCustomer.skAttribute]: task.customerId ? sk : undefined,
    };
  },
});
