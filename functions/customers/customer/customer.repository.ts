import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { changesBetween, type AuditAction } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { normalizeName, searchKeyOf } from '#shared/core/search-key';
import { auditPut } from '#shared/audit/audit.writes';
import { churnKeys, churnShardOf, churnWatchAttributesOf } from '#shared/churn/churn.keys';
import { compositionUpdates, touchesComposition } from '#shared/reports/composition.writes';
import { customerKeys } from '#shared/keys/customer.keys';
import { idempotencyKeys } from '#shared/idempotency/idempotency.keys';
import type { IndexKey } from '#shared/db/index-key';
import { cancellationReasonsOf, withConflictRetry, type TransactItem } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, fieldUpdatesOf, type UpdatePlan } from '#shared/db/update-expression';
import type {
  Actor,
  CreateOutcome,
  CustomerChanges,
  CustomerListCriteria,
  CustomerRepository,
  IdempotencyClaim,
  Page,
  PageKey,
  StoredCustomer,
  WriteGuard,
} from './customer.ports';
import { CUSTOMER_FIELDS, type Customer } from './customer.schema';
import { idempotencyPut } from '#shared/idempotency/idempotency.writes';
import {
  followUpArchiveParts,
  followUpRaced,
  followUpTransferParts,
  RACED,
  readOpenFollowUps,
  retryFollowUpRaces,
  sendParts,
  withFollowUpCount,
  type OpenFollowUpRef,
  type Part,
  type Parts,
} from './customer-follow-ups';

type Item = Record<string, unknown>;

const OPTIONAL_INDEX_FIELD = 'region';

/** Index attributes of a customer: every list index sorts by the same search key. */
const indexAttributes = (customer: Pick<Customer, 'id' | 'name' | 'ownerId' | 'level' | 'status' | 'region'>): Item => {
  const sk = customerKeys.sortKey(searchKeyOf(customer.name), customer.id);
  return {
    [customerKeys.byOwner.pkAttribute]: customerKeys.byOwner.pk(customer.ownerId),
    [customerKeys.byOwner.skAttribute]: sk,
    [customerKeys.byName.pkAttribute]: customerKeys.byName.pk(),
    [customerKeys.byName.skAttribute]: sk,
    [customerKeys.byLevel.pkAttribute]: customerKeys.byLevel.pk(customer.level),
    [customerKeys.byLevel.skAttribute]: sk,
    ...(customer.region
      ? {
          [customerKeys.byRegion.pkAttribute]: customerKeys.byRegion.pk(customer.region),
          [customerKeys.byRegion.skAttribute]: sk,
        }
      : {}),
    [customerKeys.byStatus.pkAttribute]: customerKeys.byStatus.pk(customer.status),
    [customerKeys.byStatus.skAttribute]: sk,
  };
};

const LIST_INDEXES = [customerKeys.byOwner, customerKeys.byName, customerKeys.byLevel, customerKeys.byRegion, customerKeys.byStatus];
const INDEX_ATTRIBUTES = LIST_INDEXES.flatMap((index) => [index.pkAttribute, index.skAttribute]);

export const toCustomerItem = (customer: Customer): Item => ({
  ...customerKeys.item(customer.id),
  entity: 'Customer',
  ...customer,
  nameKey: normalizeName(customer.name),
  ...indexAttributes(customer),
  // lost customers: an active customer is on the churn watch from its creation (docs/data-model.md).
  ...churnWatchAttributesOf(customer),
});

/** Only the declared fields leave the repository, so no storage attribute can reach a response. */
export const fromCustomerItem = (item: Item): StoredCustomer => {
  const customer = Object.fromEntries(
    CUSTOMER_FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]),
  ) as Customer;
  // `tags: null` on PATCH removes the attribute; the API always answers a list (found by test/e2e/fuzz.e2e.test.ts).
  customer.tags ??= [];
  return typeof item.deletedAt === 'string' ? { ...customer, deletedAt: item.deletedAt } : customer;
};

