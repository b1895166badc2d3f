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
import { idempotencyKeys } from '#shared/idempotency/idempotency.keys';
import type { IndexKey } from '#shared/db/index-key';
import { serviceAggregateKeys, serviceKeys, serviceShardOf } from '#shared/keys/service.keys';
import { cancellationReasonsOf, withConflictRetry } from '#shared/db/transactions';
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
import { SERVICE_FIELDS, SERVICE_MOVE_FIELDS, type Service, type ServiceMove } from './service.schema';
import { idempotencyPut } from '#shared/idempotency/idempotency.writes';

type Item = Record<string, unknown>;

/** Moves of different requests may meet on one aggregate item; a few more attempts than the default. */
const CONFLICT_ATTEMPTS = 5;

const pick = <T>(item: Item, fields: readonly (keyof T)[]): T =>
  Object.fromEntries(fields.filter((field) => item[field as string] !== undefined).map((field) => [field, item[field as string]])) as T;

/** The request item with its index keys: every index sorts by `<createdAt>#<id>`; the assignee index is sparse. */
export const toServiceItem = (service: Service): Item => {
  const sk = serviceKeys.sortKey(service.createdAt, service.id);
  const index = (key: IndexKey<never[]> | IndexKey<[string]>, pk: string): Item => ({ [key.pkAttribute]: pk, [key.skAttribute]: sk });
  return {
    ...serviceKeys.item(service.id),
    entity: 'ServiceRequest',
    ...service,
    ...(service.assigneeId ? index(serviceKeys.byAssignee, serviceKeys.byAssignee.pk(service.assigneeId)) : {}),
    ...index(serviceKeys.byCreation, serviceKeys.byCreation.pk()),
    ...index(serviceKeys.byCustomer, serviceKeys.byCustomer.pk(service.customerId)),
    ...index(serviceKeys.byType, serviceKeys.byType.pk(service.type)),
    ...index(serviceKeys.byStatus, serviceKeys.byStatus.pk(service.status)),
  };
};

/** Only the declared fields leave the repository, so no storage attribute can reach a response. */
export const fromServiceItem = (item: Item): Service => pick<Service>(item, SERVICE_FIELDS);

const toMoveItem = (serviceId: string, move: ServiceMove): Item => ({
  ...serviceKeys.move(serviceId, move.at, move.version),
  entity: 'ServiceMove',
  serviceId,
  ...move,
});

/**
 * The request's summary in its customer's item collection, for the customer 360 view: what a list row shows.
 * Rewritten whole by every move, so it can never lag behind the request.
 */
export const toServiceSummaryItem = (service: Service): Item => ({
  ...serviceKeys.summary(service.customerId, service.id),
  entity: 'ServiceSummary',
  serviceId: service.id,
  type: service.type,
  title: service.title,
  status: service.status,
  ...(service.assigneeId ? { assigneeId: service.assigneeId, assigneeName: service.assigneeName } : {}),
  ...(service.satisfaction !== undefined ? { satisfaction: service.satisfaction } : {}),
  ...(service.closedAt ? { closedAt: service.closedAt } : {}),
  reopenCount: service.reopenCount,
  createdAt: service.createdAt,
  updatedAt: service.updatedAt,
  version: service.version,
});

