import type { Item } from '#shared/db/item';
import { part, type TransactionPart } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, plainUpdate } from '#shared/db/update-expression';
import { receivableKeys } from '#shared/dunning/receivable.keys';
import { attachmentKeys } from '#shared/keys/attachment.keys';
import { contactKeys, CUSTOMER_RECORD_LIMITS, followUpKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { quoteKeys } from '#shared/keys/quotes.keys';
import { portalUserKeys } from '#shared/keys/portal-user.keys';
import { orderKeys } from '#shared/keys/orders.keys';
import { serviceKeys } from '#shared/keys/service.keys';
import { shipmentKeys } from '#shared/keys/shipments.keys';
import { invoiceKeys } from '#shared/keys/invoices.keys';
import { careReminderParts } from '#shared/reminders/care-reminder.writes';
import type { CareContact } from '#shared/reminders/care-reminder';
import { followUpReminderOf, followUpReminderPlace, type FollowUpSource } from '#shared/reminders/reminder-sources';
import { reminderChange } from '#shared/reminders/reminder.writes';
import { contactSearchTermParts } from '#shared/search/search-terms.writes';
import { mergeKeys } from './merge.keys';
import type { SurvivorRef } from './merge.ports';
import type { MovedKind } from './merge.schema';

/**
 * What moving ONE item of the merged customer's collection to the survivor writes, as labelled transaction parts
 * (docs/data-model.md, "Customer merge"): the item deleted from the merged customer (`source`, on the condition
 * that it is still there — the re-run guard), its copy under the survivor (`target`), whatever it drags along
 * (the survivor's counters, search terms, reminders, the order's own items and the report aggregates), a ledger
 * entry for revert and the merge's progress. No AWS call here: merge.repository.ts reads and sends.
 */

export type MovePart = TransactionPart<'source' | 'target' | 'survivor' | 'side' | 'ledger' | 'progress'>;

/** How an item of the merged customer's collection is treated, by its sort key. */
export type ItemClass = MovedKind | 'directory' | 'recentOrders' | 'stay';

export const classOf = (sk: string): ItemClass => {
  if (sk === 'CUSTOMER' || sk.startsWith('TRANSFER#')) return 'stay'; // the merged customer and its own history stay
  if (sk === contactKeys.directorySk) return 'directory';
  if (sk === 'CUSTOMER#RECENT_ORDERS') return 'recentOrders';
  if (sk.startsWith(contactKeys.prefix)) return 'contacts';
  if (sk.startsWith(followUpKeys.prefix)) return 'followUps';
  if (sk.startsWith('ACTIVITY#')) return 'activities';
  if (sk.startsWith('ORDER#')) return 'orders';
  if (sk.startsWith(serviceKeys.summaryPrefix)) return 'services';
  if (sk === 'LOST_CUSTOMER' || sk.startsWith('LOST_CUSTOMER#')) return 'lostCustomer';
  // Removed contacts and activities, and item types added later (attachments): moved as they are.
  return 'other';
};

export interface MoveContext {
  readonly tableName: string;
  readonly mergeId: string;
  readonly mergedId: string;
  readonly survivor: SurvivorRef;
  readonly at: string;
}

const INDEX_ATTRIBUTE = /^gsi\d+(pk|sk)$/;

/** The item as the survivor holds it: its partition, and `customerId` wherever it named the merged customer. */
const rehomed = (item: Item, context: MoveContext, overrides: Item = {}): Item => ({
  ...item,
  pk: customerKeys.item(context.survivor.id).pk,
  ...(item.customerId === context.mergedId ? { customerId: context.survivor.id } : {}),
  ...overrides,
});

const withoutIndexes = (item: Item): Item => Object.fromEntries(Object.entries(item).filter(([name]) => !INDEX_ATTRIBUTE.test(name)));

/**
 * What a revert needs to know that the survivor's copy is unchanged since the merge: its `version` and `updatedAt`
 * as the move wrote them (each only when the item has one).
 */
export const stampOf = (moved: Item | undefined): Item => ({
  ...(typeof moved?.version === 'number' ? { version: moved.version } : {}),
  ...(typeof moved?.updatedAt === 'string' ? { updatedAt: moved.updatedAt } : {}),
});

/** The parts every move has: the source Delete, the ledger entry (with the moved copy's stamp), the progress count. */
const bookkeeping = (item: Item, targetSk: string, kind: MovedKind, context: MoveContext, ref?: string, moved?: Item): MovePart[] => [
  part('source', { Delete: { TableName: context.tableName, Key: { pk: item.pk, sk: item.sk }, ConditionExpression: 'attribute_exists(pk)' } }),
  part('ledger', {
    Put: {
      TableName: context.tableName,
      Item: { ...mergeKeys.moved(context.mergeId, targetSk), entity: 'CustomerMergeMove', kind, fromSk: item.sk, targetSk, ...(ref ? { ref } : {}), ...stampOf(moved), movedAt: context.at },
    },
  }),
  // Progress moves `updatedAt`: a merge whose record stops changing has stalled (resume-customer-merge.use-case.ts).
  part('progress', plainUpdate(context.tableName, { pk: mergeKeys.collection(context.mergeId), sk: 'MERGE' }, { add: { [`moved.${kind}`]: 1 }, set: { updatedAt: context.at } })),
];

const targetPut = (tableName: string, item: Item): MovePart =>
  part('target', { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } });

