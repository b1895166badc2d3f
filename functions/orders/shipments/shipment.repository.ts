import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changesBetween } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { part, transactParts, type RefusedParts, type TransactItem, type TransactionPart } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { idempotencyKeyReused, idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import { orderKeys } from '#shared/keys/orders.keys';
import { shipmentKeys } from '#shared/keys/shipments.keys';
import { orderProgressParts } from './order-progress.writes';
import { assertFitsOneTransaction, orderNotFound } from '#functions/orders/order/order.rules';
import type { Order } from '#functions/orders/order/order.schema';
import { shipmentEntity } from './shipment.entity';
import type { CreateOutcome, Page, PageKey, ShipmentDelivery, ShipmentRepository, ShipmentWrite, Stale } from './shipment.ports';
import { orderVersionConflict, shipmentNotFound } from './shipment.rules';
import type { Shipment } from './shipment.schema';
import { queryOrderCollectionPage } from '#functions/orders/order/order-collection.reads';
import { orderAudit } from '#functions/orders/order/order-audit.writes';

type ShipmentLabel = 'shipment' | 'order' | 'summary' | 'recent' | 'scope' | 'idempotency' | 'audit';
type ShipmentPart = TransactionPart<ShipmentLabel>;

/** What a shipment's write changes on the order item. */
const ORDER_FIELDS_MOVED = ['lines', 'status', 'shippedAt', 'deliveredAt', 'version', 'updatedAt', 'updatedBy'] as const;

/**
 * Shipments on DynamoDB: the shipment item in its order's collection, written in ONE transaction with the order's
 * quantities and status, the order's summary (its status index and delta-feed keys), the recent-orders entry when the
 * status moves, and the audit entries.
 */
export class DynamoDbShipmentRepository implements ShipmentRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(write: ShipmentWrite, idempotency?: IdempotencyClaim): Promise<CreateOutcome<Shipment>> {
    const { current, next, shipment } = write;
    const sent: ShipmentPart[] = [
      part('shipment', { Put: { TableName: this.tableName, Item: shipmentEntity.toItem(shipment), ConditionExpression: 'attribute_not_exists(pk)' } }),
      ...orderProgressParts(this.tableName, write, ORDER_FIELDS_MOVED),
      ...(idempotency ? [part('idempotency', idempotencyPut(this.tableName, idempotency, shipment))] : []),
      part('audit', this.shipmentAudit(undefined, shipment)),
      part('audit', orderAudit(this.tableName, current, next, { note: `Shipment ${shipment.id}` })),
    ];
    const refused = await this.sendWithRecent(sent, current, next);
    if (!refused) return { kind: 'created', value: shipment };
    if (idempotency && refused.has('idempotency')) {
      const first = await replayAfterRefusal<Shipment>(this.client, this.tableName, idempotency);
      if (first === undefined) throw idempotencyKeyReused();
      return { kind: 'replayed', value: first };
    }
    if (refused.has('scope')) throw orderNotFound(current.id);
    if (refused.has('order')) {
      const old = refused.old('order');
      if (!old) throw orderNotFound(current.id);
      throw orderVersionConflict(current.id, Number(old.version));
    }
    throw refused.error;
  }

  async deliver(write: ShipmentDelivery): Promise<{ kind: 'delivered' } | Stale> {
    const { current, next, shipment, previous } = write;
    const sent: ShipmentPart[] = [
      part('shipment', {
        Put: {
          TableName: this.tableName,
          Item: shipmentEntity.toItem(shipment),
          ConditionExpression: 'attribute_exists(#pk) AND #version = :version AND #status = :status',
          ExpressionAttributeNames: { '#pk': 'pk', '#version': 'version', '#status': 'status' },
          ExpressionAttributeValues: { ':version': previous.version, ':status': previous.status },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      }),
      ...orderProgressParts(this.tableName, write, ORDER_FIELDS_MOVED),
      part('audit', this.shipmentAudit(previous, shipment)),
      part('audit', orderAudit(this.tableName, current, next, { note: `Shipment ${shipment.id} delivered` })),
    ];
    const refused = await this.sendWithRecent(sent, current, next);
    if (!refused) return { kind: 'delivered' };
    if (refused.has('scope')) throw orderNotFound(current.id);
    if (refused.has('shipment')) {
      const old = refused.old('shipment');
      if (!old) throw shipmentNotFound(shipment.id);
      if (old.status !== previous.status) throw new DomainError(ErrorCode.InvalidTransition, `Shipment ${shipment.id} is delivered already.`);
      throw new DomainError(ErrorCode.VersionConflict, `Shipment ${shipment.id} has changed since you read it (now version ${String(old.version)}); read it again.`);
    }
    if (refused.has('order')) {
      if (!refused.old('order')) throw orderNotFound(current.id);
      return { kind: 'stale' };
    }
    throw refused.error;
  }

  async get(orderId: string, shipmentId: string): Promise<Shipment | undefined> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: shipmentKeys.item(orderId, shipmentId), ConsistentRead: true }),
    );
    return item ? shipmentEntity.fromItem(item) : undefined;
  }

  async list(orderId: string, page: { limit: number; startKey?: PageKey }): Promise<Page<Shipment>> {
    return queryOrderCollectionPage(this.client, this.tableName, { orderId, prefix: shipmentKeys.prefix, fromItem: shipmentEntity.fromItem }, page);
  }


  private shipmentAudit(previous: Shipment | undefined, shipment: Shipment): TransactItem {
    return auditPut(this.tableName, {
      at: shipment.updatedAt,
      actor: shipment.updatedBy,
      action: previous === undefined ? 'create' : 'transition',
      entityType: 'shipment',
      entityId: shipment.id,
      customerId: shipment.customerId,
      entityVersion: shipment.version,
      changes: changesBetween(previous, shipment),
    });
  }


  /**
   * Sends the write; when the order's status moves, with its entry in the recent-orders projection updated too. When
   * the transaction is refused by that entry ALONE, the order is not among the customer's recent ones: the same
   * write goes again without it (as order-changes.repository.ts does).
   */
  private async sendWithRecent(sent: ShipmentPart[], current: Order, next: Order): Promise<RefusedParts<ShipmentLabel> | undefined> {
    if (current.status === next.status) {
      assertFitsOneTransaction(sent.length);
      return transactParts(this.client, sent);
    }
    const entry = `orders.${next.id}`;
    const recent = conditionalUpdate(
      this.tableName,
      orderKeys.recent(next.customerId),
      buildUpdateExpression({ set: { [`${entry}.status`]: next.status }, add: { revision: 1 } }),
      { ConditionExpression: 'attribute_exists(#orders.#id)', names: { '#orders': 'orders', '#id': next.id } },
    );
    const withRecent = [...sent.filter((element) => element.label !== 'audit'), part('recent', recent), ...sent.filter((element) => element.label === 'audit')];
    assertFitsOneTransaction(withRecent.length);
    const refused = await transactParts(this.client, withRecent);
    if (!refused || refused.labels.some((label) => label !== 'recent')) return refused;
    return transactParts(this.client, sent);
  }
}
