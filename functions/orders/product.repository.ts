import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { normalizeName, searchKeyOf } from '#shared/core/search-key';
import { productKeys } from '#shared/db/orders.keys';
import { cancellationReasonsOf, isConditionalCheckFailed, oldItemOf, withConflictRetry } from '#shared/db/transactions';
import { buildUpdateExpression, type UpdatePlan } from '#shared/db/update-expression';
import { idempotencyPut, keyReused, DynamoDbIdempotencyStore } from './idempotency.repository';
import type {
  Actor,
  CreateOutcome,
  IdempotencyClaim,
  Page,
  PageKey,
  ProductChanges,
  ProductListCriteria,
  ProductRepository,
} from './order.model';
import { PRODUCT_FIELDS, STOCK_ADJUSTMENT_FIELDS, type Product, type StockAdjustment } from './product.schema';

type Item = Record<string, unknown>;

const pick = <T>(item: Item, fields: readonly (keyof T)[]): T =>
  Object.fromEntries(fields.filter((field) => item[field as string] !== undefined).map((field) => [field, item[field as string]])) as T;

export const toProductItem = (product: Product): Item => ({
  ...productKeys.item(product.id),
  entity: 'Product',
  ...product,
  nameKey: normalizeName(product.name),
  [productKeys.byName.pkAttribute]: productKeys.byName.pk(),
  [productKeys.byName.skAttribute]: productKeys.sortKey(searchKeyOf(product.name), product.id),
});

/** Only the declared fields leave the repository, so no storage attribute can reach a response. */
export const fromProductItem = (item: Item): Product => pick<Product>(item, PRODUCT_FIELDS);

export const toAdjustmentItem = (adjustment: StockAdjustment): Item => ({
  ...productKeys.adjustment(adjustment.productId, adjustment.id),
  entity: 'StockAdjustment',
  ...adjustment,
});

export const fromAdjustmentItem = (item: Item): StockAdjustment => pick<StockAdjustment>(item, STOCK_ADJUSTMENT_FIELDS);

const productNotFound = (productId: string): DomainError =>
  new DomainError(ErrorCode.ProductNotFound, `Product ${productId} does not exist.`);

