import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Item } from '#shared/db/item';
import { part, parts, transactParts, type RefusedParts, type TransactItem, type TransactionPart } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, plainUpdate } from '#shared/db/update-expression';
import { customerTouchParts, laterStampOf } from '#shared/customer-records/customer-touch';
import { receivableOnCancel, receivableOnPlacement } from '#shared/dunning/receivable.writes';
import { receivableKeys } from '#shared/dunning/receivable.keys';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { orderKeys, productKeys } from '#shared/keys/orders.keys';
import { orderValueChange, receivablesUpdate } from './order-aggregates.writes';
import { EDITABLE_ORDER_FIELDS, REMOVABLE_ORDER_FIELDS } from './order.entity';
import type { EditStockMove, OrderEdit, Stale } from './order.ports';
import { assertFitsOneTransaction, insufficientStock, orderNotFound } from './order.rules';
import type { Order } from './order.schema';
import { EDITABLE_SUMMARY_FIELDS, orderSummaryEntity, summaryOf } from './order-summary.entity';
import { orderAudit } from './order-audit.writes';

/** A product's stock line in an edit: one label per product, so every product that refused is named. */
const stockLabel = (productId: string) => `stock:${productId}` as const;
type EditLabel =
  | 'order' | 'summary' | 'customer' | 'scope' | 'orderValue' | 'receivables' | 'dunning' | 'recent' | 'audit' | ReturnType<typeof stockLabel>;
type EditPart = TransactionPart<EditLabel>;

/** Attempts of an edit whose customer was stamped later by another writer meanwhile. */
const TOUCH_ATTEMPTS = 3;