/** The survivor's bounded counter (contacts, open follow-ups) one up, held to the bound and to "not archived". */
const survivorCount = (context: MoveContext, counter: 'contactCount' | 'openFollowUpCount', max: number): MovePart =>
  part(
    'survivor',
    conditionalUpdate(context.tableName, customerKeys.item(context.survivor.id), buildUpdateExpression({ add: { [counter]: 1 } }), {
      ConditionExpression: 'attribute_exists(#mpk) AND attribute_not_exists(#mdel) AND (attribute_not_exists(#mcount) OR #mcount < :mmax)',
      names: { '#mpk': 'pk', '#mdel': 'deletedAt', '#mcount': counter },
      values: { ':mmax': max },
    }),
  );

/** Moves of a plain record (activities, removed records, unknown item types). */
export const plainMove = (item: Item, kind: MovedKind, context: MoveContext): MovePart[] => {
  const moved = rehomed(item, context);
  return [targetPut(context.tableName, moved), ...bookkeeping(item, item.sk as string, kind, context, undefined, moved)];
};

/** A live contact: the survivor's count, the contact's search terms and care reminders follow it. */
export const contactMove = (item: Item, context: MoveContext): MovePart[] => {
  const moved = rehomed(item, context);
  return [
    targetPut(context.tableName, moved),
    survivorCount(context, 'contactCount', CUSTOMER_RECORD_LIMITS.contactsPerCustomer),
    ...contactSearchTermParts(context.tableName, item as never, moved as never).map((write) => part('side', write)),
    ...careReminderParts(context.tableName, item as unknown as CareContact, moved as unknown as CareContact, context.at, context.survivor.ownerId).map((write) => part('side', write)),
    ...bookkeeping(item, item.sk as string, 'contacts', context, undefined, moved),
  ];
};

/** An open follow-up: back on its assignee's list (the retirement took it off), counted and reminded under the survivor. */
export const followUpMove = (item: Item, context: MoveContext): MovePart[] => {
  const source = item as unknown as FollowUpSource;
  const moved = rehomed(item, context, {
    [followUpKeys.byAssignee.pkAttribute]: followUpKeys.byAssignee.pk(source.assigneeId),
    [followUpKeys.byAssignee.skAttribute]: followUpKeys.sortKey(source.dueAt, source.activityId),
  });
  return [
    targetPut(context.tableName, moved),
    survivorCount(context, 'openFollowUpCount', CUSTOMER_RECORD_LIMITS.openFollowUpsPerCustomer),
    ...reminderChange(context.tableName, followUpReminderPlace(source), followUpReminderOf(moved as unknown as FollowUpSource, context.at)).map((write) =>
      part('side', write),
    ),
    ...bookkeeping(item, item.sk as string, 'followUps', context, undefined, moved),
  ];
};

