import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ACCOUNTING_CURRENCY } from '#functions/orders/products/product.schema';
import { changesBetween } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import type { Money } from '#shared/core/schema-primitives';
import type { Item } from '#shared/db/item';
import { isTransactionConflict } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, plainUpdate } from '#shared/db/update-expression';
import { DEFAULT_PAYMENT_TERMS_DAYS, dueAtOf, overdueReminderOf } from '#shared/dunning/dunning';
import { receivableEntity } from '#shared/dunning/receivable.entity';
import { receivableKeys } from '#shared/dunning/receivable.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { orderKeys } from '#shared/keys/orders.keys';
import { reminderPut } from '#shared/reminders/reminder.writes';
import { customerReceivablesEntity } from '#shared/reports/customer-receivables.entity';
import { walkCustomers, type CustomerWalkOptions } from './customer-walk';

export interface ReceivablesBackfillRun {
  /** Customers read from the list index. */
  readonly customers: number;
  /** Open orders (balance left, not cancelled) looked at. */
  readonly openOrders: number;
  /** Orders given payment terms, a due date and an open-receivable item (a re-run finds them done). */
  readonly dated: number;
  /** Of those, due in the future: their overdue reminder was armed. */
  readonly reminded: number;
  /** Open-receivable items read from the all-receivables partition. */
  readonly receivables: number;
  /** Items re-indexed: the by-customer index added, or moved to the customer's current owner. */
  readonly reindexed: number;
  /** Orders or items that changed under the back-fill (read again, or left to the next run). */
  readonly retried: number;
}

export const BACKFILL_ACTOR = 'system:backfill-receivables';
const ATTEMPTS = 3;

const money = (value: unknown): Money | undefined =>
  value && typeof value === 'object' && typeof (value as Money).amount === 'number' ? (value as Money) : undefined;

const isRefusal = (error: unknown): boolean => (error as { name?: string }).name === 'TransactionCanceledException' && !isTransactionConflict(error);

/**
 * `npm run backfill:receivables` (docs/data-model.md, "Dunning: the back-fill"). Two passes, both without a Scan:
 *
 * 1. Orders placed before payment terms existed: each live customer (customer-walk.ts: the all-customers or one
 *    owner's list index) has its order summaries read (one Query of its collection, `ORDER#…`); each open one (balance
 *    left, not cancelled) is read (GetItem) and, when it has no `dueAt`, gets in one transaction: `paymentTermsDays`
 *    (the customer's, else 30) and `dueAt` = order date + terms on the order (held to the version read and to "no
 *    dueAt yet"; version + 1, so a payment that read it before is stale and reads again; `updatedAt` moves), the
 *    summary's version, `updatedAt` and orders-feed keys, the
 *    open-receivable item, its `dueD` aggregate, an audit entry — and the overdue reminder only when the due date is
 *    still ahead (a balance long overdue is in `GET /v1/dunning`; it does not flood the owner's inbox at once).
 * 2. The open-receivable items themselves (`gsi2 = RECEIVABLE#ALL`, a Query per page): each gets the by-customer
 *    index (gsi3) if it lacks it, and is moved to its customer's current owner if a transfer's move did not finish —
 *    one transaction each, held to the customer's owner read (ConditionCheck).
 *
 * Re-runnable: what is done is skipped. Cost: pass 1 one Query per customer page and per customer, a GetItem per open
 * order; pass 2 one Query per page of open receivables, a GetItem per distinct customer; one write per item fixed.
 */
