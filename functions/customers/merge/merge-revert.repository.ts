import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { auditPut } from '#shared/audit/audit.writes';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { customerTouchParts, laterOf } from '#shared/customer-records/customer-touch';
import { moveOwnerFeed } from '#shared/customer-records/owner-feed';
import type { Item } from '#shared/db/item';
import { part, transactParts, type TransactionPart } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, plainUpdate } from '#shared/db/update-expression';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { orderKeys } from '#shared/keys/orders.keys';
import { orderValueAggregate, receivablesUpdate } from '#functions/orders/order/order-aggregates.writes';
import type { Order } from '#functions/orders/order/order.schema';
import type { Actor, StoredCustomer } from '#functions/customers/customer/customer.ports';
import { mergeEntity, type StoredMerge } from './merge.entity';
import { mergeKeys } from './merge.keys';
import type { MergedRef, MergeRevertRepository, RevertPage } from './merge.ports';
import type { MergePhase, RevertRefusal } from './merge.schema';
import {
  contactBack,
  followUpBack,
  inPlaceBack,
  markedParts,
  orderBack,
  plainBack,
  refusalParts,
  revertKeyOf,
  serviceBack,
  type LedgerEntry,
  type RevertContext,
  type RevertPart,
} from './merge-revert-moves';

/** Kinds whose items live in their own partition (re-pointed in place), not in the survivor's collection. */
const OWN_ITEM_KINDS: ReadonlySet<string> = new Set(['tasks', 'attachments', 'opportunities', 'quotes', 'portalUsers']);

/** The merge record lists at most this many refused items (all are marked on their ledger entries). */
const LISTED_REFUSALS = 100;

const CHANGED = 'Changed since the merge (its version or update time is not the one the merge left): it stays with the survivor.';
const GONE = 'No longer under the survivor (deleted or moved since the merge).';
const TAKEN = 'The merged customer holds an item with the same key.';
/** Ledger entries a revert does not move back (docs/data-model.md, "Customer merge", limits). */
const NOT_MOVED_BACK: Partial<Record<string, string>> = {
  lostCustomer: "Stays an earlier lost-customer episode of the survivor: the record's list keys are not rebuilt by a revert.",
  recentOrders: "The recent-orders list is not rebuilt: the orders went back, the survivor's list may name them until its next order.",
};

/** How an entry is moved back, from its kind and the sort key it came from. */
const revertClassOf = (entry: LedgerEntry): string => {
  if (entry.fromSk === contactKeys.directorySk) return 'directory';
  if (entry.fromSk === 'CUSTOMER#RECENT_ORDERS') return 'recentOrders';
  return entry.kind;
};