/** The SET/REMOVE plan of a field update, with the index keys that follow from the changed fields. */
const planChanges = (customerId: string, changes: CustomerChanges, actor: Actor): UpdatePlan => {
  const { set, remove } = fieldUpdatesOf(changes);
  const copy: Record<string, string> = {};
  const name = set.name as string | undefined;
  const newSortKey = name === undefined ? undefined : customerKeys.sortKey(searchKeyOf(name), customerId);
  if (name !== undefined && newSortKey !== undefined) {
    set.nameKey = normalizeName(name);
    for (const index of LIST_INDEXES) set[index.skAttribute] = newSortKey;
  }
  if (typeof set.level === 'string') set[customerKeys.byLevel.pkAttribute] = customerKeys.byLevel.pk(set.level);
  if (typeof set.status === 'string') set[customerKeys.byStatus.pkAttribute] = customerKeys.byStatus.pk(set.status);
  // lost customers: only active customers are on the churn watch. Reactivation copies the kept watch key back
  // (no read needed); if the customer is under an open lost-customer record, the daily job takes it off again.
  if (set.status === 'active') {
    set[churnKeys.watch.pkAttribute] = churnKeys.watch.pk(churnShardOf(customerId));
    copy[churnKeys.watch.skAttribute] = churnKeys.watchKeyAttribute;
  } else if (set.status === 'inactive') {
    remove.push(churnKeys.watch.pkAttribute, churnKeys.watch.skAttribute);
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
  return { set, copy, remove, increment: { version: 1 } };
};

/** A write's condition: present, not archived, expected version, and (for scoped callers) owned by them. */
const guardCondition = (guard: WriteGuard) => ({
  ConditionExpression: [
    'attribute_exists(#pk)',
    'attribute_not_exists(#deletedAt)',
    '#version = :expectedVersion',
    ...(guard.ownerScope === undefined ? [] : ['#ownerId = :ownerScope']),
  ].join(' AND '),
  names: { '#pk': 'pk', '#deletedAt': 'deletedAt', '#version': 'version', ...(guard.ownerScope === undefined ? {} : { '#ownerId': 'ownerId' }) },
  values: { ':expectedVersion': guard.expectedVersion, ...(guard.ownerScope === undefined ? {} : { ':ownerScope': guard.ownerScope }) },
});

/** Why a guarded write was refused, judged from the item the condition saw. Scope before version: no leaks. */
const refusalOf = (customerId: string, old: Item | undefined, guard: WriteGuard): DomainError => {
  if (!old || old.deletedAt !== undefined || (guard.ownerScope !== undefined && old.ownerId !== guard.ownerScope)) {
    return new DomainError(ErrorCode.CustomerNotFound, `Customer ${customerId} does not exist.`);
  }
  return new DomainError(
    ErrorCode.VersionConflict,
    `Customer ${customerId} has changed since you read it (now version ${String(old.version)}); read it again.`,
  );
};

/** lost customers: re-points the customer's lost-customer record (its owner and owner index) to the new owner. */
const lostRecordOwnerUpdate = (tableName: string, customerId: string, ownerId: string, actor: Actor) => ({
  Update: {
    TableName: tableName,
    Key: churnKeys.record(customerId),
    UpdateExpression: 'SET #ownerId = :ownerId, #ownerPk = :ownerPk, #updatedAt = :at, #updatedBy = :by ADD #version :one',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: {
      '#ownerId': 'ownerId',
      '#ownerPk': churnKeys.byOwner.pkAttribute,
      '#updatedAt': 'updatedAt',
      '#updatedBy': 'updatedBy',
      '#version': 'version',
    },
    ExpressionAttributeValues: { ':ownerId': ownerId, ':ownerPk': churnKeys.byOwner.pk(ownerId), ':at': actor.at, ':by': actor.username, ':one': 1 },
  },
});

/** audit: the transfer of the customer (owner id and name, with the reason) and of its lost-customer record. */
const transferAuditPuts = (
  tableName: string,
  current: Customer,
  owner: { ownerId: string; ownerName: string; reason?: string | undefined },
  hasLostRecord: boolean,
  actor: Actor,
) => {
  const common = { at: actor.at, actor: actor.username, action: 'transfer' as const, customerId: current.id, ...(owner.reason ? { note: owner.reason } : {}) };
  return [
    auditPut(tableName, {
      ...common,
      entityType: 'customer',
      entityId: current.id,
      entityVersion: current.version + 1,
      changes: changesBetween(
        { ownerId: current.ownerId, ownerName: current.ownerName },
        { ownerId: owner.ownerId, ownerName: owner.ownerName },
      ),
    }),
    // The record's owner always equals its customer's (it follows every transfer); its version is not read here.
    ...(hasLostRecord
      ? [auditPut(tableName, { ...common, entityType: 'lost-customer', entityId: current.id, changes: changesBetween({ ownerId: current.ownerId }, { ownerId: owner.ownerId }) })]
      : []),
  ];
};

const CUSTOMER_NO_TAKEN = (customerNo: string) =>
  new DomainError(ErrorCode.CustomerNoTaken, `Customer number ${customerNo} is already in use.`);

export class DynamoDbCustomerRepository implements CustomerRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(customer: Customer, idempotency?: IdempotencyClaim): Promise<CreateOutcome> {
    const idempotencyKey = idempotency && idempotencyKeys.item(idempotency.username, idempotency.operationId, idempotency.key);
    const command = new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: this.tableName, Item: toCustomerItem(customer), ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Put: {
            TableName: this.tableName,
            Item: { ...customerKeys.uniqueNo(customer.customerNo), entity: 'UniqueCustomerNo', customerId: customer.id },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...(idempotency ? [idempotencyPut(this.tableName, idempotency, customer)] : []),
        // reports: the customer joins the composition counts (last, so the indexes above stay as they are).
        ...compositionUpdates(this.tableName, customer.id, undefined, customer),
        // audit: the creation, in the same transaction (an idempotent replay cancels it: no second entry).
        auditPut(this.tableName, {
          at: customer.createdAt,
          actor: customer.createdBy,
          action: 'create',
          entityType: 'customer',
          entityId: customer.id,
          customerId: customer.id,
          entityVersion: customer.version,
          changes: changesBetween(undefined, customer),
        }),
      ],
    });
    try {
      await withConflictRetry(() => this.client.send(command));
      return { kind: 'created', customer };
    } catch (error) {
      const reasons = cancellationReasonsOf(error);
      if (!reasons) throw error;
      if (idempotency && idempotencyKey && reasons[2]?.Code === 'ConditionalCheckFailed') {
        return this.replay(idempotencyKey, idempotency);
      }
      if (reasons[1]?.Code === 'ConditionalCheckFailed') throw CUSTOMER_NO_TAKEN(customer.customerNo);
      throw error;
    }
  }

  private async replay(key: Item, claim: IdempotencyClaim): Promise<CreateOutcome> {
    const { Item: record } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    if (!record || record.fingerprint !== claim.fingerprint) {
      throw new DomainError(
        ErrorCode.IdempotencyKeyReused,
        'This Idempotency-Key was already used with a different request; use a new key for a new request.',
      );
    }
    return { kind: 'replayed', customer: record.response as Customer };
  }

  async get(customerId: string): Promise<StoredCustomer | undefined> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: customerKeys.item(customerId), ConsistentRead: true }),
    );
    return item ? fromCustomerItem(item) : undefined;
  }

  async update(customerId: string, changes: CustomerChanges, guard: WriteGuard, actor: Actor): Promise<Customer> {
    const plan = planChanges(customerId, changes, actor);
    // audit: every update needs the old values (the entry's diff) — read, then one transaction. reports: a change
    // of level, credit, satisfaction, region or industry also moves the customer between composition buckets.
    const composition = touchesComposition(changes);
    return this.guardedTransactUpdate(customerId, plan, guard, { actor, action: 'update' }, (before, after) =>
      composition ? compositionUpdates(this.tableName, customerId, before, after) : [],
    );
  }

  async archive(customerId: string, guard: WriteGuard, actor: Actor): Promise<void> {
    // reports: an archived customer leaves the composition counts, in the same transaction.
    await this.guardedTransactUpdate(
      customerId,
      {
        set: { deletedAt: actor.at, deletedBy: actor.username, updatedAt: actor.at, updatedBy: actor.username },
        // lost customers: an archived customer leaves the churn watch too.
        remove: [...INDEX_ATTRIBUTES, churnKeys.watch.pkAttribute, churnKeys.watch.skAttribute],
        increment: { version: 1 },
      },
      guard,
      { actor, action: 'delete' },
      (before) => compositionUpdates(this.tableName, customerId, before, undefined),
      // contacts/activities: the customer's open follow-ups leave every list (customer-follow-ups.ts).
      (open) => followUpArchiveParts(this.tableName, customerId, open),
    );
  }

  /**
   * A guarded update that must know the values it replaces (audit diff, composition counts): a consistent read,
   * judged locally (404 / 412 exactly as a single UpdateItem would), then ONE transaction — the customer update,
   * conditional on the version read, plus `extra(before, after)`, plus the audit entry (last). A write between the
   * read and the transaction bumps the version, so the transaction is refused (412): no count is moved from a
   * stale value and no entry records a change that did not happen. With `followUps`, the customer's open
   * follow-ups are read after it and written in the same transaction (customer-follow-ups.ts, retried on a race).
   */
  private async guardedTransactUpdate(
    customerId: string,
    plan: UpdatePlan,
    guard: WriteGuard,
    audit: { actor: Actor; action: AuditAction },
    extra: (before: Item, after: Item) => TransactItem[],
    followUps?: (open: OpenFollowUpRef[]) => Parts,
  ): Promise<Customer> {
    return retryFollowUpRaces(async () => {
      const { Item: before } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: customerKeys.item(customerId), ConsistentRead: true }),
      );
      if (!before || before.deletedAt !== undefined || before.version !== guard.expectedVersion) throw refusalOf(customerId, before, guard);
      if (guard.ownerScope !== undefined && before.ownerId !== guard.ownerScope) throw refusalOf(customerId, before, guard);
      const after: Item = { ...before, ...(plan.set ?? {}) };
      for (const [target, source] of Object.entries(plan.copy ?? {})) after[target] = before[source];
      for (const attribute of plan.remove ?? []) delete after[attribute];
      for (const [attribute, by] of Object.entries(plan.increment ?? {})) after[attribute] = (before[attribute] as number) + by;
      // Read after the customer: a follow-up opened or closed after that moves the count the update is held to.
      const open = followUps ? await readOpenFollowUps(this.client, this.tableName, customerId) : undefined;
      const condition = open ? withFollowUpCount(guardCondition(guard), before.openFollowUpCount) : guardCondition(guard);
      const parts: Parts = [
        ['customer', conditionalUpdate(this.tableName, customerKeys.item(customerId), buildUpdateExpression(plan), condition)],
        ...extra(before, after).map((item): [Part, TransactItem] => ['other', item]),
        ...(open && followUps ? followUps(open) : []),
        ['other', auditPut(this.tableName, {
          at: audit.actor.at,
          actor: audit.actor.username,
          action: audit.action,
          entityType: 'customer',
          entityId: customerId,
          customerId,
          entityVersion: after.version as number,
          changes: changesBetween(fromCustomerItem(before), fromCustomerItem(after)),
        })],
      ];
      const refusal = await sendParts(this.client, parts);
      if (!refusal) return fromCustomerItem(after);
      if (open && followUpRaced(refusal, before)) return RACED;
      if (refusal.failed.has('customer')) throw refusalOf(customerId, refusal.failed.get('customer'), guard);
      throw refusal.error;
    });
  }

  async transfer(
    customerId: string,
    owner: { ownerId: string; ownerName: string; reason?: string | undefined },
    guard: WriteGuard,
    actor: Actor,
  ): Promise<Customer> {
    return retryFollowUpRaces(async () => {
      const { Item: currentItem } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: customerKeys.item(customerId), ConsistentRead: true }),
      );
      const current = currentItem ? fromCustomerItem(currentItem) : undefined;
      if (!currentItem || !current || current.deletedAt !== undefined || current.version !== guard.expectedVersion) {
        throw refusalOf(customerId, current, guard);
      }
      // lost customers: the customer's lost-customer record follows it to the new owner (owner index), in the same
      // transaction; the condition on the churn status read makes a record opened meanwhile refuse the transfer (412).
      const churnStatus = currentItem[churnKeys.statusAttribute] as string | undefined;
      if (current.ownerId === owner.ownerId) {
        throw new DomainError(ErrorCode.InvalidTransition, `Customer ${customerId} is already owned by ${owner.ownerId}.`);
      }
      // contacts/activities: the previous owner's open follow-ups move with the customer (customer-follow-ups.ts).
      const open = await readOpenFollowUps(this.client, this.tableName, customerId);
      const plan: UpdatePlan = {
        set: {
          ownerId: owner.ownerId,
          ownerName: owner.ownerName,
          [customerKeys.byOwner.pkAttribute]: customerKeys.byOwner.pk(owner.ownerId),
          updatedAt: actor.at,
          updatedBy: actor.username,
        },
        increment: { version: 1 },
      };
      const condition = withFollowUpCount(guardCondition(guard), currentItem.openFollowUpCount);
      condition.ConditionExpression += churnStatus === undefined ? ' AND attribute_not_exists(#churnStatus)' : ' AND #churnStatus = :churnStatus';
      Object.assign(condition.names, { '#churnStatus': churnKeys.statusAttribute });
      if (churnStatus !== undefined) Object.assign(condition.values, { ':churnStatus': churnStatus });
      const record = {
        pk: customerKeys.item(customerId).pk,
        sk: `TRANSFER#${actor.at}#${current.version}`,
        entity: 'CustomerTransfer',
        fromOwnerId: current.ownerId,
        toOwnerId: owner.ownerId,
        ...(owner.reason ? { reason: owner.reason } : {}),
        transferredBy: actor.username,
        transferredAt: actor.at,
      };
      // A transaction conflict is retried like every other customer write (it was not: found by
      // test/int/faults.int.test.ts). The version condition keeps a retry from applying twice.
      const refusal = await sendParts(this.client, [
        ['customer', conditionalUpdate(this.tableName, customerKeys.item(customerId), buildUpdateExpression(plan), condition)],
        ['other', { Put: { TableName: this.tableName, Item: record, ConditionExpression: 'attribute_not_exists(pk)' } }],
        ...(churnStatus === undefined ? [] : [['other', lostRecordOwnerUpdate(this.tableName, customerId, owner.ownerId, actor)] as const]),
        ...followUpTransferParts(this.tableName, customerId, open, current.ownerId, owner.ownerId),
        // audit (last): the customer's transfer, and its lost-customer record's, which follows it.
        ...transferAuditPuts(this.tableName, current, owner, churnStatus !== undefined, actor).map((item) => ['other', item] as const),
      ]);
      if (refusal && followUpRaced(refusal, currentItem)) return RACED;
      if (refusal?.failed.has('customer')) throw refusalOf(customerId, refusal.failed.get('customer'), guard);
      if (refusal) throw refusal.error;
      return { ...current, ownerId: owner.ownerId, ownerName: owner.ownerName, version: current.version + 1, updatedAt: actor.at, updatedBy: actor.username };
    });
  }

  async list(criteria: CustomerListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<Customer>> {
    const { index, partition, filters } = chooseIndex(criteria);
    const keyPrefix = criteria.search?.keyPrefix;
    const names: Record<string, string> = { '#pk': index.pkAttribute, ...(keyPrefix ? { '#sk': index.skAttribute } : {}) };
    const values: Record<string, unknown> = { ':pk': partition };
    const filterClauses: string[] = [];
    for (const [field, value] of Object.entries(filters)) {
      names[`#f_${field}`] = field;
      values[`:f_${field}`] = value;
      filterClauses.push(`#f_${field} = :f_${field}`);
    }
    if (criteria.search?.namePrefix) {
      names['#nameKey'] = 'nameKey';
      values[':namePrefix'] = criteria.search.namePrefix;
      filterClauses.push('begins_with(#nameKey, :namePrefix)');
    }
    if (keyPrefix) values[':prefix'] = keyPrefix;
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.index,
        KeyConditionExpression: keyPrefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
        ...(filterClauses.length > 0 ? { FilterExpression: filterClauses.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map((item) => fromCustomerItem(item) as Customer),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }
}

type ListIndex = Pick<IndexKey<unknown[]>, 'index' | 'pkAttribute' | 'skAttribute'>;

/** The most selective index for the filters given; the other filters are applied to that one Query. */
const chooseIndex = (
  criteria: CustomerListCriteria,
): { index: ListIndex; partition: string; filters: Record<string, string> } => {
  const { ownerId, level, region, status } = criteria;
  const rest = (except: string): Record<string, string> =>
    Object.fromEntries(
      Object.entries({ ownerId, level, region, status }).filter(
        (entry): entry is [string, string] => entry[0] !== except && entry[1] !== undefined,
      ),
    );
  if (ownerId) return { index: customerKeys.byOwner, partition: customerKeys.byOwner.pk(ownerId), filters: rest('ownerId') };
  if (level) return { index: customerKeys.byLevel, partition: customerKeys.byLevel.pk(level), filters: rest('level') };
  if (region) return { index: customerKeys.byRegion, partition: customerKeys.byRegion.pk(region), filters: rest('region') };
  if (status) return { index: customerKeys.byStatus, partition: customerKeys.byStatus.pk(status), filters: rest('status') };
  return { index: customerKeys.byName, partition: customerKeys.byName.pk(), filters: {} };
};
