import { BatchGetCommand, GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { orderEntity } from '#functions/orders/order/order.entity';
import { changesBetween } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { promiseReminderOf } from '#shared/dunning/dunning';
import { receivableEntity } from '#shared/dunning/receivable.entity';
import { receivableKeys } from '#shared/dunning/receivable.keys';
import type { Item } from '#shared/db/item';
import { part, parts, transactParts, type TransactionPart } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { findStoredAnswer, idempotencyKeyReused, idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import { customerKeys } from '#shared/keys/customer.keys';
import { orderKeys } from '#shared/keys/orders.keys';
import { reminderChange } from '#shared/reminders/reminder.writes';
import { dunningNoteEntity, dunningNoteKeys } from './dunning-note.entity';
import type { CreateOutcome, DunnedOrderView, DunningRepository, IdempotencyClaim, NoteWrite, Page, PageKey } from './dunning.ports';
import type { DunningNote } from './dunning.schema';

type NoteLabel = 'note' | 'order' | 'summary' | 'reminder' | 'scope' | 'idempotency' | 'audit';

/** The dunning feature's reads and writes on the single table (docs/data-model.md, "Dunning"). */
export class DynamoDbDunningRepository implements DunningRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async overdue(criteria: { ownerId?: string | undefined; before: string }, page: { limit: number; startKey?: PageKey }): Promise<Page<ReturnType<typeof receivableEntity.fromItem>>> {
    const index = criteria.ownerId === undefined ? receivableKeys.all : receivableKeys.byOwner;
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.index,
        // `<dueAt>#<orderId>` < `<now>`: every entry due before now, oldest first.
        KeyConditionExpression: '#pk = :pk AND #sk < :before',
        ExpressionAttributeNames: { '#pk': index.pkAttribute, '#sk': index.skAttribute },
        ExpressionAttributeValues: {
          ':pk': criteria.ownerId === undefined ? receivableKeys.all.pk() : receivableKeys.byOwner.pk(criteria.ownerId),
          ':before': criteria.before,
        },
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map(receivableEntity.fromItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }

  async currentOwners(customerIds: readonly string[]): Promise<Map<string, string>> {
    const owners = new Map<string, string>();
    let keys: Item[] = customerIds.map((id) => customerKeys.item(id));
    for (let round = 0; keys.length > 0 && round < 10; round += 1) {
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 20 * round));
      const result = await this.client.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ProjectionExpression: '#id, #owner, #deleted', ExpressionAttributeNames: { '#id': 'id', '#owner': 'ownerId', '#deleted': 'deletedAt' } } } }),
      );
      for (const item of result.Responses?.[this.tableName] ?? []) if (item.deletedAt === undefined) owners.set(String(item.id), String(item.ownerId));
      keys = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Item[];
    }
    return owners;
  }

  async order(orderId: string): Promise<DunnedOrderView | undefined> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: orderKeys.item(orderId), ConsistentRead: true }));
    if (!item) return undefined;
    const order = orderEntity.fromItem(item);
    // Only the owner and the archive mark of the customer (its entity module would bring the pinyin search keys along).
    const { Item: customer } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: customerKeys.item(order.customerId),
        ConsistentRead: true,
        ProjectionExpression: '#owner, #deleted',
        ExpressionAttributeNames: { '#owner': 'ownerId', '#deleted': 'deletedAt' },
      }),
    );
    return {
      id: order.id,
      orderNo: order.orderNo,
      customerId: order.customerId,
      customerName: order.customerName,
      status: order.status,
      total: order.total,
      paidAmount: order.paidAmount,
      balance: order.balance,
      orderedAt: order.orderedAt,
      dueAt: order.dueAt,
      promise: order.promise,
      version: order.version,
      createdAt: order.createdAt,
      ownerId: customer && customer.deletedAt === undefined && typeof customer.ownerId === 'string' ? customer.ownerId : undefined,
    };
  }

  async addNote(write: NoteWrite, idempotency?: IdempotencyClaim): Promise<CreateOutcome<DunningNote> | 'stale' | 'out-of-scope'> {
    const { note, order, promise, ownerScope, actor } = write;
    const sent: TransactionPart<NoteLabel>[] = [
      part('note', { Put: { TableName: this.tableName, Item: dunningNoteEntity.toItem(note), ConditionExpression: 'attribute_not_exists(pk)' } }),
      ...(ownerScope === undefined
        ? []
        : [
            part('scope', {
              ConditionCheck: {
                TableName: this.tableName,
                Key: customerKeys.item(order.customerId),
                ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#deletedAt) AND #ownerId = :ownerScope',
                ExpressionAttributeNames: { '#pk': 'pk', '#deletedAt': 'deletedAt', '#ownerId': 'ownerId' },
                ExpressionAttributeValues: { ':ownerScope': ownerScope },
              },
            }),
          ]),
      ...(promise ? this.promiseParts(write, promise) : []),
      ...(idempotency ? [part('idempotency', idempotencyPut(this.tableName, idempotency, note))] : []),
      part('audit', auditPut(this.tableName, {
        at: actor.at, actor: actor.username, action: 'create', entityType: 'dunning-note', entityId: note.id, customerId: note.customerId, entityVersion: 1, changes: changesBetween(undefined, note),
      })),
      ...(promise
        ? [part('audit', auditPut(this.tableName, {
            at: actor.at, actor: actor.username, action: 'update', entityType: 'order', entityId: order.id, customerId: order.customerId, entityVersion: order.version + 1,
            changes: changesBetween({ promise: order.promise }, { promise }), note: `Dunning note ${note.id}`,
          }))]
        : []),
    ];
    const refused = await transactParts(this.client, sent);
    if (!refused) return { kind: 'created', value: note };
    if (idempotency && refused.has('idempotency')) {
      const first = await replayAfterRefusal<DunningNote>(this.client, this.tableName, idempotency);
      if (first === undefined) throw idempotencyKeyReused();
      return { kind: 'replayed', value: first };
    }
    if (refused.has('scope')) return 'out-of-scope';
    if (refused.has('order')) return 'stale';
    throw refused.error;
  }

  /** The order's promise (version + 1, conditional on the version read), its summary's version, the reminder moved. */
  private promiseParts(write: NoteWrite, promise: NonNullable<NoteWrite['promise']>): TransactionPart<NoteLabel>[] {
    const { order, actor } = write;
    const stamp = { version: order.version + 1, updatedAt: actor.at, updatedBy: actor.username };
    const before = order.promise?.status === 'open' ? { remindAt: order.promise.promisedPayAt, kind: 'dunning' as const, sourceId: order.promise.noteId } : undefined;
    return [
      part('order', conditionalUpdate(this.tableName, orderKeys.item(order.id), buildUpdateExpression({ set: { promise, ...stamp } }), {
        ConditionExpression: 'attribute_exists(#pk) AND #version = :expectedVersion',
        names: { '#pk': 'pk', '#version': 'version' },
        values: { ':expectedVersion': order.version },
      })),
      // The summary's updatedAt moves: so does its place in the orders delta feed (gsi11).
      part('summary', conditionalUpdate(this.tableName, orderKeys.summary(order.customerId, order.orderedAt, order.id), buildUpdateExpression({ set: { ...stamp, ...orderKeys.feedAttributes(order.id, actor.at) } }), {
        ConditionExpression: 'attribute_exists(#pk)',
        names: { '#pk': 'pk' },
      })),
      // The reminder goes to whoever owns the customer now.
      ...parts('reminder', reminderChange(this.tableName, before, order.ownerId === undefined ? undefined : promiseReminderOf(order, promise, order.ownerId))),
    ];
  }

  async storedAnswer(claim: IdempotencyClaim): Promise<DunningNote | undefined> {
    const stored = await findStoredAnswer(this.client, this.tableName, claim, new Date());
    return stored?.response as DunningNote | undefined;
  }

  async listNotes(orderId: string, page: { limit: number; startKey?: PageKey }): Promise<Page<DunningNote>> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':pk': orderKeys.collection(orderId), ':prefix': dunningNoteKeys.prefix },
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map(dunningNoteEntity.fromItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }
}
