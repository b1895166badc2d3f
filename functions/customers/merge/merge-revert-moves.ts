import type { Item } from '#shared/db/item';
import { part, type TransactionPart } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, plainUpdate } from '#shared/db/update-expression';
import { receivableKeys } from '#shared/dunning/receivable.keys';
import { attachmentKeys } from '#shared/keys/attachment.keys';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { quoteKeys } from '#shared/keys/quotes.keys';
import { portalUserKeys } from '#shared/keys/portal-user.keys';
import { orderKeys } from '#shared/keys/orders.keys';
import { serviceKeys } from '#shared/keys/service.keys';
import { taskKeys } from '#shared/keys/task.keys';
import { careReminderParts } from '#shared/reminders/care-reminder.writes';
import type { CareContact } from '#shared/reminders/care-reminder';
import { followUpReminderOf, followUpReminderPlace, type FollowUpSource } from '#shared/reminders/reminder-sources';
import { reminderChange } from '#shared/reminders/reminder.writes';
import { contactSearchTermParts } from '#shared/search/search-terms.writes';
import { mergeKeys } from './merge.keys';
import { customerIndexedOf, customerIndexOf } from './merge-moves';
import type { MergedRef } from './merge.ports';
import { refusalKeyOf } from './merge.entity';
import type { MovedKind, RevertRefusal } from './merge.schema';

/**
 * What moving ONE ledger entry's item back from the survivor to the merged customer writes (a merge's revert,
 * docs/data-model.md, "Customer merge"), as labelled transaction parts: the survivor's copy held to the stamp the
 * ledger kept (`source`: its version and updatedAt as the merge wrote them — a writer since refuses the move), the
 * item back under the merged customer (`target`), what it drags back (the survivor's counters, search terms,
 * reminders, the order's own items and aggregates, the directory entry), the ledger entry marked (`ledger`: held to
 * "not handled yet", so two runners never move an item back twice) and the revert's progress. No AWS call here.
 */

export type RevertPart = TransactionPart<'source' | 'target' | 'side' | 'ledger' | 'progress'>;

/** A ledger entry as stored (merge-moves.ts, `bookkeeping`; tasks, attachments and opportunities in the repository). */
export interface LedgerEntry {
  readonly pk: string;
  readonly sk: string;
  readonly kind: MovedKind;
  readonly fromSk?: string;
  readonly targetSk?: string;
  readonly ref?: string;
  readonly version?: number;
  readonly updatedAt?: string;
  readonly revertedAt?: string;
  readonly refusal?: string;
}

export interface RevertContext {
  readonly tableName: string;
  readonly mergeId: string;
  readonly survivorId: string;
  readonly merged: MergedRef;
  readonly at: string;
}

/** Where the survivor's copy of a ledger entry's item is: its own item (tasks, attachments, opportunities, quotes) or the survivor's collection. */
export const revertKeyOf = (entry: LedgerEntry, survivorId: string): { pk: string; sk: string } => {
  if (entry.kind === 'tasks') return taskKeys.item(String(entry.ref));
  if (entry.kind === 'attachments') return attachmentKeys.item(String(entry.ref));
  if (entry.kind === 'opportunities') return opportunityKeys.item(String(entry.ref));
  if (entry.kind === 'quotes') return quoteKeys.item(String(entry.ref));
  if (entry.kind === 'portalUsers') return portalUserKeys.item(String(entry.ref));
  return { pk: customerKeys.item(survivorId).pk, sk: entry.targetSk ?? entry.sk.slice(mergeKeys.movedPrefix.length) };
};

/** The entry's stamp as a condition on the survivor's copy (only `attribute_exists` when the item had none). */
const stampCondition = (entry: LedgerEntry): { ConditionExpression: string; names: Record<string, string>; values?: Item } => {
  const terms = ['attribute_exists(#rpk)'];
  const names: Record<string, string> = { '#rpk': 'pk' };
  const values: Item = {};
  if (entry.version !== undefined) {
    terms.push('#rver = :rver');
    names['#rver'] = 'version';
    values[':rver'] = entry.version;
  }
  if (entry.updatedAt !== undefined) {
    terms.push('#rupd = :rupd');
    names['#rupd'] = 'updatedAt';
    values[':rupd'] = entry.updatedAt;
  }
  return { ConditionExpression: terms.join(' AND '), names, ...(Object.keys(values).length > 0 ? { values } : {}) };
};

const ledgerMark = (entry: LedgerEntry, context: RevertContext): RevertPart =>
  part('ledger', conditionalUpdate(context.tableName, { pk: entry.pk, sk: entry.sk }, buildUpdateExpression({ set: { revertedAt: context.at } }), {
    ConditionExpression: 'attribute_exists(#lpk) AND attribute_not_exists(#lrev) AND attribute_not_exists(#lref)',
    names: { '#lpk': 'pk', '#lrev': 'revertedAt', '#lref': 'refusal' },
  }));

const progress = (entry: LedgerEntry, context: RevertContext): RevertPart =>
  part('progress', plainUpdate(context.tableName, mergeKeys.item(context.mergeId), { add: { [`reverted.${entry.kind}`]: 1 }, set: { updatedAt: context.at } }));