/** The revert of a merge on DynamoDB (docs/data-model.md, "Customer merge", "Revert"); the per-item writes in merge-revert-moves.ts. */
export class DynamoDbMergeRevertRepository implements MergeRevertRepository {
  /** Refusals listed on the record so far (read with the page's merge, counted up as the page refuses). */
  private listed = 0;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly pageSize: number,
  ) {}

  private async get(mergeId: string): Promise<StoredMerge> {
    const item = (await this.client.send(new GetCommand({ TableName: this.tableName, Key: mergeKeys.item(mergeId), ConsistentRead: true }))).Item;
    if (!item) throw new DomainError(ErrorCode.MergeNotFound, `No merge ${mergeId}.`);
    return mergeEntity.fromItem(item);
  }

  async startRevert(merge: StoredMerge, actor: Actor): Promise<StoredMerge> {
    const refused = await transactParts(this.client, [
      part('merge', conditionalUpdate(this.tableName, mergeKeys.item(merge.id), buildUpdateExpression({
        set: { status: 'reverting', phase: 'revert-customer', revertedBy: actor.username, updatedAt: actor.at, reverted: {}, revertRefused: 0, revertRefusals: {} },
        increment: { version: 1 },
      }), {
        ConditionExpression: '#sversion = :sversion AND #sstatus = :scompleted',
        names: { '#sversion': 'version', '#sstatus': 'status' },
        values: { ':sversion': merge.version, ':scompleted': 'completed' },
      })),
      part('audit', auditPut(this.tableName, {
        at: actor.at,
        actor: actor.username,
        action: 'unmerge',
        entityType: 'customer-merge',
        entityId: merge.id,
        customerId: merge.survivorId,
        entityVersion: merge.version + 1,
        changes: [{ field: 'status', old: 'completed', new: 'reverting' }, { field: 'mergedId', old: merge.mergedId }],
      })),
    ]);
    if (refused?.has('merge')) {
      const now = await this.get(merge.id);
      if (now.status !== 'completed') throw new DomainError(ErrorCode.InvalidTransition, `Merge ${merge.id} is ${now.status}: only a completed merge can be reverted.`);
      throw new DomainError(ErrorCode.VersionConflict, `Merge ${merge.id} has changed since you read it (now version ${now.version}); read it again.`);
    }
    if (refused) throw refused.error;
    return this.get(merge.id);
  }

  async revertPage(merge: StoredMerge, merged: MergedRef): Promise<RevertPage> {
    const pk = mergeKeys.collection(merge.id);
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :moved)',
        ExpressionAttributeValues: { ':pk': pk, ':moved': mergeKeys.movedPrefix },
        ConsistentRead: true,
        Limit: this.pageSize,
        ...(merge.revertCursor ? { ExclusiveStartKey: { pk, sk: merge.revertCursor } } : {}),
      }),
    );
    const entries = (page.Items ?? []) as unknown as LedgerEntry[];
    this.listed = merge.revertRefused ?? 0;
    const context: RevertContext = { tableName: this.tableName, mergeId: merge.id, survivorId: merge.survivorId, merged, at: new Date().toISOString() };
    let reverted = 0;
    let refused = 0;
    // One item after the other: contacts and follow-ups share the survivor's counters and directories.
    for (const entry of entries) {
      if (entry.revertedAt !== undefined || entry.refusal !== undefined) continue;
      const outcome = await this.revertEntry(entry, context);
      if (outcome === 'reverted') reverted += 1;
      if (outcome === 'refused') refused += 1;
    }
    const last = entries.at(-1);
    if (last) {
      await this.client.send(new UpdateCommand(plainUpdate(this.tableName, mergeKeys.item(merge.id), { set: { revertCursor: last.sk } }).Update));
    }
    return { reverted, refused, done: page.LastEvaluatedKey === undefined };
  }

  /** One entry: moved back in one transaction, or refused (marked, counted, listed); `skipped` when another runner handled it. */
  private async revertEntry(entry: LedgerEntry, context: RevertContext): Promise<'reverted' | 'refused' | 'skipped'> {
    const revertClass = revertClassOf(entry);
    const fixed = NOT_MOVED_BACK[revertClass];
    if (fixed) return this.refuse(entry, fixed, context);
    if (revertClass === 'directory') {
      // The directory's entries go back with each contact; the entry itself is only marked.
      const sent = await transactParts(this.client, markedParts(entry, context));
      if (sent && !sent.has('ledger')) throw sent.error;
      return sent ? 'skipped' : 'reverted';
    }
    const current = (await this.client.send(new GetCommand({ TableName: this.tableName, Key: revertKeyOf(entry, context.survivorId), ConsistentRead: true }))).Item;
    if (!current || (!OWN_ITEM_KINDS.has(entry.kind) && current.pk !== customerKeys.item(context.survivorId).pk)) {
      return this.refuse(entry, GONE, context);
    }
    const refused = await transactParts(this.client, await this.partsOf(entry, current, context));
    if (!refused) return 'reverted';
    if (refused.has('ledger')) return 'skipped';
    if (refused.has('source')) return this.refuse(entry, refused.old('source') ? CHANGED : GONE, context);
    if (refused.has('target')) return this.refuse(entry, TAKEN, context);
    throw refused.error;
  }

  private async partsOf(entry: LedgerEntry, current: Item, context: RevertContext): Promise<RevertPart[]> {
    switch (entry.kind) {
      case 'tasks':
      case 'attachments':
      case 'opportunities':
      case 'quotes':
      case 'portalUsers':
        return inPlaceBack(current, entry, context);
      case 'contacts':
        return contactBack(current, entry, context, await this.directoryEntry(context.survivorId, String(current.id)));
      case 'followUps':
        return followUpBack(current, entry, context);
      case 'services':
        return serviceBack(current, entry, context);
      case 'orders':
        return this.orderParts(current, entry, context);
      default:
        return plainBack(current, entry, context, String(entry.fromSk).startsWith(contactKeys.removedPrefix) ? await this.directoryEntry(context.survivorId, String(current.id)) : undefined);
    }
  }

  private async directoryEntry(customerId: string, contactId: string): Promise<unknown> {
    const directory = (await this.client.send(new GetCommand({ TableName: this.tableName, Key: contactKeys.directory(customerId), ConsistentRead: true }))).Item;
    return directory?.[contactId];
  }

  /** The order's own items naming the survivor (one Query of its collection) and the aggregates moved back. */
  private async orderParts(summary: Item, entry: LedgerEntry, context: RevertContext): Promise<RevertPart[]> {
    const own = await this.client.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': orderKeys.collection(String(summary.id)) }, ConsistentRead: true }),
    );
    const items = own.Items ?? [];
    const order = items.find((candidate) => candidate.sk === 'ORDER') as unknown as Order | undefined;
    const named = items.filter((candidate) => candidate.customerId === context.survivorId);
    const aggregates: TransactionPart<'side'>[] = [];
    if (order && order.status !== 'cancelled') {
      aggregates.push(part('side', orderValueAggregate(this.tableName, { ...order, customerId: context.survivorId }, -1)));
      aggregates.push(part('side', orderValueAggregate(this.tableName, { ...order, customerId: context.merged.id }, 1)));
      if (order.balance.amount > 0) {
        const dueAt = (order as { dueAt?: string }).dueAt;
        aggregates.push(part('side', receivablesUpdate(this.tableName, context.survivorId, -order.balance.amount, -1, order.orderedAt, dueAt)));
        aggregates.push(part('side', receivablesUpdate(this.tableName, context.merged.id, order.balance.amount, 1, order.orderedAt, dueAt)));
      }
    }
    return orderBack(summary, named, aggregates, entry, context);
  }

  /** Marks the entry refused and counts it (once), listing it on the record while fewer than 100 are listed. */
  private async refuse(entry: LedgerEntry, reason: string, context: RevertContext): Promise<'refused' | 'skipped'> {
    const listed: RevertRefusal | undefined =
      this.listed < LISTED_REFUSALS ? { kind: entry.kind, key: entry.targetSk ?? entry.sk.slice(mergeKeys.movedPrefix.length), ...(entry.ref ? { ref: entry.ref } : {}), reason } : undefined;
    const refused = await transactParts(this.client, refusalParts(entry, reason, context, listed));
    if (refused?.has('ledger')) return 'skipped';
    if (refused) throw refused.error;
    this.listed += 1;
    return 'refused';
  }

  async finishRevert(merge: StoredMerge, merged: StoredCustomer): Promise<void> {
    const survivor = (await this.client.send(new GetCommand({ TableName: this.tableName, Key: customerKeys.item(merge.survivorId), ConsistentRead: true }))).Item;
    const at = new Date().toISOString();
    // The contacts and orders moved back carry the survivor's owner in their delta-feed keys (the merge's finish put
    // them there): back into the merged customer's owner's feeds, as the merge did for the survivor.
    for (const kind of ['contact', 'order'] as const) await moveOwnerFeed(this.client, this.tableName, kind, merge.mergedId, String(merged.ownerId), at);
    const value = merged.lifetimeValue;
    const lower = survivor && survivor.lifetimeValue !== undefined && value !== undefined && value.amount !== 0;
    const touch = customerTouchParts(merge.survivorId, laterOf(at, survivor?.updatedAt as string | undefined));
    const refused = await transactParts(this.client, [
      ...(lower
        ? [
            part('survivor', conditionalUpdate(this.tableName, customerKeys.item(merge.survivorId), buildUpdateExpression({ set: touch.set, increment: { 'lifetimeValue.amount': -value.amount } }), {
              ConditionExpression: `attribute_exists(#fpk) AND ${touch.condition}`,
              names: { '#fpk': 'pk', ...touch.names },
              values: touch.values,
            })),
          ]
        : []),
      part('merge', conditionalUpdate(this.tableName, mergeKeys.item(merge.id), buildUpdateExpression({
        set: { status: 'reverted', phase: 'reverted', revertedAt: at, updatedAt: at },
        increment: { version: 1 },
      }), {
        ConditionExpression: '#fphase = :fphase AND #fstatus = :freverting',
        names: { '#fphase': 'phase', '#fstatus': 'status' },
        values: { ':fphase': 'revert-finish', ':freverting': 'reverting' },
      })),
    ]);
    // Another runner finished it: nothing to do.
    if (refused?.has('merge')) return;
    if (refused?.has('survivor')) throw new DomainError(ErrorCode.ConcurrentChange, 'The survivor changed meanwhile; the revert goes on at the next step.');
    if (refused) throw refused.error;
  }

  async advanceRevert(merge: StoredMerge, to: MergePhase, at: string, patch: Parameters<MergeRevertRepository['advanceRevert']>[3] = {}): Promise<StoredMerge> {
    const refused = await transactParts(this.client, [
      part('merge', conditionalUpdate(this.tableName, mergeKeys.item(merge.id), buildUpdateExpression({
        set: {
          phase: to,
          updatedAt: at,
          ...(patch.status ? { status: patch.status } : {}),
          ...(patch.failure ? { failure: patch.failure } : {}),
          ...(patch.warnings?.length ? { warnings: [...merge.warnings, ...patch.warnings] } : {}),
        },
        increment: { version: 1 },
      }), {
        ConditionExpression: '#aphase = :aphase AND #astatus = :areverting',
        names: { '#aphase': 'phase', '#astatus': 'status' },
        values: { ':aphase': merge.phase, ':areverting': 'reverting' },
      })),
    ]);
    if (refused && !refused.has('merge')) throw refused.error;
    return this.get(merge.id);
  }
}
