import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { changesBetween, type AuditAction } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { auditPut } from '#shared/audit/audit.writes';
import { customerKeys } from '#shared/keys/customer.keys';
import type { Item } from '#shared/db/item';
import type { IndexKey } from '#shared/db/index-key';
import { serviceKeys, serviceShardOf } from '#shared/keys/service.keys';
import { serviceAggregateEntity } from '#shared/reports/service-aggregate.entity';
import { part, parts, refusedParts, withConflictRetry, type TransactionPart } from '#shared/db/transactions';
import { serviceReminderOf } from '#shared/reminders/reminder';
import type { Reminder } from '#shared/reminders/reminder';
import { reminderChange, reminderPut } from '#shared/reminders/reminder.writes';
import { plainUpdate } from '#shared/db/update-expression';
import type {
  CreateServiceOutcome,
  CustomerGuard,
  IdempotencyClaim,
  Page,
  PageKey,
  ServiceCustomer,
  ServiceListCriteria,
  ServiceRepository,
} from './service.ports';
import { aggregateDeltaOf } from './service.rules';
import type { Service, ServiceMove } from './service.schema';
import { idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import { serviceEntity } from './service.entity';
import { serviceMoveEntity } from './service-move.entity';
import { serviceSummaryEntity } from './service-summary.entity';

const vanished = (): never => {
  throw new Error('service create: the idempotency record refused the write twice and was gone both times');
};

/** What each element of a request's transaction writes, to explain a refusal by label. */
type ServicePart = 'service' | 'move' | 'summary' | 'customer' | 'aggregate' | 'reminder' | 'idempotency' | 'audit';

/** Moves of different requests may meet on one aggregate item; a few more attempts than the default. */
const CONFLICT_ATTEMPTS = 5;

const created = { ConditionExpression: 'attribute_not_exists(pk)' } as const;

/**
 * `ADD` the move's deltas to the aggregate of the request's creation month, type and shard (docs/data-model.md,
 * "Service analysis"); the first move of a (month, type, shard) creates the item.
 */
const aggregateUpdate = (tableName: string, service: Service, move: ServiceMove) => {
  const bucket = { month: service.createdAt.slice(0, 7), type: service.type, shard: serviceShardOf(service.id) };
  return plainUpdate(tableName, serviceAggregateEntity.keyOf(bucket), serviceAggregateEntity.addPlan(bucket, aggregateDeltaOf(move)));
};

/** Sends the parts as one transaction (conflicts retried); a condition that failed comes back by label. */
const transact = async (client: DynamoDBDocumentClient, sent: TransactionPart<ServicePart>[]) => {
  try {
    await withConflictRetry(() => client.send(new TransactWriteCommand({ TransactItems: sent.map((element) => element.item) })), CONFLICT_ATTEMPTS);
    return undefined;
  } catch (error) {
    const refused = refusedParts(error, sent);
    if (!refused) throw error;
    return { refused, error };
  }
};

/** How each history move reads in the audit trail: (re)assignments are assignments, the rest state moves. */
const AUDIT_ACTION_OF_MOVE: Record<ServiceMove['move'], AuditAction> = {
  create: 'create',
  assign: 'assign',
  reassign: 'assign',
  handle: 'transition',
  feedback: 'transition',
};

const customerNotFound = (customerId: string) =>
  new DomainError(ErrorCode.CustomerNotFound, `Customer ${customerId} does not exist.`, {
    errors: [{ path: 'body.customerId', message: 'No such customer.' }],
  });

/** The index for the criteria (most selective first) and the filters left for the FilterExpression. */
const chooseIndex = (criteria: ServiceListCriteria): { index: IndexKey<never[]>; partition: string; filters: Record<string, string> } => {
  const { customerId, assigneeId, status, type } = criteria;
  const all = { customerId, assigneeId, status, type };
  const rest = (except: keyof typeof all): Record<string, string> =>
    Object.fromEntries(
      Object.entries(all).filter((entry): entry is [string, string] => entry[0] !== except && entry[1] !== undefined),
    );
  const as = (key: IndexKey<never[]> | IndexKey<[string]>) => key as IndexKey<never[]>;
  if (customerId) return { index: as(serviceKeys.byCustomer), partition: serviceKeys.byCustomer.pk(customerId), filters: rest('customerId') };
  if (assigneeId) return { index: as(serviceKeys.byAssignee), partition: serviceKeys.byAssignee.pk(assigneeId), filters: rest('assigneeId') };
  if (status) return { index: as(serviceKeys.byStatus), partition: serviceKeys.byStatus.pk(status), filters: rest('status') };
  if (type) return { index: as(serviceKeys.byType), partition: serviceKeys.byType.pk(type), filters: rest('type') };
  return { index: as(serviceKeys.byCreation), partition: serviceKeys.byCreation.pk(), filters: {} };
};

export class DynamoDbServiceRepository implements ServiceRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async customer(customerId: string): Promise<ServiceCustomer | undefined> {
    const { Item: item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: customerKeys.item(customerId),
        ConsistentRead: true,
        ProjectionExpression: '#id, #name, #ownerId, #deletedAt',
        ExpressionAttributeNames: { '#id': 'id', '#name': 'name', '#ownerId': 'ownerId', '#deletedAt': 'deletedAt' },
      }),
    );
    if (!item) return undefined;
    return { id: String(item.id), name: String(item.name), ownerId: String(item.ownerId), archived: item.deletedAt !== undefined };
  }

  async create(service: Service, move: ServiceMove, guard: CustomerGuard, idempotency?: IdempotencyClaim, notify?: Reminder): Promise<CreateServiceOutcome> {
    // A refusal on an idempotency record that expired and was swept before it could be replayed: the record no
    // longer counts, so the create goes ahead once more (as the customers' and contacts' creates do).
    return (
      (await this.createOnce(service, move, guard, idempotency, notify)) ??
      (await this.createOnce(service, move, guard, idempotency, notify)) ??
      vanished()
    );
  }

  /** One attempt; undefined when the idempotency record refused the write and was gone when read back. */
  private async createOnce(
    service: Service,
    move: ServiceMove,
    guard: CustomerGuard,
    idempotency?: IdempotencyClaim,
    notify?: Reminder,
  ): Promise<CreateServiceOutcome | undefined> {
    const owned = guard.ownerId !== undefined;
    const sent: TransactionPart<ServicePart>[] = [
      part('service', { Put: { TableName: this.tableName, Item: serviceEntity.toItem(service), ...created } }),
      part('move', { Put: { TableName: this.tableName, Item: serviceMoveEntity.toItem({ ...move, serviceId: service.id }), ...created } }),
      part('summary', { Put: { TableName: this.tableName, Item: serviceSummaryEntity.toItem(service), ...created } }),
      part('customer', {
        ConditionCheck: {
          TableName: this.tableName,
          Key: customerKeys.item(guard.customerId),
          ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(#deletedAt)${owned ? ' AND #ownerId = :ownerId' : ''}`,
          ExpressionAttributeNames: { '#deletedAt': 'deletedAt', ...(owned ? { '#ownerId': 'ownerId' } : {}) },
          ...(owned ? { ExpressionAttributeValues: { ':ownerId': guard.ownerId } } : {}),
        },
      }),
      part('aggregate', aggregateUpdate(this.tableName, service, move)),
      ...(notify ? [part('reminder' as const, reminderPut(this.tableName, notify))] : []),
      ...(idempotency ? [part('idempotency' as const, idempotencyPut(this.tableName, idempotency, service))] : []),
      // The audit entry goes last, after every element whose refusal explains something.
      part(
        'audit',
        auditPut(this.tableName, {
          at: service.createdAt,
          actor: service.createdBy,
          action: 'create',
          entityType: 'service',
          entityId: service.id,
          customerId: service.customerId,
          entityVersion: service.version,
          changes: changesBetween(undefined, service),
        }),
      ),
    ];
    const outcome = await transact(this.client, sent);
    if (!outcome) return { kind: 'created', service };
    if (idempotency && outcome.refused.has('idempotency')) {
      const replayed = await replayAfterRefusal<Service>(this.client, this.tableName, idempotency);
      return replayed === undefined ? undefined : { kind: 'replayed', service: replayed };
    }
    if (outcome.refused.has('customer')) throw customerNotFound(guard.customerId);
    throw outcome.error;
  }

  async get(serviceId: string): Promise<{ service: Service; history: ServiceMove[] } | undefined> {
    let head: Item | undefined;
    const history: ServiceMove[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': 'pk' },
          ExpressionAttributeValues: { ':pk': serviceKeys.collection(serviceId) },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        if (item.sk === serviceKeys.item(serviceId).sk) head = item;
        else if (String(item.sk).startsWith(serviceKeys.movePrefix)) history.push(serviceMoveEntity.fromItem(item));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    // Sorted by sort key: `MOVE#<at>#<version>` is time order.
    return head ? { service: serviceEntity.fromItem(head), history } : undefined;
  }

  async move(previous: Service, next: Service, move: ServiceMove): Promise<void> {
    const outcome = await transact(this.client, [
      part('service', {
        Put: {
          TableName: this.tableName,
          Item: serviceEntity.toItem(next),
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': previous.version },
        },
      }),
      part('move', { Put: { TableName: this.tableName, Item: serviceMoveEntity.toItem({ ...move, serviceId: next.id }), ...created } }),
      part('summary', { Put: { TableName: this.tableName, Item: serviceSummaryEntity.toItem(next) } }),
      part('aggregate', aggregateUpdate(this.tableName, next, move)),
      // The assignee's reminder of an unhandled request (shared/reminders/reminder.ts): put on assignment, moved on a
      // reassignment, deleted when handled.
      ...parts('reminder', reminderChange(this.tableName, serviceReminderOf(previous), serviceReminderOf(next))),
      // Conditional on `previous.version` above, so the entry's diff is exactly what this move changed.
      part(
        'audit',
        auditPut(this.tableName, {
          at: next.updatedAt,
          actor: move.by,
          action: AUDIT_ACTION_OF_MOVE[move.move],
          entityType: 'service',
          entityId: next.id,
          customerId: next.customerId,
          entityVersion: next.version,
          changes: changesBetween(previous, next),
        }),
      ),
    ]);
    if (!outcome) return;
    if (outcome.refused.has('service') || outcome.refused.has('move')) {
      throw new DomainError(ErrorCode.VersionConflict, `Service request ${previous.id} has changed since you read it; read it again.`);
    }
    throw outcome.error;
  }

  async list(criteria: ServiceListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<Service>> {
    const { index, partition, filters } = chooseIndex(criteria);
    // A cursor is bound to the query, but an account manager's query may switch index between pages (a customer
    // transferred meanwhile): a key of another index is refused as a bad cursor, never sent to DynamoDB.
    if (page.startKey && !([index.pkAttribute, index.skAttribute, 'pk', 'sk'] as const).every((key) => typeof page.startKey?.[key] === 'string')) {
      throw new DomainError(ErrorCode.InvalidCursor, 'The cursor is not valid for this query.');
    }
    const names: Record<string, string> = { '#pk': index.pkAttribute };
    const values: Record<string, unknown> = { ':pk': partition };
    let keyCondition = '#pk = :pk';
    if (criteria.from !== undefined || criteria.to !== undefined) {
      names['#sk'] = index.skAttribute;
      // Sort keys are `<createdAt>#<id>`: `createdAt = to` sorts after `to`, so BETWEEN / < keep `to` exclusive.
      if (criteria.from !== undefined && criteria.to !== undefined) {
        keyCondition += ' AND #sk BETWEEN :from AND :to';
        values[':from'] = criteria.from;
        values[':to'] = criteria.to;
      } else if (criteria.from !== undefined) {
        keyCondition += ' AND #sk >= :from';
        values[':from'] = criteria.from;
      } else {
        keyCondition += ' AND #sk < :to';
        values[':to'] = criteria.to;
      }
    }
    const clauses = Object.entries(filters).map(([field, value]) => {
      names[`#f_${field}`] = field;
      values[`:f_${field}`] = value;
      return `#f_${field} = :f_${field}`;
    });
    const input: QueryCommandInput = {
      TableName: this.tableName,
      IndexName: index.index,
      KeyConditionExpression: keyCondition,
      ...(clauses.length > 0 ? { FilterExpression: clauses.join(' AND ') } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: page.limit,
      ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
    };
    const result = await this.client.send(new QueryCommand(input));
    return {
      items: (result.Items ?? []).map(serviceEntity.fromItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }
}