/** An entry handled without a move of its own (the contact directory: its entries go back with each contact). */
export const markedParts = (entry: LedgerEntry, context: RevertContext): RevertPart[] => [ledgerMark(entry, context), progress(entry, context)];

/** A refusal's bookkeeping: the entry marked refused (once) and counted; the item stays with the survivor. */
export const refusalParts = (entry: LedgerEntry, reason: string, context: RevertContext, listed?: RevertRefusal): TransactionPart<'ledger' | 'progress'>[] => [
  part('ledger', conditionalUpdate(context.tableName, { pk: entry.pk, sk: entry.sk }, buildUpdateExpression({ set: { refusal: reason, refusedAt: context.at } }), {
    ConditionExpression: 'attribute_exists(#lpk) AND attribute_not_exists(#lrev) AND attribute_not_exists(#lref)',
    names: { '#lpk': 'pk', '#lrev': 'revertedAt', '#lref': 'refusal' },
  })),
  part('progress', plainUpdate(context.tableName, mergeKeys.item(context.mergeId), { add: { revertRefused: 1 }, set: { updatedAt: context.at, ...(listed ? { [`revertRefusals.${refusalKeyOf(entry.sk)}`]: listed } : {}) } })),
];

/** The merged customer's copy: its partition and sort key back, `customerId` back wherever it named the survivor. */
const restoredOf = (current: Item, entry: LedgerEntry, context: RevertContext, overrides: Item = {}): Item => ({
  ...current,
  pk: customerKeys.item(context.merged.id).pk,
  sk: entry.fromSk ?? current.sk,
  ...(current.customerId === context.survivorId ? { customerId: context.merged.id } : {}),
  ...overrides,
});

/** Every move back of a collection item: the survivor's copy deleted (held to its stamp), the merged one's put. */
const collectionBack = (current: Item, restored: Item, entry: LedgerEntry, context: RevertContext): RevertPart[] => [
  part('source', conditionalUpdateDelete(context.tableName, current, entry)),
  part('target', { Put: { TableName: context.tableName, Item: restored, ConditionExpression: 'attribute_not_exists(pk)' } }),
  ledgerMark(entry, context),
  progress(entry, context),
];

const conditionalUpdateDelete = (tableName: string, current: Item, entry: LedgerEntry) => {
  const condition = stampCondition(entry);
  return {
    Delete: {
      TableName: tableName,
      Key: { pk: current.pk, sk: current.sk },
      ConditionExpression: condition.ConditionExpression,
      ExpressionAttributeNames: condition.names,
      ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    },
  };
};

/** The survivor's counter one down (the merge raised it). */
const survivorCountDown = (context: RevertContext, counter: 'contactCount' | 'openFollowUpCount'): RevertPart =>
  part('side', plainUpdate(context.tableName, customerKeys.item(context.survivorId), { add: { [counter]: -1 } }));

/** A contact's (live or removed) directory entry back on the merged customer's directory, off the survivor's. */
const directoryBack = (contactId: string, directoryEntry: unknown, context: RevertContext): RevertPart[] =>
  directoryEntry === undefined
    ? []
    : [
        part('side', plainUpdate(context.tableName, contactKeys.directory(context.merged.id), { set: { entity: 'ContactDirectory', [contactId]: directoryEntry } })),
        part('side', plainUpdate(context.tableName, contactKeys.directory(context.survivorId), { remove: [contactId] })),
      ];

/** A plain record (activities, removed records, other item types); a removed contact's directory entry goes with it. */
export const plainBack = (current: Item, entry: LedgerEntry, context: RevertContext, directoryEntry?: unknown): RevertPart[] => [
  ...collectionBack(current, restoredOf(current, entry, context), entry, context),
  ...(String(entry.fromSk).startsWith(contactKeys.removedPrefix) ? directoryBack(String(current.id), directoryEntry, context) : []),
];

/** A live contact: the survivor's count down, its search terms, care reminders and directory entry back. */
export const contactBack = (current: Item, entry: LedgerEntry, context: RevertContext, directoryEntry: unknown): RevertPart[] => {
  const restored = restoredOf(current, entry, context);
  return [
    ...collectionBack(current, restored, entry, context),
    survivorCountDown(context, 'contactCount'),
    ...contactSearchTermParts(context.tableName, current as never, restored as never).map((write) => part('side', write)),
    ...careReminderParts(context.tableName, current as unknown as CareContact, restored as unknown as CareContact, context.at).map((write) => part('side', write)),
    ...directoryBack(String(current.id), directoryEntry, context),
  ];
};

/** An open follow-up: the survivor's count down, its reminder re-keyed to the merged customer (it stays on its assignee's list). */
export const followUpBack = (current: Item, entry: LedgerEntry, context: RevertContext): RevertPart[] => {
  const restored = restoredOf(current, entry, context);
  return [
    ...collectionBack(current, restored, entry, context),
    survivorCountDown(context, 'openFollowUpCount'),
    ...reminderChange(context.tableName, followUpReminderPlace(current as unknown as FollowUpSource), followUpReminderOf(restored as unknown as FollowUpSource, context.at)).map(
      (write) => part('side', write),
    ),
  ];
};

