import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { webhookKeys } from '#shared/webhooks/webhook.keys';
import { deliveryEntity, type Delivery } from './delivery.entity';
import type { DeliveryRepository, Page, PageKey } from './webhook.ports';
import type { DeliveryStatus } from './webhook.schema';

/** Deliveries and the retry job's checkpoint on the single table (docs/data-model.md, "Webhooks"). */
export class DynamoDbDeliveryRepository implements DeliveryRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createIfAbsent(delivery: Delivery): Promise<boolean> {
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: deliveryEntity.toItem(delivery), ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async get(webhookId: string, eventId: string): Promise<Delivery | undefined> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: webhookKeys.delivery(webhookId, eventId), ConsistentRead: true }));
    return item ? deliveryEntity.fromItem(item) : undefined;
  }

  async replace(next: Delivery, expected: { attempts: number; status: DeliveryStatus }): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: deliveryEntity.toItem(next),
          ConditionExpression: '#attempts = :attempts AND #status = :status',
          ExpressionAttributeNames: { '#attempts': 'attempts', '#status': 'status' },
          ExpressionAttributeValues: { ':attempts': expected.attempts, ':status': expected.status },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async log(webhookId: string, filter: { status?: DeliveryStatus | undefined }, page: { limit: number; startKey?: PageKey }): Promise<Page<Delivery>> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: webhookKeys.log.index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': webhookKeys.log.pkAttribute, ...(filter.status ? { '#status': 'status' } : {}) },
        ExpressionAttributeValues: { ':pk': webhookKeys.log.pk(webhookId), ...(filter.status ? { ':status': filter.status } : {}) },
        ...(filter.status ? { FilterExpression: '#status = :status' } : {}),
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return { items: (answer.Items ?? []).map((item) => deliveryEntity.fromItem(item)), ...(answer.LastEvaluatedKey ? { lastKey: answer.LastEvaluatedKey as PageKey } : {}) };
  }

  async since(webhookId: string, since: string, limit: number): Promise<Delivery[]> {
    const found: Delivery[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const answer = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: webhookKeys.log.index,
          KeyConditionExpression: '#pk = :pk AND #sk >= :since',
          ExpressionAttributeNames: { '#pk': webhookKeys.log.pkAttribute, '#sk': webhookKeys.log.skAttribute },
          ExpressionAttributeValues: { ':pk': webhookKeys.log.pk(webhookId), ':since': since },
          Limit: limit - found.length,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      found.push(...(answer.Items ?? []).map((item) => deliveryEntity.fromItem(item)));
      startKey = answer.LastEvaluatedKey;
    } while (startKey && found.length < limit);
    return found;
  }

  async due(bucket: string, upTo: string): Promise<Delivery[]> {
    const found: Delivery[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const answer = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: webhookKeys.due.index,
          KeyConditionExpression: '#pk = :pk AND #sk <= :upTo',
          ExpressionAttributeNames: { '#pk': webhookKeys.due.pkAttribute, '#sk': webhookKeys.due.skAttribute },
          // `<next attempt>#<webhook>#<event>`: everything due at `upTo` sorts before `<upTo>#~`.
          ExpressionAttributeValues: { ':pk': webhookKeys.due.pk(bucket), ':upTo': `${upTo}#~` },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      found.push(...(answer.Items ?? []).map((item) => deliveryEntity.fromItem(item)));
      startKey = answer.LastEvaluatedKey;
    } while (startKey);
    return found;
  }

  async checkpoint(): Promise<string | undefined> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: webhookKeys.retryCheckpoint, ConsistentRead: true }));
    return typeof item?.coveredTo === 'string' ? item.coveredTo : undefined;
  }

  async advanceCheckpoint(bucket: string): Promise<void> {
    try {
      const { Update: update } = conditionalUpdate(this.tableName, webhookKeys.retryCheckpoint, buildUpdateExpression({ set: { coveredTo: bucket, entity: 'WebhookRetryCheckpoint' } }), {
        ConditionExpression: 'attribute_not_exists(#to) OR #to < :to',
        names: { '#to': 'coveredTo' },
        values: { ':to': bucket },
      });
      await this.client.send(new UpdateCommand(update));
    } catch (error) {
      // A concurrent run already covered further.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
}