const definedFields = (source: object, fields: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(fields.map((field) => [field, (source as Item)[field]]).filter(([, value]) => value !== undefined));

/** Editing a placed order (edit-order.use-case.ts): its one transaction and the reasons it may be refused. */
export class DynamoDbOrderEdits {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async contactIsLive(customerId: string, contactId: string): Promise<boolean> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: contactKeys.item(customerId, contactId), ConsistentRead: true }),
    );
    return item !== undefined && item.deletedAt === undefined;
  }

  async edit(edit: OrderEdit): Promise<{ kind: 'edited' } | Stale> {
    // Another writer stamped the customer later meanwhile: the same write again with that stamp.
    let stamp = edit.next.updatedAt;
    for (let attempt = 1; ; attempt += 1) {
      const refused = await this.sendWithRecent(this.editParts(edit, stamp), edit.next);
      if (!refused) return { kind: 'edited' };
      const later = refused.has('customer') ? laterStampOf(refused.old('customer'), stamp) : undefined;
      if (later === undefined || attempt >= TOUCH_ATTEMPTS) return this.explain(edit, refused);
      stamp = later;
    }
  }

  private editParts({ current, next, stock, customer, guard }: OrderEdit, stamp: string): EditPart[] {
    const totalDelta = next.total.amount - current.total.amount;
    const balanceDelta = next.balance.amount - current.balance.amount;
    const openDelta = (next.balance.amount > 0 ? 1 : 0) - (current.balance.amount > 0 ? 1 : 0);
    const figures: EditPart[] = customer
      ? [
          part('customer', this.customerOnEdit(current.customerId, customer.ownerId, totalDelta, stamp, guard.ownerScope)),
          part('orderValue', orderValueChange(this.tableName, current, totalDelta)),
          part('receivables', receivablesUpdate(this.tableName, current.customerId, balanceDelta, openDelta, current.orderedAt, current.dueAt)),
          ...parts('dunning', this.receivableOnEdit(current, next, customer.ownerId)),
          ...stock.map((move) => part(stockLabel(move.productId), this.stockMoved(move))),
        ]
      : guard.ownerScope === undefined
        ? []
        : [part('scope', this.customerInScope(current.customerId, guard.ownerScope))];
    const removed = REMOVABLE_ORDER_FIELDS.filter((field) => current[field] !== undefined && next[field] === undefined);
    const summary = summaryOf(next);
    return [
      part(
        'order',
        conditionalUpdate(
          this.tableName,
          orderKeys.item(current.id),
          buildUpdateExpression({ set: definedFields(next, EDITABLE_ORDER_FIELDS), ...(removed.length > 0 ? { remove: removed } : {}) }),
          {
            ConditionExpression: 'attribute_exists(#pk) AND #version = :expectedVersion',
            names: { '#pk': 'pk', '#version': 'version' },
            values: { ':expectedVersion': guard.expectedVersion },
          },
        ),
      ),
      part(
        'summary',
        conditionalUpdate(
          this.tableName,
          orderKeys.summary(current.customerId, current.orderedAt, current.id),
          buildUpdateExpression({ set: { ...definedFields(summary, EDITABLE_SUMMARY_FIELDS), ...orderSummaryEntity.indexAttributes(summary) } }),
          { ConditionExpression: 'attribute_exists(#pk)', names: { '#pk': 'pk' } },
        ),
      ),
      ...figures,
      part(
        'audit',
        orderAudit(this.tableName, current, next, {
          note: stock.length > 0 ? `Stock ${stock.map((move) => `${move.productCode} ${move.delta > 0 ? '-' : '+'}${Math.abs(move.delta)}`).join(', ')}` : undefined,
        }),
      ),
    ];
  }

  /**
   * The customer's lifetime value by the difference, its stamp forward (never its version), conditional on the owner
   * read (the open-receivable item is filed under it) and, for an account manager, on being theirs and not archived.
   */
  private customerOnEdit(customerId: string, ownerRead: string, delta: number, at: string, ownerScope: string | undefined): TransactItem {
    const touch = customerTouchParts(customerId, at);
    const conditions = ['attribute_exists(#lv)', '#ownerId = :ownerRead', touch.condition];
    const names: Record<string, string> = { '#lv': 'lifetimeValue', '#ownerId': 'ownerId', ...touch.names };
    const values: Record<string, unknown> = { ':ownerRead': ownerRead, ...touch.values };
    if (ownerScope !== undefined) {
      conditions.push('attribute_not_exists(#deletedAt)', '#ownerId = :ownerScope');
      names['#deletedAt'] = 'deletedAt';
      values[':ownerScope'] = ownerScope;
    }
    return conditionalUpdate(
      this.tableName,
      customerKeys.item(customerId),
      buildUpdateExpression({ set: touch.set, increment: { 'lifetimeValue.amount': delta } }),
      { ConditionExpression: conditions.join(' AND '), names, values },
    );
  }

  /** More stock taken (never below zero; at the version a new product was priced at) or stock given back. */
  private stockMoved(move: EditStockMove): TransactItem {
    const update = buildUpdateExpression({ increment: { stockOnHand: -move.delta } });
    if (move.delta < 0) {
      return conditionalUpdate(this.tableName, productKeys.item(move.productId), update, { ConditionExpression: 'attribute_exists(#pk)', names: { '#pk': 'pk' } });
    }
    const versioned = move.expectedVersion !== undefined;
    return conditionalUpdate(this.tableName, productKeys.item(move.productId), update, {
      ConditionExpression: `attribute_exists(#pk) AND #stock >= :quantity${versioned ? ' AND #version = :version' : ''}`,
      names: { '#pk': 'pk', '#stock': 'stockOnHand', ...(versioned ? { '#version': 'version' } : {}) },
      values: { ':quantity': move.delta, ...(versioned ? { ':version': move.expectedVersion } : {}) },
    });
  }

  /**
   * The open-receivable item follows the balance (shared/dunning/receivable.writes.ts): settled by the edit → gone with
   * its reminders; opened by it → put with the overdue reminder; otherwise its total and balance follow.
   */
  private receivableOnEdit(current: Order, next: Order, ownerId: string): TransactItem[] {
    const was = current.balance.amount > 0;
    const is = next.balance.amount > 0;
    if (was && !is) return receivableOnCancel(this.tableName, current);
    if (!was && is) return receivableOnPlacement(this.tableName, next, ownerId);
    if (!was || current.dueAt === undefined || current.paymentTermsDays === undefined || next.balance.amount === current.balance.amount) return [];
    return [plainUpdate(this.tableName, receivableKeys.item(current.id), { set: { total: next.total, balance: next.balance, updatedAt: next.updatedAt } })];
  }

  private customerInScope(customerId: string, ownerScope: string): TransactItem {
    return {
      ConditionCheck: {
        TableName: this.tableName,
        Key: customerKeys.item(customerId),
        ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#deletedAt) AND #ownerId = :ownerScope',
        ExpressionAttributeNames: { '#pk': 'pk', '#deletedAt': 'deletedAt', '#ownerId': 'ownerId' },
        ExpressionAttributeValues: { ':ownerScope': ownerScope },
      },
    };
  }

  /**
   * Why the edit was refused, by label: the caller's scope first (404, no leak), the order's version (412; gone: 404),
   * a product short of stock (409 naming it); a new product's price or the customer's owner changed → stale.
   */
  private explain({ current, stock, guard }: OrderEdit, refused: RefusedParts<EditLabel>): Stale {
    if (refused.has('scope')) throw orderNotFound(current.id);
    if (refused.has('customer')) {
      const old = refused.old('customer');
      if (!old || (guard.ownerScope !== undefined && (old.deletedAt !== undefined || old.ownerId !== guard.ownerScope))) throw orderNotFound(current.id);
    }
    if (refused.has('order')) {
      const old = refused.old('order');
      if (!old) throw orderNotFound(current.id);
      throw new DomainError(
        ErrorCode.VersionConflict,
        `Order ${current.id} has changed since you read it (now version ${String(old.version)}); read it again.`,
      );
    }
    const shortages = stock.flatMap((move) => {
      const label = stockLabel(move.productId);
      const old = refused.has(label) ? refused.old(label) : undefined;
      if (!old || move.delta <= 0 || Number(old.stockOnHand) >= move.delta) return [];
      const placementMove = { productId: move.productId, productCode: move.productCode, quantity: move.delta, expectedVersion: 0, lineIndex: Math.max(move.lineIndex, 0) };
      return [{ move: placementMove, onHand: Number(old.stockOnHand) }];
    });
    if (shortages.length > 0) throw insufficientStock(shortages);
    const explained = refused.labels.every((label) => label === 'customer' || label.startsWith('stock:'));
    if (!explained) throw refused.error;
    return { kind: 'stale' };
  }

  /** The order's entry in the recent-orders projection, if there (the revision moves: a placement that read before reads again). */
  private recentEntryUpdate(next: Order): TransactItem {
    const entry = `orders.${next.id}`;
    return conditionalUpdate(
      this.tableName,
      orderKeys.recent(next.customerId),
      buildUpdateExpression({
        set: { [`${entry}.total`]: next.total, [`${entry}.balance`]: next.balance, [`${entry}.paymentStatus`]: next.paymentStatus },
        add: { revision: 1 },
      }),
      { ConditionExpression: 'attribute_exists(#orders.#id)', names: { '#orders': 'orders', '#id': next.id } },
    );
  }

  /** As order-changes.repository.ts: with the recent-orders entry; refused by that part alone → the same write without it. */
  private async sendWithRecent(sent: EditPart[], next: Order): Promise<RefusedParts<EditLabel> | undefined> {
    const withRecent = [
      ...sent.filter((element) => element.label !== 'audit'),
      part('recent', this.recentEntryUpdate(next)),
      ...sent.filter((element) => element.label === 'audit'),
    ];
    assertFitsOneTransaction(withRecent.length);
    const refused = await transactParts(this.client, withRecent);
    if (!refused || refused.labels.some((label) => label !== 'recent')) return refused;
    return transactParts(this.client, sent);
  }
}
