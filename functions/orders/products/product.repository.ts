import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changesBetween } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Item } from '#shared/db/item';
import { part, transactParts, type TransactionPart } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, fieldUpdatesOf, type UpdatePlan } from '#shared/db/update-expression';
import { idempotencyKeyReused, idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import { productKeys } from '#shared/keys/orders.keys';
import type { Actor, CreateOutcome, IdempotencyClaim, Page, PageKey, ProductChanges, ProductListCriteria, ProductRepository } from '#functions/orders/order/order.ports';
import { productEntity } from './product.entity';
import type { Product, StockAdjustment } from './product.schema';
import { stockAdjustmentEntity } from './stock-adjustment.entity';
import { uniqueProductCodeEntity } from './unique-product-code.entity';

type ProductLabel = 'product' | 'code' | 'stock' | 'adjustment' | 'idempotency' | 'audit';

const putNew = (tableName: string, item: Item) => ({ Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } });

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
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(product: Product, opening: StockAdjustment | undefined, idempotency?: IdempotencyClaim): Promise<CreateOutcome<Product>> {
    const sent: TransactionPart<ProductLabel>[] = [
      part('product', putNew(this.tableName, productEntity.toItem(product))),
      part('code', putNew(this.tableName, uniqueProductCodeEntity.toItem({ code: product.code, productId: product.id }))),
      ...(opening ? [part('adjustment', putNew(this.tableName, stockAdjustmentEntity.toItem(opening)))] : []),
      ...(idempotency ? [part('idempotency', idempotencyPut(this.tableName, idempotency, product))] : []),
      part(
        'audit',
        auditPut(this.tableName, {
          at: product.createdAt,
          actor: product.createdBy,
          action: 'create',
          entityType: 'product',
          entityId: product.id,
          entityVersion: product.version,
          changes: changesBetween(undefined, product),
        }),
      ),
      ...(opening ? [part('audit', adjustmentAudit(this.tableName, opening))] : []),
    ];
    const refused = await transactParts(this.client, sent);
    if (!refused) return { kind: 'created', value: product };
    if (idempotency && refused.has('idempotency')) return { kind: 'replayed', value: await this.replay<Product>(idempotency) };
    if (refused.has('code')) {
      throw new DomainError(ErrorCode.ProductCodeTaken, `Product code ${product.code} is already in use.`, {
        errors: [{ path: 'body.code', message: 'Already in use.' }],
      });
    }
    throw refused.error;
  }

  /** The first answer of a create refused on its idempotency record. */
  private async replay<T>(claim: IdempotencyClaim): Promise<T> {
    const first = await replayAfterRefusal<T>(this.client, this.tableName, claim);
    if (first === undefined) throw idempotencyKeyReused();
    return first;
  }

  async get(productId: string): Promise<Product | undefined> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: productKeys.item(productId), ConsistentRead: true }));
    return item ? productEntity.fromItem(item) : undefined;
  }

  /**
   * The audit entry needs the values replaced: a consistent read, judged as the condition would judge it
   * (404 / 412), then ONE transaction: the update, conditional on the version read, and the audit entry. A write
   * in between bumps the version, so the transaction is refused (412) and no entry claims a change that did not happen.
   */
  async update(productId: string, changes: ProductChanges, guard: { expectedVersion: number }, actor: Actor): Promise<Product> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: productKeys.item(productId), ConsistentRead: true }));
    if (!item) throw productNotFound(productId);
    if (item.version !== guard.expectedVersion) throw productChanged(productId, item.version);
    const before = productEntity.fromItem(item);
    const { set, remove } = fieldUpdatesOf(changes);
    const after: Item = { ...before, ...set };
    for (const field of remove) delete after[field];
    const next = { ...after, version: before.version + 1, updatedAt: actor.at, updatedBy: actor.username } as Product;
    // A rename moves the name-derived attributes (the entity decides which).
    const plan: UpdatePlan = {
      set: { ...set, ...(typeof set.name === 'string' ? productEntity.indexAttributes(next) : {}), updatedAt: actor.at, updatedBy: actor.username },
      remove,
      increment: { version: 1 },
    };
    const refused = await transactParts(this.client, [
      part(
        'product',
        conditionalUpdate(this.tableName, productKeys.item(productId), buildUpdateExpression(plan), {
          ConditionExpression: 'attribute_exists(#pk) AND #version = :expectedVersion',
          names: { '#pk': 'pk', '#version': 'version' },
          values: { ':expectedVersion': before.version },
        }),
      ),
      part(
        'audit',
        auditPut(this.tableName, {
          at: actor.at,
          actor: actor.username,
          action: 'update',
          entityType: 'product',
          entityId: productId,
          entityVersion: next.version,
          changes: changesBetween(before, next),
        }),
      ),
    ] satisfies TransactionPart<ProductLabel>[]);
    if (!refused) return productEntity.fromItem(next as unknown as Item);
    if (!refused.has('product')) throw refused.error;
    const old = refused.old('product');
    if (!old) throw productNotFound(productId);
    throw productChanged(productId, old.version);
  }

  /**
   * One transaction: the stock update (guarded by "never below zero", checked inside the transaction, so it
   * holds under any race and never has to be retried), the adjustment, the idempotency record and two audit
   * entries: the adjustment's creation and, in the product's own history, the stock movement.
   *
   * The product's entry records the movement (`stockOnHand` by `delta`), not old → new on hand: knowing the old
   * value exactly would mean conditioning the write on the stock read, and every order placement moves the
   * stock, so a busy product's adjustment could lose every retry (the bounded load test found that 503).
   */
  async adjustStock(adjustment: StockAdjustment, idempotency?: IdempotencyClaim): Promise<CreateOutcome<StockAdjustment>> {
    const taking = adjustment.delta < 0;
    const stock = conditionalUpdate(
      this.tableName,
      productKeys.item(adjustment.productId),
      buildUpdateExpression({ increment: { stockOnHand: adjustment.delta } }),
      taking
        ? { ConditionExpression: 'attribute_exists(#pk) AND #stock >= :need', names: { '#pk': 'pk', '#stock': 'stockOnHand' }, values: { ':need': -adjustment.delta } }
        : { ConditionExpression: 'attribute_exists(#pk)', names: { '#pk': 'pk' } },
    );
    const sent: TransactionPart<ProductLabel>[] = [
      part('stock', stock),
      part('adjustment', putNew(this.tableName, stockAdjustmentEntity.toItem(adjustment))),
      ...(idempotency ? [part('idempotency', idempotencyPut(this.tableName, idempotency, adjustment))] : []),
      part('audit', adjustmentAudit(this.tableName, adjustment)),
      part(
        'audit',
        auditPut(this.tableName, {
          at: adjustment.createdAt,
          actor: adjustment.createdBy,
          action: 'update',
          entityType: 'product',
          entityId: adjustment.productId,
          changes: [{ field: 'stockOnHand', new: { by: adjustment.delta } }],
          note: `Stock adjustment ${adjustment.id}: ${adjustment.reason}`,
        }),
      ),
    ];
    const refused = await transactParts(this.client, sent);
    if (!refused) return { kind: 'created', value: adjustment };
    if (idempotency && refused.has('idempotency')) return { kind: 'replayed', value: await this.replay<StockAdjustment>(idempotency) };
    if (!refused.has('stock')) throw refused.error;
    const old = refused.old('stock');
    if (!old) throw productNotFound(adjustment.productId);
    throw insufficientStock(old.code, old.stockOnHand, adjustment.delta);
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
      items: (result.Items ?? []).map(productEntity.fromItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }
}