/** `ADD` the move's deltas to the aggregate of the request's creation month, type and shard. */
const aggregateUpdate = (tableName: string, service: Service, move: ServiceMove) => {
  const delta = Object.entries(aggregateDeltaOf(move));
  const month = service.createdAt.slice(0, 7);
  const shard = serviceShardOf(service.id);
  const names: Record<string, string> = { '#entity': 'entity', '#month': 'month', '#type': 'type', '#shard': 'shard' };
  const values: Record<string, unknown> = { ':entity': 'ServiceAggregate', ':month': month, ':type': service.type, ':shard': shard };
  const adds = delta.map(([attribute, by], index) => {
    names[`#a${index}`] = attribute;
    values[`:a${index}`] = by;
    return `#a${index} :a${index}`;
  });
  return {
    Update: {
      TableName: tableName,
      Key: serviceAggregateKeys.item(month, service.type, shard),
      UpdateExpression: `SET #entity = :entity, #month = :month, #type = :type, #shard = :shard${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
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

  async create(service: Service, move: ServiceMove, guard: CustomerGuard, idempotency?: IdempotencyClaim): Promise<CreateServiceOutcome> {
    const idempotencyKey = idempotency && idempotencyKeys.item(idempotency.username, idempotency.operationId, idempotency.key);
    const owned = guard.ownerId !== undefined;
    const transactItems = [
      { Put: { TableName: this.tableName, Item: toServiceItem(service), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: this.tableName, Item: toMoveItem(service.id, move), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: this.tableName, Item: toServiceSummaryItem(service), ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        ConditionCheck: {
          TableName: this.tableName,
          Key: customerKeys.item(guard.customerId),
          ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(#deletedAt)${owned ? ' AND #ownerId = :ownerId' : ''}`,
          ExpressionAttributeNames: { '#deletedAt': 'deletedAt', ...(owned ? { '#ownerId': 'ownerId' } : {}) },
          ...(owned ? { ExpressionAttributeValues: { ':ownerId': guard.ownerId } } : {}),
        },
      },
      aggregateUpdate(this.tableName, service, move),
      ...(idempotency ? [idempotencyPut(this.tableName, idempotency, service)] : []),
      // audit: last, so the cancellation reasons above keep their indexes; a replay is refused before it.
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
    ];
    try {
      await withConflictRetry(() => this.client.send(new TransactWriteCommand({ TransactItems: transactItems })), CONFLICT_ATTEMPTS);
      return { kind: 'created', service };
    } catch (error) {
      const reasons = cancellationReasonsOf(error);
      if (!reasons) throw error;
      if (idempotency && idempotencyKey && reasons[5]?.Code === 'ConditionalCheckFailed') return this.replay(idempotencyKey, idempotency);
      if (reasons[3]?.Code === 'ConditionalCheckFailed') throw customerNotFound(guard.customerId);
      throw error;
    }
  }

  private async replay(key: Item, claim: IdempotencyClaim): Promise<CreateServiceOutcome> {
    const { Item: record } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    if (!record || record.fingerprint !== claim.fingerprint) {
      throw new DomainError(
        ErrorCode.IdempotencyKeyReused,
        'This Idempotency-Key was already used with a different request; use a new key for a new request.',
      );
    }
    return { kind: 'replayed', service: record.response as Service };
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
        else if (String(item.sk).startsWith(serviceKeys.movePrefix)) history.push(pick<ServiceMove>(item, SERVICE_MOVE_FIELDS));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    // Sorted by sort key: `MOVE#<at>#<version>` is time order.
    return head ? { service: fromServiceItem(head), history } : undefined;
  }

  async move(previous: Service, next: Service, move: ServiceMove): Promise<void> {
    const command = new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: this.tableName,
            Item: toServiceItem(next),
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': previous.version },
          },
        },
        { Put: { TableName: this.tableName, Item: toMoveItem(next.id, move), ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { TableName: this.tableName, Item: toServiceSummaryItem(next) } },
        aggregateUpdate(this.tableName, next, move),
        // audit: last; conditional on `previous.version` above, so the diff is exactly what this move changed.
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
      ],
    });
    try {
      await withConflictRetry(() => this.client.send(command), CONFLICT_ATTEMPTS);
    } catch (error) {
      const reasons = cancellationReasonsOf(error);
      if (reasons?.[0]?.Code === 'ConditionalCheckFailed' || reasons?.[1]?.Code === 'ConditionalCheckFailed') {
        throw new DomainError(
          ErrorCode.VersionConflict,
          `Service request ${previous.id} has changed since you read it; read it again.`,
        );
      }
      throw error;
    }
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
      items: (result.Items ?? []).map(fromServiceItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }
}