/** The merged customer's lost-customer record (or an earlier episode): an earlier episode of the survivor, on no list. */
export const lostCustomerMove = (item: Item, context: MoveContext): MovePart[] => {
  const key = mergeKeys.episode(context.survivor.id, String(item.openedAt), context.mergedId);
  const moved = { ...withoutIndexes(rehomed(item, context)), ...key, entity: 'LostCustomerEpisode' };
  return [targetPut(context.tableName, moved), ...bookkeeping(item, key.sk, 'lostCustomer', context, undefined, moved)];
};

/** The contact directory: its entries join the survivor's (contact ids never collide). */
export const directoryMove = (item: Item, context: MoveContext): MovePart[] => {
  const entries = Object.fromEntries(Object.entries(item).filter(([name]) => /^[0-9A-HJKMNP-TV-Z]{26}$/.test(name)));
  return [
    part('target', plainUpdate(context.tableName, contactKeys.directory(context.survivor.id), { set: { entity: 'ContactDirectory', ...entries } })),
    ...bookkeeping(item, `${contactKeys.directorySk}#${context.mergedId}`, 'other', context),
  ];
};

/** The recent-orders projection: the survivor's and the merged customer's, the newest `limit` kept (revision-guarded). */
export const recentOrdersMove = (item: Item, survivorItem: Item | undefined, limit: number, context: MoveContext): MovePart[] => {
  const all = { ...((item.orders ?? {}) as Record<string, Item>), ...((survivorItem?.orders ?? {}) as Record<string, Item>) };
  const newest = Object.entries(all)
    .sort(([, a], [, b]) => (`${String(a.orderedAt)}#${String(a.id)}` < `${String(b.orderedAt)}#${String(b.id)}` ? 1 : -1))
    .slice(0, limit);
  const revision = (survivorItem?.revision as number | undefined) ?? 0;
  const moved: Item = { ...rehomed(item, context), customerId: context.survivor.id, orders: Object.fromEntries(newest), revision: revision + 1 };
  return [
    part('target', {
      Put: {
        TableName: context.tableName,
        Item: moved,
        ConditionExpression: survivorItem ? '#rev = :rev' : 'attribute_not_exists(pk)',
        ...(survivorItem ? { ExpressionAttributeNames: { '#rev': 'revision' }, ExpressionAttributeValues: { ':rev': revision } } : {}),
      },
    }),
    ...bookkeeping(item, `${item.sk as string}#${context.mergedId}`, 'other', context),
  ];
};

/** A service request's summary; the request itself is re-pointed (its customer, and the by-customer index). */
export const serviceMove = (item: Item, context: MoveContext): MovePart[] => {
  const serviceId = String(item.serviceId);
  const moved = rehomed(item, context);
  return [
    targetPut(context.tableName, moved),
    part(
      'side',
      conditionalUpdate(
        context.tableName,
        serviceKeys.item(serviceId),
        buildUpdateExpression({
          set: { customerId: context.survivor.id, customerName: context.survivor.name, [serviceKeys.byCustomer.pkAttribute]: serviceKeys.byCustomer.pk(context.survivor.id) },
        }),
        { ConditionExpression: '#mcid = :mmerged', names: { '#mcid': 'customerId' }, values: { ':mmerged': context.mergedId } },
      ),
    ),
    ...bookkeeping(item, item.sk as string, 'services', context, serviceId, moved),
  ];
};