/** A service request's summary; the request itself re-pointed back (its customer and by-customer index). */
export const serviceBack = (current: Item, entry: LedgerEntry, context: RevertContext): RevertPart[] => [
  ...collectionBack(current, restoredOf(current, entry, context), entry, context),
  part(
    'side',
    conditionalUpdate(
      context.tableName,
      serviceKeys.item(String(current.serviceId)),
      buildUpdateExpression({
        set: { customerId: context.merged.id, customerName: context.merged.name, [serviceKeys.byCustomer.pkAttribute]: serviceKeys.byCustomer.pk(context.merged.id) },
      }),
      { ConditionExpression: '#rcid = :rsurvivor', names: { '#rcid': 'customerId' }, values: { ':rsurvivor': context.survivorId } },
    ),
  ),
];

/**
 * An order's summary; the order's own items that name the survivor re-pointed back (the receivable to the merged
 * customer's owner's dunning list), and the report aggregates moved back (`aggregates`, built by the caller).
 */
export const orderBack = (current: Item, named: readonly Item[], aggregates: readonly TransactionPart<'side'>[], entry: LedgerEntry, context: RevertContext): RevertPart[] => {
  const repointed = named.map((item) => {
    const receivable = item.sk === 'RECEIVABLE';
    const indexed = customerIndexedOf(item);
    return part(
      'side',
      conditionalUpdate(
        context.tableName,
        { pk: String(item.pk), sk: String(item.sk) },
        buildUpdateExpression({
          set: {
            customerId: context.merged.id,
            ...(item.customerName === undefined ? {} : { customerName: context.merged.name }),
            ...(receivable ? { ownerId: context.merged.ownerId, [receivableKeys.byOwner.pkAttribute]: receivableKeys.byOwner.pk(context.merged.ownerId) } : {}),
            ...(item.sk === 'ORDER' ? { updatedAt: context.at } : {}),
            // A shipment in transit and an invoice go back on the merged customer's index, one version up (merge-moves.ts).
            ...customerIndexOf(item, context.merged.id),
          },
          ...(indexed ? { increment: { version: 1 } } : {}),
        }),
        indexed
          ? { ConditionExpression: '#rcid = :rsurvivor AND #rver = :rver', names: { '#rcid': 'customerId', '#rver': 'version' }, values: { ':rsurvivor': context.survivorId, ':rver': item.version } }
          : { ConditionExpression: '#rcid = :rsurvivor', names: { '#rcid': 'customerId' }, values: { ':rsurvivor': context.survivorId } },
      ),
    );
  });
  const restored = restoredOf(current, entry, context, { customerName: context.merged.name, updatedAt: context.at, ...orderKeys.feedAttributes(String(current.id), context.at) });
  return [...collectionBack(current, restored, entry, context), ...repointed, ...aggregates];
};

/**
 * A task, an attachment, an opportunity, a quote or a portal user: re-pointed back in place, held to the stamp the
 * ledger kept and to still naming the survivor (all but tasks: version +1, as the merge did).
 */
export const inPlaceBack = (current: Item, entry: LedgerEntry, context: RevertContext): RevertPart[] => {
  const key = { pk: String(current.pk), sk: String(current.sk) };
  const merged = context.merged.id;
  let set: Item;
  let versioned = false;
  if (entry.kind === 'tasks') {
    set = { customerId: merged, customerName: context.merged.name, [taskKeys.byCustomer.pkAttribute]: taskKeys.byCustomer.pk(merged) };
  } else if (entry.kind === 'attachments') {
    const { byParent, underCustomer } = attachmentKeys;
    const onCustomer = current.parentType === 'customer' && current.parentId === context.survivorId;
    set = { customerId: merged, [underCustomer.pkAttribute]: underCustomer.pk(merged), ...(onCustomer ? { parentId: merged, [byParent.pkAttribute]: byParent.pk('customer', merged) } : {}) };
    versioned = true;
  } else if (entry.kind === 'quotes') {
    set = { customerId: merged, customerName: context.merged.name, [quoteKeys.byCustomer.pkAttribute]: quoteKeys.byCustomer.pk(merged) };
    versioned = true;
  } else if (entry.kind === 'portalUsers') {
    set = { customerId: merged, [portalUserKeys.byCustomer.pkAttribute]: portalUserKeys.byCustomer.pk(merged) };
    versioned = true;
  } else {
    set = { customerId: merged, [opportunityKeys.byCustomer.pkAttribute]: opportunityKeys.byCustomer.pk(merged) };
    versioned = true;
  }
  const stamp = stampCondition(entry);
  return [
    part('source', conditionalUpdate(context.tableName, key, buildUpdateExpression({ set, ...(versioned ? { increment: { version: 1 } } : {}) }), {
      ConditionExpression: `${stamp.ConditionExpression} AND #rcid = :rsurvivor`,
      names: { ...stamp.names, '#rcid': 'customerId' },
      values: { ...(stamp.values ?? {}), ':rsurvivor': context.survivorId },
    })),
    ledgerMark(entry, context),
    progress(entry, context),
  ];
};