export const backfillReceivables = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  options: CustomerWalkOptions & { now?: () => Date } = {},
): Promise<ReceivablesBackfillRun> => {
  const run = { customers: 0, openOrders: 0, dated: 0, reminded: 0, receivables: 0, reindexed: 0, retried: 0 };
  const now = options.now ?? (() => new Date());

  const dateOrder = async (customer: Item, orderId: string): Promise<void> => {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      const order = (await client.send(new GetCommand({ TableName: tableName, Key: orderKeys.item(orderId), ConsistentRead: true }))).Item;
      const balance = money(order?.balance);
      if (!order || order.dueAt !== undefined || order.status === 'cancelled' || !balance || balance.amount <= 0) return;
      const terms = typeof customer.paymentTermsDays === 'number' ? customer.paymentTermsDays : DEFAULT_PAYMENT_TERMS_DAYS;
      const orderedAt = String(order.orderedAt);
      const dueAt = dueAtOf(orderedAt, terms);
      const at = now().toISOString();
      const dated = { id: orderId, orderNo: String(order.orderNo), customerId: String(order.customerId), customerName: String(order.customerName), createdAt: String(order.createdAt), dueAt };
      const ownerId = String(customer.ownerId);
      const reminder = dueAt > at ? overdueReminderOf(dated, ownerId) : undefined;
      const version = Number(order.version);
      const stamp = { updatedAt: at, updatedBy: BACKFILL_ACTOR };
      const receivable = receivableEntity.toItem({
        orderId, orderNo: dated.orderNo, customerId: dated.customerId, customerName: dated.customerName, ownerId, orderedAt,
        paymentTermsDays: terms, dueAt, total: money(order.total)!, balance, updatedAt: at,
      });
      const identity = { customerId: dated.customerId, currency: ACCOUNTING_CURRENCY };
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              conditionalUpdate(tableName, orderKeys.item(orderId), buildUpdateExpression({ set: { paymentTermsDays: terms, dueAt, ...stamp }, increment: { version: 1 } }), {
                ConditionExpression: 'attribute_exists(#pk) AND #version = :version AND attribute_not_exists(#dueAt)',
                names: { '#pk': 'pk', '#version': 'version', '#dueAt': 'dueAt' },
                values: { ':version': version },
              }),
              // A visible change: the summary carries the orders delta feed's keys (gsi11), moved so syncing clients fetch it.
              conditionalUpdate(tableName, orderKeys.summary(dated.customerId, orderedAt, orderId), buildUpdateExpression({ set: { version: version + 1, ...stamp, ...orderKeys.feedAttributes(orderId, at) } }), {
                ConditionExpression: 'attribute_exists(#pk)',
                names: { '#pk': 'pk' },
              }),
              { Put: { TableName: tableName, Item: receivable, ConditionExpression: 'attribute_not_exists(pk)' } },
              plainUpdate(tableName, customerReceivablesEntity.keyOf(identity), customerReceivablesEntity.addPlan(identity, { [customerReceivablesEntity.dueDayAttribute(dueAt)]: balance.amount })),
              ...(reminder ? [reminderPut(tableName, reminder)] : []),
              auditPut(tableName, {
                at, actor: BACKFILL_ACTOR, action: 'update', entityType: 'order', entityId: orderId, customerId: dated.customerId, entityVersion: version + 1,
                changes: changesBetween({}, { paymentTermsDays: terms, dueAt }), note: 'Payment terms back-filled',
              }),
            ],
          }),
        );
        run.dated += 1;
        if (reminder) run.reminded += 1;
        return;
      } catch (error) {
        if (!isRefusal(error) && !isTransactionConflict(error)) throw error;
        run.retried += 1;
      }
    }
  };

  const visitCustomer = async (customer: Item): Promise<void> => {
    run.customers += 1;
    let startKey: Item | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ProjectionExpression: '#id, #status, #balance',
          ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#id': 'id', '#status': 'status', '#balance': 'balance' },
          ExpressionAttributeValues: { ':pk': customerKeys.item(String(customer.id)).pk, ':prefix': orderKeys.summaryPrefix },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const summary of page.Items ?? []) {
        if (summary.status === 'cancelled' || (money(summary.balance)?.amount ?? 0) <= 0) continue;
        run.openOrders += 1;
        await dateOrder(customer, String(summary.id));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  };

  await walkCustomers(client, tableName, options, visitCustomer);
  await reindexReceivables(client, tableName, run);
  return run;
};

/** Pass 2: every open receivable on the by-customer index and under its customer's current owner. */
const reindexReceivables = async (client: DynamoDBDocumentClient, tableName: string, run: { receivables: number; reindexed: number; retried: number }): Promise<void> => {
  const owners = new Map<string, string | undefined>();
  const ownerOf = async (customerId: string): Promise<string | undefined> => {
    if (!owners.has(customerId)) {
      const customer = (await client.send(new GetCommand({ TableName: tableName, Key: customerKeys.item(customerId), ConsistentRead: true, ProjectionExpression: 'ownerId' }))).Item;
      owners.set(customerId, typeof customer?.ownerId === 'string' ? customer.ownerId : undefined);
    }
    return owners.get(customerId);
  };
  const index = receivableKeys.all;
  let startKey: Item | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.pkAttribute },
        ExpressionAttributeValues: { ':pk': index.pk() },
        Limit: 200,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      run.receivables += 1;
      const receivable = receivableEntity.fromItem(item);
      const ownerId = (await ownerOf(receivable.customerId)) ?? receivable.ownerId;
      const wanted = receivableEntity.toItem({ ...receivable, ownerId });
      const attributes = ['ownerId', receivableKeys.byOwner.pkAttribute, receivableKeys.byCustomer.pkAttribute, receivableKeys.byCustomer.skAttribute];
      const set = Object.fromEntries(attributes.filter((name) => item[name] !== wanted[name]).map((name) => [name, wanted[name]]));
      if (Object.keys(set).length === 0) continue;
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                ConditionCheck: {
                  TableName: tableName,
                  Key: customerKeys.item(receivable.customerId),
                  ConditionExpression: ownerId === receivable.ownerId ? 'attribute_not_exists(#ownerId) OR #ownerId = :ownerId' : '#ownerId = :ownerId',
                  ExpressionAttributeNames: { '#ownerId': 'ownerId' },
                  ExpressionAttributeValues: { ':ownerId': ownerId },
                },
              },
              conditionalUpdate(tableName, receivableKeys.item(receivable.orderId), buildUpdateExpression({ set }), {
                ConditionExpression: 'attribute_exists(#pk)',
                names: { '#pk': 'pk' },
              }),
            ],
          }),
        );
        run.reindexed += 1;
      } catch (error) {
        // The customer changed owner or the order was settled meanwhile: that write's own move, or the next run.
        if (!isRefusal(error) && !isTransactionConflict(error)) throw error;
        run.retried += 1;
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
};
