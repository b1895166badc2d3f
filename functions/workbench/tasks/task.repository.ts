import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changesBetween, type AuditAction } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { part, parts, transactParts, type TransactionPart } from '#shared/db/transactions';
import { idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import { customerKeys } from '#shared/keys/customer.keys';
import { taskKeys } from '#shared/keys/task.keys';
import { reminderChange } from '#shared/reminders/reminder.writes';
import type {
  CreateTaskOutcome,
  IdempotencyClaim,
  Page,
  PageKey,
  TaskCustomer,
  TaskCustomerGuard,
  TaskListCriteria,
  TaskRepository,
} from './task.ports';
import { taskEntity } from './task.entity';
import { reminderOf } from './task.rules';
import type { Task } from './task.schema';

/** What each element of a task's transaction writes, to explain a refusal by label. */
type TaskPart = 'task' | 'next' | 'reminder' | 'customer' | 'idempotency' | 'audit';

const vanished = (): never => {
  throw new Error('task create: the idempotency record refused the write twice and was gone both times');
};

const customerNotFound = (customerId: string) =>
  new DomainError(ErrorCode.CustomerNotFound, `Customer ${customerId} does not exist.`, {
    errors: [{ path: 'body.customerId', message: 'No such customer.' }],
  });

/** How a change reads in the audit trail. */
const auditActionOf = (previous: Task, next: Task): AuditAction =>
  previous.assigneeId !== next.assigneeId ? 'assign' : previous.status !== next.status ? 'transition' : 'update';

export class DynamoDbTaskRepository implements TaskRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async customer(customerId: string): Promise<TaskCustomer | undefined> {
    const { Item: item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: customerKeys.item(customerId),
        ConsistentRead: true,
        ProjectionExpression: '#id, #name, #ownerId, #deletedAt',
        ExpressionAttributeNames: { '#id': 'id', '#name': 'name', '#ownerId': 'ownerId', '#deletedAt': 'deletedAt' },
      }),
    );
    if (!item || typeof item.id !== 'string') return undefined;
    return { id: item.id, name: String(item.name), ownerId: String(item.ownerId), archived: item.deletedAt !== undefined };
  }

  /** The Put of a new task, with its reminder and its audit entry. */
  private createParts(task: Task, label: 'task' | 'next'): TransactionPart<TaskPart>[] {
    return [
      part(label, { Put: { TableName: this.tableName, Item: taskEntity.toItem(task), ConditionExpression: 'attribute_not_exists(pk)' } }),
      ...parts('reminder' as const, reminderChange(this.tableName, undefined, reminderOf(task))),
    ];
  }

  private auditCreate(task: Task) {
    return part('audit' as const, auditPut(this.tableName, {
      at: task.createdAt,
      actor: task.updatedBy,
      action: 'create',
      entityType: 'task',
      entityId: task.id,
      customerId: task.customerId,
      entityVersion: task.version,
      changes: changesBetween(undefined, task),
    }));
  }

  async create(task: Task, guard: TaskCustomerGuard | undefined, idempotency?: IdempotencyClaim): Promise<CreateTaskOutcome> {
    // An idempotency record that expired and was swept between the refusal and the read: the create goes ahead once more.
    return (await this.createOnce(task, guard, idempotency)) ?? (await this.createOnce(task, guard, idempotency)) ?? vanished();
  }

  private async createOnce(task: Task, guard: TaskCustomerGuard | undefined, idempotency?: IdempotencyClaim): Promise<CreateTaskOutcome | undefined> {
    const owned = guard?.ownerId !== undefined;
    const sent: TransactionPart<TaskPart>[] = [
      ...this.createParts(task, 'task'),
      ...(guard
        ? [
            part('customer' as const, {
              ConditionCheck: {
                TableName: this.tableName,
                Key: customerKeys.item(guard.customerId),
                ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(#deletedAt)${owned ? ' AND #ownerId = :ownerId' : ''}`,
                ExpressionAttributeNames: { '#deletedAt': 'deletedAt', ...(owned ? { '#ownerId': 'ownerId' } : {}) },
                ...(owned ? { ExpressionAttributeValues: { ':ownerId': guard.ownerId } } : {}),
              },
            }),
          ]
        : []),
      ...(idempotency ? [part('idempotency' as const, idempotencyPut(this.tableName, idempotency, task))] : []),
      // The audit entry goes last, after every element whose refusal explains something.
      this.auditCreate(task),
    ];
    const refused = await transactParts(this.client, sent);
    if (!refused) return { kind: 'created', task };
    if (idempotency && refused.has('idempotency')) {
      const replayed = await replayAfterRefusal<Task>(this.client, this.tableName, idempotency);
      return replayed === undefined ? undefined : { kind: 'replayed', task: replayed };
    }
    if (guard && refused.has('customer')) throw customerNotFound(guard.customerId);
    throw refused.error;
  }

  async get(taskId: string): Promise<Task | undefined> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: taskKeys.item(taskId), ConsistentRead: true }));
    return item ? taskEntity.fromItem(item) : undefined;
  }

  async update(previous: Task, next: Task, created?: Task): Promise<void> {
    const refused = await transactParts(this.client, [
      part('task', {
        Put: {
          TableName: this.tableName,
          Item: taskEntity.toItem(next),
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': previous.version },
        },
      }),
      ...parts('reminder', reminderChange(this.tableName, reminderOf(previous), reminderOf(next))),
      ...(created ? [...this.createParts(created, 'next'), this.auditCreate(created)] : []),
      part(
        'audit',
        auditPut(this.tableName, {
          at: next.updatedAt,
          actor: next.updatedBy,
          action: auditActionOf(previous, next),
          entityType: 'task',
          entityId: next.id,
          customerId: next.customerId,
          entityVersion: next.version,
          changes: changesBetween(previous, next),
        }),
      ),
    ]);
    if (!refused) return;
    if (refused.has('task') || refused.has('next')) {
      throw new DomainError(ErrorCode.VersionConflict, `Task ${previous.id} has changed since you read it; read it again.`);
    }
    throw refused.error;
  }

  async list(criteria: TaskListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<Task>> {
    const [index, partition] =
      'assigneeId' in criteria
        ? [taskKeys.byAssignee, taskKeys.byAssignee.pk(criteria.assigneeId)]
        : 'createdBy' in criteria
          ? [taskKeys.byCreator, taskKeys.byCreator.pk(criteria.createdBy)]
          : [taskKeys.byCustomer, taskKeys.byCustomer.pk(criteria.customerId)];
    // A cursor is bound to its query (shared/http/request.ts); a key of another index is still refused, never sent.
    if (page.startKey && ![index.pkAttribute, index.skAttribute, 'pk', 'sk'].every((key) => typeof page.startKey?.[key] === 'string')) {
      throw new DomainError(ErrorCode.InvalidCursor, 'The cursor is not valid for this query.');
    }
    // `<status>#<dueAt>#<id>`: `#` sorts before every digit, `~` after every id character.
    const from = `${criteria.status}#${criteria.dueFrom ?? ''}`;
    const to = criteria.dueTo === undefined ? `${criteria.status}#~` : `${criteria.status}#${criteria.dueTo}`;
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': index.pkAttribute, '#sk': index.skAttribute },
        ExpressionAttributeValues: { ':pk': partition, ':from': from, ':to': to },
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map(taskEntity.fromItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }
}