/**
 * An order's own items that sit on a by-customer index and so follow its customer: a shipment in transit (gsi1
 * `SHIPMENT#TRANSIT#<customer>`, the 360 view's) and an invoice (gsi1 `INVOICE#CUSTOMER#<customer>`). They are
 * versioned records a client writes with If-Match: a move re-points them held to the version read and one version up,
 * so a delivery or a void that read them before the move is refused (412) instead of writing the old customer back.
 */
export const customerIndexedOf = (named: Item): boolean => String(named.sk).startsWith(shipmentKeys.prefix) || String(named.sk).startsWith(invoiceKeys.prefix);

/** The by-customer index key such an item carries under `customerId` (none for a delivered shipment: it is on no index). */
export const customerIndexOf = (named: Item, customerId: string): Item => {
  const transit = shipmentKeys.inTransitByCustomer;
  if (String(named.sk).startsWith(shipmentKeys.prefix)) return named[transit.pkAttribute] === undefined ? {} : { [transit.pkAttribute]: transit.pk(customerId) };
  if (String(named.sk).startsWith(invoiceKeys.prefix)) return { [invoiceKeys.byCustomer.pkAttribute]: invoiceKeys.byCustomer.pk(customerId) };
  return {};
};

/** The order's own items that name the customer (the order, its open receivable, dunning notes and letters, shipments, invoices). */
export interface OrderItems {
  readonly order: Item | undefined;
  readonly named: readonly Item[];
}

/**
 * An order's summary; the order's own items are re-pointed (the receivable also to the survivor's owner's dunning
 * list; both the order and its summary stamped `updatedAt` now, so the orders feed shows the move), and the report aggregates move with it: the order value of its year and month, and — while it has a
 * balance — the receivables (built by the caller with the orders feature's own writes, `aggregates`).
 */
export const orderMove = (item: Item, own: OrderItems, aggregates: readonly TransactionPart<'side'>[], context: MoveContext): MovePart[] => {
  const repointed = own.named.map((named) => {
    const receivable = named.sk === 'RECEIVABLE';
    const order = named.sk === 'ORDER';
    const indexed = customerIndexedOf(named);
    return part(
      'side',
      conditionalUpdate(
        context.tableName,
        { pk: String(named.pk), sk: String(named.sk) },
        buildUpdateExpression({
          set: {
            customerId: context.survivor.id,
            ...(named.customerName === undefined ? {} : { customerName: context.survivor.name }),
            ...(receivable ? { ownerId: context.survivor.ownerId, [receivableKeys.byOwner.pkAttribute]: receivableKeys.byOwner.pk(context.survivor.ownerId) } : {}),
            // The order and its summary stay equal: both changed now (the orders feed answers the move).
            ...(order ? { updatedAt: context.at } : {}),
            ...customerIndexOf(named, context.survivor.id),
          },
          ...(indexed ? { increment: { version: 1 } } : {}),
        }),
        indexed
          ? { ConditionExpression: '#mcid = :mmerged AND #mver = :mver', names: { '#mcid': 'customerId', '#mver': 'version' }, values: { ':mmerged': context.mergedId, ':mver': named.version } }
          : { ConditionExpression: '#mcid = :mmerged', names: { '#mcid': 'customerId' }, values: { ':mmerged': context.mergedId } },
      ),
    );
  });
  const moved = rehomed(item, context, { customerName: context.survivor.name, updatedAt: context.at, ...orderKeys.feedAttributes(String(item.id), context.at) });
  return [
    targetPut(context.tableName, moved),
    ...repointed,
    ...aggregates,
    ...bookkeeping(item, item.sk as string, 'orders', context, String(item.id), moved),
  ];
};

/**
 * An attachment under the merged customer (its own item, found on gsi2): re-pointed in place, held to the version
 * read (+1) and to still naming the merged customer — a writer in between (a delete, the upload check) refuses it and
 * the repository moves the item it then reads. One on the customer itself also gets the survivor as its record. The
 * file's key names neither record nor customer: no S3 call (docs/data-model.md, "Attachments").
 */
