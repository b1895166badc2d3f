import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changesBetween } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { normalizeName, searchKeyOf } from '#shared/core/search-key';
import { auditPut } from '#shared/audit/audit.writes';
import { productKeys } from '#shared/keys/orders.keys';
import { cancellationReasonsOf, oldItemOf, withConflictRetry } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, type UpdatePlan } from '#shared/db/update-expression';
import { idempotencyPut } from '#shared/idempotency/idempotency.writes';
import { keyReused, DynamoDbIdempotencyStore } from './idempotency.repository';
import type {
  Actor,
  CreateOutcome,
  IdempotencyClaim,
  Page,
  PageKey,
  ProductChanges,
  ProductListCriteria,
  ProductRepository,
} from './order.ports';
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

const productChanged = (productId: string, version: unknown): DomainError =>
  new DomainError(ErrorCode.VersionConflict, `Product ${productId} has changed since you read it (now version ${String(version)}); read it again.`);

const insufficientStock = (code: unknown, onHand: unknown, delta: number): DomainError =>
  new DomainError(
    ErrorCode.InsufficientStock,
    `Stock of product ${String(code)} cannot go below zero: ${String(onHand)} on hand, adjustment ${delta}.`,
    { errors: [{ path: 'body.delta', message: `Only ${String(onHand)} on hand.` }] },
  );

/** The audit entry of a stock adjustment (or of an opening stock): what moved, by whom, why. */
const adjustmentAudit = (tableName: string, adjustment: StockAdjustment) =>
  auditPut(tableName, {
    at: adjustment.createdAt,
    actor: adjustment.createdBy,
    action: 'create',
    entityType: 'stock-adjustment',
    entityId: adjustment.id,
    entityVersion: adjustment.version,
    changes: changesBetween(undefined, adjustment),
    note: adjustment.reason,
  });

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
            TransactItems: [
              ...items,
              ...(idempotency ? [idempotencyPut(this.tableName, idempotency, product)] : []),
              // audit: last, after the elements whose refusals are read by index.
              auditPut(this.tableName, {
                at: product.createdAt,
                actor: product.createdBy,
                action: 'create',
                entityType: 'product',
                entityId: product.id,
                entityVersion: product.version,
                changes: changesBetween(undefined, product),
              }),
              ...(opening ? [adjustmentAudit(this.tableName, opening)] : []),
            ],
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

  /**
   * audit: the entry needs the values replaced — a consistent read, judged as the condition would judge it
   * (404 / 412), then ONE transaction: the update, conditional on the version read, and the audit entry. A write
   * in between bumps the version, so the transaction is refused (412) and no entry claims a change that did not happen.
   */
  async update(productId: string, changes: ProductChanges, guard: { expectedVersion: number }, actor: Actor): Promise<Product> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: productKeys.item(productId), ConsistentRead: true }),
    );
    if (!item) throw productNotFound(productId);
    if (item.version !== guard.expectedVersion) throw productChanged(productId, item.version);
    const before = fromProductItem(item);
    const set: Item = {};
    const remove: string[] = [];
    const after: Item = { ...before };
    for (const [field, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      if (value === null) {
        remove.push(field);
        delete after[field];
      } else {
        set[field] = value;
        after[field] = value;
      }
    }
    if (typeof set.name === 'string') {
      set.nameKey = normalizeName(set.name);
      set[productKeys.byName.skAttribute] = productKeys.sortKey(searchKeyOf(set.name), productId);
    }
    set.updatedAt = actor.at;
    set.updatedBy = actor.username;
    const next = { ...after, version: before.version + 1, updatedAt: actor.at, updatedBy: actor.username } as Product;
    const plan: UpdatePlan = { set, remove, increment: { version: 1 } };
    const expression = buildUpdateExpression(plan);
    try {
      await withConflictRetry(() =>
        this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              conditionalUpdate(this.tableName, productKeys.item(productId), expression, {
                ConditionExpression: 'attribute_exists(#pk) AND #version = :expectedVersion',
                names: { '#pk': 'pk', '#version': 'version' },
                values: { ':expectedVersion': before.version },
              }),
              auditPut(this.tableName, {
                at: actor.at,
                actor: actor.username,
                action: 'update',
                entityType: 'product',
                entityId: productId,
                entityVersion: next.version,
                changes: changesBetween(before, next),
              }),
            ],
          }),
        ),
      );
      return fromProductItem(next as unknown as Item);
    } catch (error) {
      const reasons = cancellationReasonsOf(error);
      if (reasons?.[0]?.Code !== 'ConditionalCheckFailed') throw error;
      const old = oldItemOf(reasons[0]);
      if (!old) throw productNotFound(productId);
      throw productChanged(productId, old.version);
    }
  }

  /**
   * One transaction: the stock update (an ADD guarded by "never below zero", checked inside the transaction, so
   * it holds under any race and never has to be retried), the adjustment, the idempotency record and two audit
   * entries: the adjustment's creation and, in the product's own history, the stock movement.
   *
   * audit: the product entry records the movement (`stockOnHand` by `delta`), not old → new on hand: knowing
   * the old value exactly would mean conditioning the write on the stock read, and every order placement moves
   * the stock, so a busy product's adjustment could lose every retry (the bounded load test found that 503).
   */
  async adjustStock(adjustment: StockAdjustment, idempotency?: IdempotencyClaim): Promise<CreateOutcome<StockAdjustment>> {
    const IDEMPOTENCY = 2;
    const taking = adjustment.delta < 0;
    const command = new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: productKeys.item(adjustment.productId),
            UpdateExpression: 'SET #stock = #stock + :delta',
            ConditionExpression: taking ? 'attribute_exists(#pk) AND #stock >= :need' : 'attribute_exists(#pk)',
            ExpressionAttributeNames: { '#pk': 'pk', '#stock': 'stockOnHand' },
            ExpressionAttributeValues: { ':delta': adjustment.delta, ...(taking ? { ':need': -adjustment.delta } : {}) },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        { Put: { TableName: this.tableName, Item: toAdjustmentItem(adjustment), ConditionExpression: 'attribute_not_exists(pk)' } },
        ...(idempotency ? [idempotencyPut(this.tableName, idempotency, adjustment)] : []),
        adjustmentAudit(this.tableName, adjustment),
        auditPut(this.tableName, {
          at: adjustment.createdAt,
          actor: adjustment.createdBy,
          action: 'update',
          entityType: 'product',
          entityId: adjustment.productId,
          changes: [{ field: 'stockOnHand', new: { by: adjustment.delta } }],
          note: `Stock adjustment ${adjustment.id}: ${adjustment.reason}`,
        }),
      ],
    });
    try {
      await withConflictRetry(() => this.client.send(command));
      return { kind: 'created', value: adjustment };
    } catch (error) {
      const reasons = cancellationReasonsOf(error);
      if (!reasons) throw error;
      if (idempotency && reasons[IDEMPOTENCY]?.Code === 'ConditionalCheckFailed') {
        return { kind: 'replayed', value: await this.replay(idempotency) };
      }
      if (reasons[0]?.Code !== 'ConditionalCheckFailed') throw error;
      const old = oldItemOf(reasons[0]);
      if (!old) throw productNotFound(adjustment.productId);
      throw insufficientStock(old.code, old.stockOnHand, adjustment.delta);
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
