import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { auditPut } from '#shared/audit/audit.writes';
import { churnKeys } from '#shared/churn/churn.keys';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { sortKeySet } from '#shared/customer-records/customer-sort-indexes';
import { customerTouchParts, laterOf } from '#shared/customer-records/customer-touch';
import { moveOwnerFeed } from '#shared/customer-records/owner-feed';
import type { Item } from '#shared/db/item';
import { part, transactParts, type RefusedParts } from '#shared/db/transactions';
import type { IndexKey } from '#shared/db/index-key';
import { buildUpdateExpression, changesSomething, conditionalUpdate, plainUpdate, type UpdatePlan } from '#shared/db/update-expression';
import { duplicateKeys, pairIdOf } from '#shared/duplicates/duplicate.keys';
import { attachmentKeys } from '#shared/keys/attachment.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { orderKeys, RECENT_ORDERS_LIMIT } from '#shared/keys/orders.keys';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { quoteKeys } from '#shared/keys/quotes.keys';
import { portalUserKeys } from '#shared/keys/portal-user.keys';
import { taskKeys } from '#shared/keys/task.keys';
import { orderValueAggregate, receivablesUpdate } from '#functions/orders/order/order-aggregates.writes';
import type { Order } from '#functions/orders/order/order.schema';
import type { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import type { Actor, StoredCustomer } from '#functions/customers/customer/customer.ports';
import { mergeEntity, type StoredMerge } from './merge.entity';
import { mergeKeys } from './merge.keys';
import type { MergeRepository, MovePage, MovePhase, SurvivorRef } from './merge.ports';
import type { MergePhase } from './merge.schema';
import {
  attachmentMove,
  classOf,
  contactMove,
  directoryMove,
  followUpMove,
  lostCustomerMove,
  opportunityMove,
  portalUserMove,
  quoteMove,
  orderMove,
  plainMove,
  recentOrdersMove,
  serviceMove,
  stampOf,
  type MoveContext,
  type MovePart,
} from './merge-moves';

/** Items moved side by side within a page (those that touch no shared item: activities, removed records, services). */
const PARALLEL_MOVES = 8;
const PARALLEL_CLASSES = new Set(['activities', 'services', 'other']);
/** Tries per attachment when writers keep changing it between the read and the move. */
const ATTACHMENT_ATTEMPTS = 3;

const survivorRefusal = (survivorId: string, old: Item | undefined): DomainError =>
  !old || old.deletedAt !== undefined
    ? new DomainError(ErrorCode.CustomerNotFound, `Customer ${survivorId} does not exist.`)
    : new DomainError(ErrorCode.VersionConflict, `Customer ${survivorId} has changed since you read it (now version ${String(old.version)}); read it again.`);

/** The merge's storage (docs/data-model.md, "Customer merge"); the per-item moves are built in merge-moves.ts. */
export class DynamoDbMergeRepository implements MergeRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly customers: DynamoDbCustomerRepository,
    private readonly pageSize: number,
  ) {}

  async start(merge: StoredMerge, merged: { id: string; version: number }, actor: Actor): Promise<void> {
    const pairId = pairIdOf(merge.survivorId, merged.id);
    const pair = (await this.client.send(new GetCommand({ TableName: this.tableName, Key: duplicateKeys.pair(pairId), ConsistentRead: true }))).Item;
    await this.customers.archive(merged.id, { expectedVersion: merged.version }, actor, {
      survivorId: merge.survivorId,
      mergeId: merge.id,
      parts: () => [
        part('survivor', {
          ConditionCheck: {
            TableName: this.tableName,
            Key: customerKeys.item(merge.survivorId),
            ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#deletedAt) AND #version = :version',
            ExpressionAttributeNames: { '#pk': 'pk', '#deletedAt': 'deletedAt', '#version': 'version' },
            ExpressionAttributeValues: { ':version': merge.survivorVersion },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        }),
        part('merge', { Put: { TableName: this.tableName, Item: mergeEntity.toItem(merge), ConditionExpression: 'attribute_not_exists(pk)' } }),
        // Their duplicate pair, if one was recorded, is closed: off the open list (shared/duplicates/).
        ...(pair
          ? [
              part(
                'pair',
                plainUpdate(this.tableName, duplicateKeys.pair(pairId), {
                  set: {
                    status: 'merged',
                    [duplicateKeys.pairsByStatus.pkAttribute]: duplicateKeys.pairsByStatus.pk('merged'),
                    mergedAt: actor.at,
                    mergedBy: actor.username,
                  },
                  add: { version: 1 },
                }),
              ),
            ]
          : []),
        part('merge', auditPut(this.tableName, {
          at: actor.at,
          actor: actor.username,
          action: 'merge',
          entityType: 'customer-merge',
          entityId: merge.id,
          customerId: merge.survivorId,
          entityVersion: merge.version,
          changes: [
            { field: 'mergedId', new: merged.id },
            { field: 'keep', new: merge.keep },
          ],
        })),
      ],
      refusal: (refused: RefusedParts<string>) =>
        refused.has('survivor')
          ? survivorRefusal(merge.survivorId, refused.old('survivor'))
          : refused.has('merge')
            ? new DomainError(ErrorCode.ConcurrentChange, 'The merge was started twice at once; read it again.')
            : undefined,
    });
  }

  async get(mergeId: string): Promise<StoredMerge | undefined> {
    const item = (await this.client.send(new GetCommand({ TableName: this.tableName, Key: mergeKeys.item(mergeId), ConsistentRead: true }))).Item;
    return item ? mergeEntity.fromItem(item) : undefined;
  }

  async movePage(merge: StoredMerge, phase: MovePhase, survivor: SurvivorRef): Promise<MovePage> {
    const context: MoveContext = { tableName: this.tableName, mergeId: merge.id, mergedId: merge.mergedId, survivor, at: new Date().toISOString() };
    if (phase === 'records') return this.moveRecords(merge, context);
    if (phase === 'opportunities') return this.moveInPlace(opportunityKeys.byCustomer, opportunityMove, context);
    if (phase === 'quotes') return this.moveInPlace(quoteKeys.byCustomer, quoteMove, context);
    if (phase === 'portalUsers') return this.moveInPlace(portalUserKeys.byCustomer, portalUserMove, context);
    return phase === 'tasks' ? this.moveTasks(context) : this.moveAttachments(context);
  }

  /** One page of the merged customer's item collection (from the checkpoint), then the checkpoint past it. */
  private async moveRecords(merge: StoredMerge, context: MoveContext): Promise<MovePage> {
    const pk = customerKeys.item(merge.mergedId).pk;
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
        Limit: this.pageSize,
        ...(merge.cursor ? { ExclusiveStartKey: { pk, sk: merge.cursor } } : {}),
      }),
    );
    const items = page.Items ?? [];
    const parallel = items.filter((item) => PARALLEL_CLASSES.has(classOf(String(item.sk))));
    const serial = items.filter((item) => !PARALLEL_CLASSES.has(classOf(String(item.sk))) && classOf(String(item.sk)) !== 'stay');
    let moved = 0;
    for (let next = 0; next < parallel.length; next += PARALLEL_MOVES) {
      const done = await Promise.all(parallel.slice(next, next + PARALLEL_MOVES).map((item) => this.moveItem(item, context)));
      moved += done.filter(Boolean).length;
    }
    for (const item of serial) if (await this.moveItem(item, context)) moved += 1;
    const last = items.at(-1);
    if (last) await this.client.send(new UpdateCommand(plainUpdate(this.tableName, mergeKeys.item(merge.id), { set: { cursor: last.sk, updatedAt: context.at } }).Update));
    return { moved, done: page.LastEvaluatedKey === undefined };
  }

  /** Sends one item's move; false when another run had moved it already. */
  private async moveItem(item: Item, context: MoveContext): Promise<boolean> {
    const parts = await this.movePartsOf(item, context);
    const refused = await transactParts(this.client, parts);
    if (!refused) return true;
    if (refused.has('source')) return false;
    if (refused.has('survivor')) {
      throw new DomainError(ErrorCode.LimitReached, `The survivor ${context.survivor.id} is archived, or its contacts / open follow-ups are at their limit.`);
    }
    if (refused.has('target') && classOf(String(item.sk)) === 'recentOrders') {
      throw new DomainError(ErrorCode.ConcurrentChange, 'An order was placed for the survivor meanwhile; the merge goes on at the next step.');
    }
    throw refused.error;
  }

  private async movePartsOf(item: Item, context: MoveContext): Promise<MovePart[]> {
    const kind = classOf(String(item.sk));
    switch (kind) {
      case 'contacts':
        return contactMove(item, context);
      case 'followUps':
        return followUpMove(item, context);
      case 'lostCustomer':
        return lostCustomerMove(item, context);
      case 'directory':
        return directoryMove(item, context);
      case 'services':
        return serviceMove(item, context);
      case 'recentOrders': {
        const survivorItem = (await this.client.send(new GetCommand({ TableName: this.tableName, Key: orderKeys.recent(context.survivor.id), ConsistentRead: true }))).Item;
        return recentOrdersMove(item, survivorItem, RECENT_ORDERS_LIMIT, context);
      }
      case 'orders':
        return this.orderParts(item, context);
      case 'activities':
      case 'other':
      case 'tasks':
      case 'attachments':
      case 'opportunities':
      case 'quotes':
      case 'portalUsers':
      case 'stay':
        return plainMove(item, kind === 'activities' ? 'activities' : 'other', context);
    }
  }

  /** The order's own items (one Query of its collection) and the aggregates it moves between the two customers. */
  private async orderParts(summary: Item, context: MoveContext): Promise<MovePart[]> {
    const own = await this.client.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': orderKeys.collection(String(summary.id)) }, ConsistentRead: true }),
    );
    const items = own.Items ?? [];
    const order = items.find((candidate) => candidate.sk === 'ORDER') as unknown as Order | undefined;
    const named = items.filter((candidate) => candidate.customerId === context.mergedId);
    const aggregates = [];
    if (order && order.status !== 'cancelled') {
      aggregates.push(part('side' as const, orderValueAggregate(this.tableName, { ...order, customerId: context.mergedId }, -1)));
      aggregates.push(part('side' as const, orderValueAggregate(this.tableName, { ...order, customerId: context.survivor.id }, 1)));
      if (order.balance.amount > 0) {
        const dueAt = (order as { dueAt?: string }).dueAt;
        aggregates.push(part('side' as const, receivablesUpdate(this.tableName, context.mergedId, -order.balance.amount, -1, order.orderedAt, dueAt)));
        aggregates.push(part('side' as const, receivablesUpdate(this.tableName, context.survivor.id, order.balance.amount, 1, order.orderedAt, dueAt)));
      }
    }
    return orderMove(summary, { order: order as unknown as Item | undefined, named }, aggregates, context);
  }

  /** The first page of what an index files under the merged customer (the moves re-point each item, so it shrinks). */
  private indexPage(index: IndexKey<[string]>, customerId: string) {
    return this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.pkAttribute },
        ExpressionAttributeValues: { ':pk': index.pk(customerId) },
        Limit: this.pageSize,
      }),
    );
  }

  /** One page of the merged customer's tasks (by-customer index): each re-pointed to the survivor. */
  private async moveTasks(context: MoveContext): Promise<MovePage> {
    const index = taskKeys.byCustomer;
    const page = await this.indexPage(index, context.mergedId);
    let moved = 0;
    for (const task of page.Items ?? []) {
      const refused = await transactParts(this.client, [
        part('source', conditionalUpdate(
          this.tableName,
          { pk: String(task.pk), sk: String(task.sk) },
          buildUpdateExpression({ set: { customerId: context.survivor.id, customerName: context.survivor.name, [index.pkAttribute]: index.pk(context.survivor.id) } }),
          { ConditionExpression: '#mcid = :mmerged', names: { '#mcid': 'customerId' }, values: { ':mmerged': context.mergedId } },
        )),
        part('ledger', { Put: { TableName: this.tableName, Item: { ...mergeKeys.moved(context.mergeId, String(task.pk)), entity: 'CustomerMergeMove', kind: 'tasks', ref: task.id, ...stampOf(task), movedAt: context.at } } }),
        part('progress', plainUpdate(this.tableName, mergeKeys.item(context.mergeId), { add: { 'moved.tasks': 1 }, set: { updatedAt: context.at } })),
      ]);
      if (!refused) moved += 1;
      else if (!refused.has('source')) throw refused.error;
    }
    // The index is eventually consistent: a page that moved nothing and has nothing after it is the end.
    return { moved, done: page.LastEvaluatedKey === undefined && moved === (page.Items ?? []).length };
  }

  /**
   * One page of the attachments under the merged customer (gsi2, live and deleted): each re-pointed, held to its
   * version; a refused one is moved as the refusal shows it now (a delete or the upload check came between), or
   * skipped when it names the merged customer no more (another run moved it).
   */
  private async moveAttachments(context: MoveContext): Promise<MovePage> {
    const index = attachmentKeys.underCustomer;
    const page = await this.indexPage(index, context.mergedId);
    let moved = 0;
    for (const found of page.Items ?? []) {
      let attachment: Item | undefined = found;
      for (let attempt = 0; attachment?.customerId === context.mergedId; attempt += 1) {
        if (attempt === ATTACHMENT_ATTEMPTS) throw new DomainError(ErrorCode.ConcurrentChange, 'An attachment kept changing; the merge goes on at the next step.');
        const refused: RefusedParts<MovePart['label']> | undefined = await transactParts(this.client, attachmentMove(attachment, context));
        if (!refused) {
          moved += 1;
          break;
        }
        if (!refused.has('source')) throw refused.error;
        attachment = refused.old('source');
      }
    }
    // The index is eventually consistent: a page that moved nothing and has nothing after it is the end.
    return { moved, done: page.LastEvaluatedKey === undefined && moved === (page.Items ?? []).length };
  }

  /**
   * One page of the merged customer's opportunities or quotes (their by-customer index): each re-pointed, held to its
   * version; one refused on its version (a writer in between) is moved as the refusal shows it, one naming the merged
   * customer no more (another run moved it) is skipped.
   */
  private async moveInPlace(index: IndexKey<[string]>, moveOf: (item: Item, context: MoveContext) => MovePart[], context: MoveContext): Promise<MovePage> {
    const page = await this.indexPage(index, context.mergedId);
    let moved = 0;
    for (const found of page.Items ?? []) {
      let record: Item | undefined = found;
      for (let attempt = 0; record?.customerId === context.mergedId; attempt += 1) {
        if (attempt === ATTACHMENT_ATTEMPTS) throw new DomainError(ErrorCode.ConcurrentChange, `${String(found.pk)} kept changing; the merge goes on at the next step.`);
        const refused: RefusedParts<MovePart['label']> | undefined = await transactParts(this.client, moveOf(record, context));
        if (!refused) {
          moved += 1;
          break;
        }
        if (!refused.has('source')) throw refused.error;
        record = refused.old('source');
      }
    }
    // The index is eventually consistent: a page that moved nothing and has nothing after it is the end.
    return { moved, done: page.LastEvaluatedKey === undefined && moved === (page.Items ?? []).length };
  }

  async finish(merge: StoredMerge, merged: StoredCustomer): Promise<void> {
    const survivor = (await this.client.send(new GetCommand({ TableName: this.tableName, Key: customerKeys.item(merge.survivorId), ConsistentRead: true }))).Item;
    if (!survivor || survivor.deletedAt !== undefined) throw new DomainError(ErrorCode.CustomerNotFound, `The survivor ${merge.survivorId} was archived.`);
    // The moved contacts and orders kept the merged customer's owner in their delta-feed keys: they enter the
    // survivor's owner's feeds (a tombstone in the previous owner's), as after a transfer. Re-runnable; `undefined`
    // when the survivor changed owner meanwhile, whose transfer moves them itself.
    for (const kind of ['contact', 'order'] as const) await moveOwnerFeed(this.client, this.tableName, kind, merge.survivorId, String(survivor.ownerId));
    const plan: UpdatePlan & { set: Record<string, unknown>; increment: Record<string, number> } = { set: {}, increment: {} };
    if (merged.lastContactAt && (!survivor.lastContactAt || merged.lastContactAt > (survivor.lastContactAt as string))) plan.set.lastContactAt = merged.lastContactAt;
    if (merged.lastOrderAt && (!survivor.lastOrderAt || merged.lastOrderAt > (survivor.lastOrderAt as string))) {
      const watchKey = churnKeys.watchSortKey(merged.lastOrderAt, merge.survivorId);
      Object.assign(plan.set, { lastOrderAt: merged.lastOrderAt, ...sortKeySet('lastOrderAt', merge.survivorId, merged.lastOrderAt), [churnKeys.watchKeyAttribute]: watchKey });
      if (survivor[churnKeys.watch.pkAttribute] !== undefined) plan.set[churnKeys.watch.skAttribute] = watchKey;
    }
    const value = merged.lifetimeValue;
    if (value && value.amount !== 0) {
      if (survivor.lifetimeValue) plan.increment['lifetimeValue.amount'] = value.amount;
      else plan.set.lifetimeValue = value;
    }
    if (!survivor.primaryContactId && merged.primaryContactId) plan.set.primaryContactId = merged.primaryContactId;
    // Derived fields move the survivor's updatedAt (forward only, not its version), so the delta feed answers it
    // (shared/customer-records/customer-touch.ts).
    const touch = customerTouchParts(merge.survivorId, laterOf(new Date().toISOString(), survivor.updatedAt as string | undefined));
    // The derived fields and the merge's completion in ONE transaction: a re-run after a crash adds nothing twice.
    const refused = await transactParts(this.client, [
      ...(changesSomething(plan)
        ? [
            part('survivor', conditionalUpdate(this.tableName, customerKeys.item(merge.survivorId), buildUpdateExpression({ ...plan, set: { ...plan.set, ...touch.set } }), {
              ConditionExpression: `attribute_not_exists(#fdel) AND ${touch.condition}`,
              names: { '#fdel': 'deletedAt', ...touch.names },
              values: touch.values,
            })),
          ]
        : []),
      part('merge', conditionalUpdate(this.tableName, mergeKeys.item(merge.id), buildUpdateExpression(phasePlan('done', new Date().toISOString(), { status: 'completed' }, merge)), {
        ConditionExpression: '#fphase = :fphase AND #fstatus = :frunning',
        names: { '#fphase': 'phase', '#fstatus': 'status' },
        values: { ':fphase': 'finish', ':frunning': 'running' },
      })),
    ]);
    // Another runner finished it (its phase is no longer `finish`): nothing to do.
    if (refused?.has('merge')) return;
    if (refused?.has('survivor')) {
      // A writer stamped the survivor later meanwhile: the next run reads it again (nothing was written).
      if (refused.old('survivor')?.deletedAt === undefined) throw new DomainError(ErrorCode.ConcurrentChange, 'The survivor changed meanwhile; the merge goes on at the next step.');
      throw new DomainError(ErrorCode.CustomerNotFound, `The survivor ${merge.survivorId} was archived.`);
    }
    if (refused) throw refused.error;
  }

  async advance(merge: StoredMerge, to: MergePhase, at: string, patch: Parameters<MergeRepository['advance']>[3] = {}): Promise<StoredMerge> {
    const refused = await transactParts(this.client, [
      part('merge', conditionalUpdate(this.tableName, mergeKeys.item(merge.id), buildUpdateExpression(phasePlan(to, at, patch, merge)), {
        ConditionExpression: '#aphase = :aphase AND #astatus = :arunning',
        names: { '#aphase': 'phase', '#astatus': 'status' },
        values: { ':aphase': merge.phase, ':arunning': 'running' },
      })),
    ]);
    if (refused && !refused.has('merge')) throw refused.error;
    return (await this.get(merge.id)) ?? merge;
  }
}

/** The merge record's move to a phase (and status), one version up. */
const phasePlan = (to: MergePhase, at: string, patch: Parameters<MergeRepository['advance']>[3] = {}, merge: StoredMerge): UpdatePlan => ({
  set: {
    phase: to,
    updatedAt: at,
    ...(patch.status ? { status: patch.status } : {}),
    ...(patch.status === 'completed' ? { completedAt: at } : {}),
    ...(patch.failure ? { failure: patch.failure } : {}),
    ...(patch.keptVersion !== undefined ? { keptVersion: patch.keptVersion } : {}),
    ...(patch.warnings?.length ? { warnings: [...merge.warnings, ...patch.warnings] } : {}),
  },
  increment: { version: 1 },
});
