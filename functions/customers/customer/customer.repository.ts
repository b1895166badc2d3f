import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changesBetween, type AuditAction } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { CHURN_WATCH_INDEX_ATTRIBUTES, rewatchPlan } from '#shared/churn/churn-watch.entity';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { normalizeName, searchKeyOf } from '#shared/core/search-key';
import type { Item } from '#shared/db/item';
import { part, parts, type TransactItem } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, fieldUpdatesOf, type UpdatePlan } from '#shared/db/update-expression';
import { CUSTOMER_SORT_INDEX_ATTRIBUTES, sortKeySet } from '#shared/customer-records/customer-sort-indexes';
import { customerTombstonePut } from '#shared/customer-records/customer-tombstone.entity';
import type { SyncWindow } from '#shared/customer-records/delta-sync';
import { idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import { noContactCheckOf } from '#shared/reminders/no-contact-reminder';
import { reminderPut } from '#shared/reminders/reminder.writes';
import { customerKeys } from '#shared/keys/customer.keys';
import { withMergedCustomValues } from '#shared/custom-fields/custom-values';
import { compositionUpdates, touchesComposition } from '#shared/reports/composition.writes';
import { customerSearchTermParts } from '#shared/search/search-terms.writes';
import { duplicateKeyParts, duplicatePairParts } from '#shared/duplicates/duplicate-keys.writes';
import type { DuplicatePolicy } from '#shared/duplicates/duplicate-candidates';
import {
  followUpArchiveParts,
  followUpRaced,
  RACED,
  readOpenFollowUps,
  retryFollowUpRaces,
  transactCustomerParts,
  withFollowUpCount,
  type CustomerPart,
  type OpenFollowUpRef,
} from './customer-follow-ups';
import { customerNumberEntity } from './customer-number.entity';
import { restoreMergedCustomer } from './customer-restore.repository';
import { customerFeed, getCustomer, listCustomers, readCustomerItem } from './customer-reads.repository';
import { transferCustomer, type NewOwner } from './customer-transfer.repository';
import { CUSTOMER_INDEX_ATTRIBUTES, CUSTOMER_LIST_INDEXES, customerEntity } from './customer.entity';
import type {
  Actor,
  ChangeCheck,
  CreateOutcome,
  CustomerChanges,
  CustomerFeedItem,
  CustomerListCriteria,
  CustomerRepository,
  IdempotencyClaim,
  MergeRetirement,
  Page,
  PageKey,
  RestoreOutcome,
  StoredCustomer,
  WriteGuard,
} from './customer.ports';
import type { Customer } from './customer.schema';
import { guardCondition, refusalOf, unexplainedRefusal } from './customer.writes';

const OPTIONAL_INDEX_FIELD = 'region';

/** A create refused on its idempotency record that vanished before the replay (expired) is sent once more. */
const CREATE_ATTEMPTS = 2;

/** The SET/REMOVE plan of a field update, with the index keys that follow from the changed fields. */
const planChanges = (customerId: string, changes: CustomerChanges, actor: Actor): UpdatePlan => {
  const { set, remove } = fieldUpdatesOf(changes);
  const copy: Record<string, string> = {};
  const name = set.name as string | undefined;
  const newSortKey = name === undefined ? undefined : customerKeys.sortKey(searchKeyOf(name), customerId);
  if (name !== undefined && newSortKey !== undefined) {
    set.nameKey = normalizeName(name);
    for (const index of CUSTOMER_LIST_INDEXES) set[index.skAttribute] = newSortKey;
  }
  if (typeof set.level === 'string') set[customerKeys.byLevel.pkAttribute] = customerKeys.byLevel.pk(set.level);
  if (typeof set.status === 'string') set[customerKeys.byStatus.pkAttribute] = customerKeys.byStatus.pk(set.status);
  // Only active customers are on the churn watch: a reactivation puts the customer back with the key it kept (no
  // read needed), a deactivation takes it off.
  if (set.status === 'active') {
    const rewatch = rewatchPlan(customerId);
    Object.assign(set, rewatch.set);
    Object.assign(copy, rewatch.copy);
  } else if (set.status === 'inactive') {
    remove.push(...CHURN_WATCH_INDEX_ATTRIBUTES);
  }
  const region = customerKeys.byRegion;
  if (typeof set[OPTIONAL_INDEX_FIELD] === 'string') {
    set[region.pkAttribute] = region.pk(set[OPTIONAL_INDEX_FIELD] as string);
    // The region index may not hold this customer yet: give it the sort key too (copied when the name is unchanged).
    if (newSortKey === undefined) copy[region.skAttribute] = customerKeys.byName.skAttribute;
  } else if (remove.includes(OPTIONAL_INDEX_FIELD)) {
    delete set[region.skAttribute];
    remove.push(region.pkAttribute, region.skAttribute);
  }
  set.updatedAt = actor.at;
  set.updatedBy = actor.username;
  Object.assign(set, sortKeySet('updatedAt', customerId, actor.at));
  return { set, copy, remove, increment: { version: 1 } };
};

const CUSTOMER_NO_TAKEN = (customerNo: string) =>
  new DomainError(ErrorCode.CustomerNoTaken, `Customer number ${customerNo} is already in use.`);

/** A key of the duplicate index was taken (the use case reads and describes the candidates). */
const POSSIBLE_DUPLICATE = () => new DomainError(ErrorCode.PossibleDuplicate, 'The customer matches another customer.');

/** The duplicate index's elements of a customer write: its keys (shared/duplicates/) and the pairs it was allowed. */
const duplicateParts = (tableName: string, customerId: string, before: StoredCustomer | undefined, after: StoredCustomer | undefined, policy: DuplicatePolicy | undefined, actor: Actor): CustomerPart[] => [
  ...parts('duplicate', duplicateKeyParts(tableName, customerId, before, after, { allowDuplicates: policy?.allow ?? true })),
  ...parts('pair', policy?.allow && policy.pairs ? duplicatePairParts(tableName, customerId, policy.pairs, actor) : []),
];

export class DynamoDbCustomerRepository implements CustomerRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(customer: Customer, idempotency?: IdempotencyClaim, duplicates?: DuplicatePolicy): Promise<CreateOutcome> {
    const sent: CustomerPart[] = [
      part('customer', { Put: { TableName: this.tableName, Item: customerEntity.toItem(customer), ConditionExpression: 'attribute_not_exists(pk)' } }),
      part('customerNo', {
        Put: {
          TableName: this.tableName,
          Item: customerNumberEntity.toItem({ customerNo: customer.customerNo, customerId: customer.id }),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }),
      ...(idempotency ? [part('idempotency', idempotencyPut(this.tableName, idempotency, customer))] : []),
      // The customer joins the report's composition counts.
      ...parts('composition', compositionUpdates(this.tableName, customer.id, undefined, customer)),
      // The customer's terms in the search index (shared/search/search-terms.writes.ts).
      ...parts('search', customerSearchTermParts(this.tableName, undefined, customer)),
      // Its "no contact for N days" check, armed from its creation (the reminder job places it from
      // lastContactAt ?? createdAt by the level's care rule: shared/reminders/no-contact-reminder.ts).
      part('care', reminderPut(this.tableName, { ...noContactCheckOf(customer.id, customer.createdAt), ownerId: customer.ownerId })),
      // Its keys in the duplicate index, claimed only when free unless duplicates are allowed.
      ...duplicateParts(this.tableName, customer.id, undefined, customer, duplicates, { username: customer.createdBy, at: customer.createdAt }),
      // The audit entry of the creation goes last: an idempotent replay cancels the transaction, so no second entry.
      part('audit', auditPut(this.tableName, {
        at: customer.createdAt,
        actor: customer.createdBy,
        action: 'create',
        entityType: 'customer',
        entityId: customer.id,
        customerId: customer.id,
        entityVersion: customer.version,
        changes: changesBetween(undefined, customer),
      })),
    ];
    for (let attempt = 1; attempt <= CREATE_ATTEMPTS; attempt += 1) {
      const refused = await transactCustomerParts(this.client, sent);
      if (!refused) return { kind: 'created', customer };
      if (idempotency && refused.has('idempotency')) {
        const first = await replayAfterRefusal<Customer>(this.client, this.tableName, idempotency);
        if (first) return { kind: 'replayed', customer: first };
        continue;
      }
      if (refused.has('customerNo')) throw CUSTOMER_NO_TAKEN(customer.customerNo);
      if (refused.has('duplicate')) throw POSSIBLE_DUPLICATE();
      throw unexplainedRefusal(refused);
    }
    throw new DomainError(ErrorCode.ServiceBusy, 'The service is busy; retry after a moment.', { retryAfterSeconds: 1 });
  }

  async get(customerId: string): Promise<StoredCustomer | undefined> {
    return getCustomer(this.client, this.tableName, customerId);
  }

  async list(criteria: CustomerListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<Customer>> {
    return listCustomers(this.client, this.tableName, criteria, page);
  }

  async feed(scope: { ownerId?: string | undefined }, window: SyncWindow, page: { limit: number; startKey?: PageKey }): Promise<Page<CustomerFeedItem>> {
    return customerFeed(this.client, this.tableName, scope, window, page);
  }

  async transfer(customerId: string, owner: NewOwner, guard: WriteGuard, actor: Actor): Promise<Customer> {
    return transferCustomer(this.client, this.tableName, customerId, owner, guard, actor);
  }

  async update(
    customerId: string,
    changes: CustomerChanges,
    guard: WriteGuard,
    actor: Actor,
    check?: ChangeCheck,
    duplicates?: DuplicatePolicy,
  ): Promise<Customer> {
    const plan = planChanges(customerId, changes, actor);
    // Every update needs the old values (the audit entry's diff): read, then one transaction. A change of level,
    // credit, satisfaction, region or industry also moves the customer between the report's composition buckets.
    const composition = touchesComposition(changes);
    return this.guardedTransactUpdate(customerId, plan, guard, { actor, action: 'update' }, (before, after) =>
      composition ? compositionUpdates(this.tableName, customerId, before, after) : [],
      undefined,
      check,
      duplicates,
    );
  }

  async archive(customerId: string, guard: WriteGuard, actor: Actor, merge?: MergeRetirement): Promise<void> {
    // An archived customer leaves the composition counts, every list, the churn watch and (its open follow-ups)
    // the follow-up lists, in the same transaction. A merge (functions/customers/merge/) retires the merged customer
    // the same way, marks it `mergedInto` and adds its own elements (the survivor's check, the merge record).
    await this.guardedTransactUpdate(
      customerId,
      {
        set: {
          deletedAt: actor.at,
          deletedBy: actor.username,
          updatedAt: actor.at,
          updatedBy: actor.username,
          ...(merge ? { mergedInto: merge.survivorId, mergeId: merge.mergeId } : {}),
        },
        remove: [...CUSTOMER_INDEX_ATTRIBUTES, ...CUSTOMER_SORT_INDEX_ATTRIBUTES, ...CHURN_WATCH_INDEX_ATTRIBUTES],
        increment: { version: 1 },
      },
      guard,
      { actor, action: 'delete' },
      (before) => compositionUpdates(this.tableName, customerId, before, undefined),
      // The customer leaves its owner's delta feed and everyone's: a tombstone says so (customer-tombstone.entity.ts).
      (open, before) => [
        ...followUpArchiveParts(this.tableName, customerId, open),
        part('tombstone', customerTombstonePut(this.tableName, { id: customerId, deletedAt: actor.at, reason: merge ? 'merged' : 'archived', ownerId: before.ownerId as string })),
        ...(merge?.parts(before) ?? []),
      ],
      undefined,
      undefined,
      merge?.refusal,
    );
  }

  async restore(customerId: string, merge: { readonly mergeId: string }, actor: Actor): Promise<RestoreOutcome> {
    return restoreMergedCustomer(this.client, this.tableName, customerId, merge, actor);
  }

  /**
   * A guarded update that must know the values it replaces (audit diff, composition counts): a consistent read,
   * judged locally (404 / 412 exactly as a single UpdateItem would), then ONE transaction — the customer update,
   * conditional on the version read, plus `composition(before, after)`, plus the audit entry (last). A write
   * between the read and the transaction bumps the version, so the transaction is refused (412): no count is moved
   * from a stale value and no entry records a change that did not happen. With `followUps`, the customer's open
   * follow-ups are read after it and written in the same transaction (customer-follow-ups.ts, retried on a race).
   */
  private async guardedTransactUpdate(
    customerId: string,
    patchPlan: UpdatePlan,
    guard: WriteGuard,
    audit: { actor: Actor; action: AuditAction },
    composition: (before: Item, after: Item) => TransactItem[],
    followUps?: (open: OpenFollowUpRef[], before: Item) => CustomerPart[],
    check?: ChangeCheck,
    duplicates?: DuplicatePolicy,
    extraRefusal?: MergeRetirement['refusal'],
  ): Promise<Customer> {
    return retryFollowUpRaces(async () => {
      const before = await readCustomerItem(this.client, this.tableName, customerId);
      if (!before || before.deletedAt !== undefined || before.version !== guard.expectedVersion) throw refusalOf(customerId, before, guard);
      if (guard.ownerScope !== undefined && before.ownerId !== guard.ownerScope) throw refusalOf(customerId, before, guard);
      // A PATCH of custom values is merged into the stored ones (shared/custom-fields/custom-values.ts).
      const plan = withMergedCustomValues(patchPlan, before.custom);
      const after: Item = { ...before, ...(plan.set ?? {}) };
      for (const [target, source] of Object.entries(plan.copy ?? {})) after[target] = before[source];
      for (const attribute of plan.remove ?? []) delete after[attribute];
      for (const [attribute, by] of Object.entries(plan.increment ?? {})) after[attribute] = (before[attribute] as number) + by;
      check?.(customerEntity.fromItem(before), customerEntity.fromItem(after));
      // Read after the customer: a follow-up opened or closed after that moves the count the update is held to.
      const open = followUps ? await readOpenFollowUps(this.client, this.tableName, customerId) : undefined;
      const condition = open ? withFollowUpCount(guardCondition(guard), before.openFollowUpCount) : guardCondition(guard);
      const refused = await transactCustomerParts(this.client, [
        part('customer', conditionalUpdate(this.tableName, customerKeys.item(customerId), buildUpdateExpression(plan), condition)),
        ...parts('composition', composition(before, after)),
        // The search index follows the name, phone, e-mail, numbers and archive marker (nothing when untouched).
        ...parts('search', customerSearchTermParts(this.tableName, customerEntity.fromItem(before), customerEntity.fromItem(after))),
        // The duplicate index follows the name, phone, e-mail and numbers; an archive leaves every key.
        ...duplicateParts(this.tableName, customerId, customerEntity.fromItem(before), customerEntity.fromItem(after), duplicates, audit.actor),
        ...(open && followUps ? followUps(open, before) : []),
        part('audit', auditPut(this.tableName, {
          at: audit.actor.at,
          actor: audit.actor.username,
          action: audit.action,
          entityType: 'customer',
          entityId: customerId,
          customerId,
          entityVersion: after.version as number,
          changes: changesBetween(customerEntity.fromItem(before), customerEntity.fromItem(after)),
        })),
      ]);
      if (!refused) return customerEntity.fromItem(after);
      if (open && followUpRaced(refused, before)) return RACED;
      if (refused.has('customer')) throw refusalOf(customerId, refused.old('customer'), guard);
      const explained = extraRefusal?.(refused);
      if (explained) throw explained;
      if (refused.has('duplicate')) throw POSSIBLE_DUPLICATE();
      throw unexplainedRefusal(refused);
    });
  }
}