export class DynamoDbProductRepository implements ProductRepository {
  private readonly replays: DynamoDbIdempotencyStore;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.replays = new DynamoDbIdempotencyStore(client, tableName);
  }

  async create(product: Product, opening: StockAdjustment | undefined, idempotency?: IdempotencyClaim): Promise<CreateOutcome<Product>> {
    const items = [
      { Put: { TableName: this.tableName, Item: toProductItem(product), ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Put: {
          TableName: this.tableName,
          Item: { ...productKeys.uniqueCode(product.code), entity: 'UniqueProductCode', productId: product.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...(opening
        ? [{ Put: { TableName: this.tableName, Item: toAdjustmentItem(opening), ConditionExpression: 'attribute_not_exists(pk)' } }]
        : []),
    ];
    const idempotencyIndex = items.length;
    try {
      await withConflictRetry(() =>
        this.client.send(
          new TransactWriteCommand({
            TransactItems: [...items, ...(idempotency ? [idempotencyPut(this.tableName, idempotency, product)] : [])],
          }),
        ),
      );
      return { kind: 'created', value: product };
    } catch (error) {
      const reasons = cancellationReasonsOf(error);
      if (!reasons) throw error;
      if (idempotency && reasons[idempotencyIndex]?.Code === 'ConditionalCheckFailed') {
        return { kind: 'replayed', value: await this.replay(idempotency) };
      }
      if (reasons[1]?.Code === 'ConditionalCheckFailed') {
        throw new DomainError(ErrorCode.ProductCodeTaken, `Product code ${product.code} is already in use.`, {
          errors: [{ path: 'body.code', message: 'Already in use.' }],
        });
      }
      throw error;
    }
  }

  private async replay<T>(claim: IdempotencyClaim): Promise<T> {
    const response = await this.replays.find(claim, new Date(0));
    if (response === undefined) throw keyReused();
    return response as T;
  }

  async get(productId: string): Promise<Product | undefined> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: productKeys.item(productId), ConsistentRead: true }),
    );
    return item ? fromProductItem(item) : undefined;
  }

  async update(productId: string, changes: ProductChanges, guard: { expectedVersion: number }, actor: Actor): Promise<Product> {
    const set: Item = {};
    const remove: string[] = [];
    for (const [field, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      if (value === null) remove.push(field);
      else set[field] = value;
    }
    if (typeof set.name === 'string') {
      set.nameKey = normalizeName(set.name);
      set[productKeys.byName.skAttribute] = productKeys.sortKey(searchKeyOf(set.name), productId);
    }
    set.updatedAt = actor.at;
    set.updatedBy = actor.username;
    const plan: UpdatePlan = { set, remove, increment: { version: 1 } };
    const expression = buildUpdateExpression(plan);
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: productKeys.item(productId),
          UpdateExpression: expression.UpdateExpression,
          ConditionExpression: 'attribute_exists(#pk) AND #version = :expectedVersion',
          ExpressionAttributeNames: { ...expression.ExpressionAttributeNames, '#pk': 'pk', '#version': 'version' },
          ExpressionAttributeValues: { ...expression.ExpressionAttributeValues, ':expectedVersion': guard.expectedVersion },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return fromProductItem(Attributes ?? {});
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const old = oldItemOf(error as { Item?: Item });
      if (!old) throw productNotFound(productId);
      throw new DomainError(
        ErrorCode.VersionConflict,
        `Product ${productId} has changed since you read it (now version ${String(old.version)}); read it again.`,
      );
    }
  }

  async adjustStock(adjustment: StockAdjustment, idempotency?: IdempotencyClaim): Promise<CreateOutcome<StockAdjustment>> {
    const taking = adjustment.delta < 0;
    const command = new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: productKeys.item(adjustment.productId),
            UpdateExpression: 'SET #stock = #stock + :delta',
            // Stock never goes below zero: the condition is checked inside the transaction, so it holds under any race.
            ConditionExpression: taking ? 'attribute_exists(#pk) AND #stock >= :need' : 'attribute_exists(#pk)',
            ExpressionAttributeNames: { '#pk': 'pk', '#stock': 'stockOnHand' },
            ExpressionAttributeValues: { ':delta': adjustment.delta, ...(taking ? { ':need': -adjustment.delta } : {}) },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        { Put: { TableName: this.tableName, Item: toAdjustmentItem(adjustment), ConditionExpression: 'attribute_not_exists(pk)' } },
        ...(idempotency ? [idempotencyPut(this.tableName, idempotency, adjustment)] : []),
      ],
    });
    try {
      await withConflictRetry(() => this.client.send(command));
      return { kind: 'created', value: adjustment };
    } catch (error) {
      const reasons = cancellationReasonsOf(error);
      if (!reasons) throw error;
      if (idempotency && reasons[2]?.Code === 'ConditionalCheckFailed') {
        return { kind: 'replayed', value: await this.replay(idempotency) };
      }
      if (reasons[0]?.Code === 'ConditionalCheckFailed') {
        const old = oldItemOf(reasons[0]);
        if (!old) throw productNotFound(adjustment.productId);
        throw new DomainError(
          ErrorCode.InsufficientStock,
          `Stock of product ${String(old.code)} cannot go below zero: ${String(old.stockOnHand)} on hand, adjustment ${adjustment.delta}.`,
          { errors: [{ path: 'body.delta', message: `Only ${String(old.stockOnHand)} on hand.` }] },
        );
      }
      throw error;
    }
  }

  async list(criteria: ProductListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<Product>> {
    const index = productKeys.byName;
    const keyPrefix = criteria.search?.keyPrefix;
    const names: Record<string, string> = { '#pk': index.pkAttribute, ...(keyPrefix ? { '#sk': index.skAttribute } : {}) };
    const values: Record<string, unknown> = { ':pk': index.pk(), ...(keyPrefix ? { ':prefix': keyPrefix } : {}) };
    const filters: string[] = [];
    if (criteria.search?.namePrefix) {
      names['#nameKey'] = 'nameKey';
      values[':namePrefix'] = criteria.search.namePrefix;
      filters.push('begins_with(#nameKey, :namePrefix)');
    }
    if (criteria.active !== undefined) {
      names['#active'] = 'active';
      values[':active'] = criteria.active;
      filters.push('#active = :active');
    }
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.index,
        KeyConditionExpression: keyPrefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map(fromProductItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }
}