export const attachmentMove = (item: Item, context: MoveContext): MovePart[] => {
  const { byParent, underCustomer } = attachmentKeys;
  const onCustomer = item.parentType === 'customer' && item.parentId === context.mergedId;
  const set = {
    customerId: context.survivor.id,
    [underCustomer.pkAttribute]: underCustomer.pk(context.survivor.id),
    ...(onCustomer ? { parentId: context.survivor.id, [byParent.pkAttribute]: byParent.pk('customer', context.survivor.id) } : {}),
  };
  const key = { pk: String(item.pk), sk: String(item.sk) };
  return [
    part('source', conditionalUpdate(context.tableName, key, buildUpdateExpression({ set, increment: { version: 1 } }), {
      ConditionExpression: '#mver = :mver AND #mcid = :mmerged',
      names: { '#mver': 'version', '#mcid': 'customerId' },
      values: { ':mver': item.version, ':mmerged': context.mergedId },
    })),
    part('ledger', {
      Put: { TableName: context.tableName, Item: { ...mergeKeys.moved(context.mergeId, key.pk), entity: 'CustomerMergeMove', kind: 'attachments', ref: item.id, version: Number(item.version) + 1, movedAt: context.at } },
    }),
    part('progress', plainUpdate(context.tableName, mergeKeys.item(context.mergeId), { add: { 'moved.attachments': 1 }, set: { updatedAt: context.at } })),
  ];
};

/**
 * An opportunity of the merged customer (its header, found on the by-customer index): re-pointed in place, held to
 * the version read (+1, so a client's If-Match sees the change) and to still naming the merged customer; the ledger
 * keeps the version it then has (a revert moves it back only while it is unchanged).
 */
export const opportunityMove = (item: Item, context: MoveContext): MovePart[] =>
  inPlaceMove(item, 'opportunities', { customerId: context.survivor.id, [opportunityKeys.byCustomer.pkAttribute]: opportunityKeys.byCustomer.pk(context.survivor.id) }, context);

/** A quote of the merged customer (by-customer index): re-pointed in place like an opportunity, its customer name too. */
export const quoteMove = (item: Item, context: MoveContext): MovePart[] =>
  inPlaceMove(
    item,
    'quotes',
    { customerId: context.survivor.id, customerName: context.survivor.name, [quoteKeys.byCustomer.pkAttribute]: quoteKeys.byCustomer.pk(context.survivor.id) },
    context,
  );

/**
 * A customer-portal user of the merged customer (its list, gsi1): re-pointed in place like an opportunity, so they
 * sign in to the survivor's portal from their next request on (the session reads their item: functions/portal/).
 */
export const portalUserMove = (item: Item, context: MoveContext): MovePart[] =>
  inPlaceMove(item, 'portalUsers', { customerId: context.survivor.id, [portalUserKeys.byCustomer.pkAttribute]: portalUserKeys.byCustomer.pk(context.survivor.id) }, context);

const inPlaceMove = (item: Item, kind: 'opportunities' | 'quotes' | 'portalUsers', set: Item, context: MoveContext): MovePart[] => {
  const key = { pk: String(item.pk), sk: String(item.sk) };
  return [
    part('source', conditionalUpdate(context.tableName, key, buildUpdateExpression({ set, increment: { version: 1 } }), {
      ConditionExpression: '#mver = :mver AND #mcid = :mmerged',
      names: { '#mver': 'version', '#mcid': 'customerId' },
      values: { ':mver': item.version, ':mmerged': context.mergedId },
    })),
    part('ledger', {
      Put: {
        TableName: context.tableName,
        Item: { ...mergeKeys.moved(context.mergeId, key.pk), entity: 'CustomerMergeMove', kind, ref: item.id, version: Number(item.version) + 1, movedAt: context.at },
      },
    }),
    part('progress', plainUpdate(context.tableName, mergeKeys.item(context.mergeId), { add: { [`moved.${kind}`]: 1 }, set: { updatedAt: context.at } })),
  ];
};
