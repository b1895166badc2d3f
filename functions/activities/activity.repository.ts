import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { contactEntity } from '#functions/contacts/contact.entity';
import { contactDirectoryEntity } from '#shared/customer-records/contact-directory.entity';
import { customerHeadOf, type CustomerGuard } from '#shared/customer-records/customer-head';
import { changesBetween } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { activityKeys, contactKeys, CUSTOMER_RECORD_LIMITS, followUpKeys, KEY_END } from '#shared/keys/contact-activity.keys';
import type { CareContact } from '#shared/reminders/care-reminder';
import type { Reminder } from '#shared/reminders/reminder';
import {
  afterChanges,
  belowLimit,
  customerGuardItem,
  customerRefusalOf,
  equals,
  mergeChanges,
  notAfter,
  transactGet,
  type CustomerItemChange,
} from '#shared/customer-records/customer-records.writes';
import { customerTouch, transactTouching } from '#shared/customer-records/customer-touch';
import { idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import { part, parts, transactParts, type TransactionPart } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, fieldUpdatesOf } from '#shared/db/update-expression';
import { customerKeys } from '#shared/keys/customer.keys';
import { noContactCheckOf } from '#shared/reminders/no-contact-reminder';
import { followUpReminderOf, followUpReminderPlace } from '#shared/reminders/reminder-sources';
import { reminderChange, reminderDelete, reminderPut } from '#shared/reminders/reminder.writes';
import type {
  ActivityUpdate,
  ActivityListCriteria,
  ActivityRead,
  ActivityRepository,
  Actor,
  CreateActivityOutcome,
  IdempotencyClaim,
  PageKey,
  ParticipantContactCheck,
} from './activity.ports';
import type { Activity, FollowUp, StoredActivity } from './activity.schema';
import { activityEntity, removedActivityEntity } from './activity.entity';
import {
  activityAuditPut,
  activityRefusal,
  contactCheck,
  followUpLimit,
  noSuchContact,
  noSuchParticipants,
  participantChecks,
  versionCondition,
} from './activity.writes';
import { followUpEntity, followUpList } from './follow-up.entity';

/** Attempts of a create: a back-dated activity is written again without `lastContactAt`, and an idempotency record
 * that vanished (expired and swept) between its refusal and the replay lets the create go ahead. */
const CREATE_ATTEMPTS = 4;

export class DynamoDbActivityRepository implements ActivityRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(
    activity: StoredActivity,
    options: {
      guard: CustomerGuard;
      participantContactChecks?: readonly ParticipantContactCheck[] | undefined;
      followUp?: FollowUp | undefined;
      response: Activity;
      idempotency?: IdempotencyClaim | undefined;
      care?: { closed: readonly Reminder[]; next: readonly Reminder[] } | undefined;
    },
  ): Promise<CreateActivityOutcome> {
    const { guard, followUp, idempotency } = options;
    const reminder = followUpReminderOf(followUp, activity.createdAt);
    const build = (advanceLastContact: boolean, at: string): TransactionPart[] => {
      const change: CustomerItemChange = mergeChanges(
        {
          set: advanceLastContact ? { lastContactAt: activity.occurredAt } : {},
          add: followUp ? { openFollowUpCount: 1 } : {},
          conditions: [
            ...(advanceLastContact ? [notAfter('lastContactAt', activity.occurredAt)] : []),
            ...(followUp ? [belowLimit('openFollowUpCount', CUSTOMER_RECORD_LIMITS.openFollowUpsPerCustomer)] : []),
          ],
        },
        // A new lastContactAt is a change of the customer: its updatedAt moves too (forward only, not its version).
        advanceLastContact ? customerTouch(activity.customerId, at) : {},
      );
      return [
        part('activity', { Put: { TableName: this.tableName, Item: activityEntity.toItem(activity), ConditionExpression: 'attribute_not_exists(pk)' } }),
        part('customer', customerGuardItem(this.tableName, guard, change)),
        ...(activity.contactId ? [part('contact', contactCheck(this.tableName, activity.customerId, activity.contactId))] : []),
        ...participantChecks(this.tableName, activity.customerId, options.participantContactChecks, activity.contactId),
        ...(followUp ? [part('followUp', { Put: { TableName: this.tableName, Item: followUpEntity.toItem(followUp) } })] : []),
        // Its reminder (shared/reminders/reminder-sources.ts) exists exactly while the follow-up is open and not yet due.
        ...(reminder ? [part('reminder', reminderPut(this.tableName, reminder))] : []),
        // Any contact re-arms the customer's "no contact" check; the job places it by the level's rule (no-contact-reminder.ts).
        ...(advanceLastContact ? [part('care', reminderPut(this.tableName, noContactCheckOf(activity.customerId, activity.createdAt)))] : []),
        ...(options.care ? parts('care', [...options.care.closed.map((closed) => reminderDelete(this.tableName, closed)), ...options.care.next.map((next) => reminderPut(this.tableName, next))]) : []),
        ...(idempotency ? [part('idempotency', idempotencyPut(this.tableName, idempotency, options.response))] : []),
        // The audit entry goes last: an idempotent replay cancels this transaction, so it never writes a second entry.
        part('audit', activityAuditPut(this.tableName, activity, { username: activity.createdBy, at: activity.createdAt }, 'create', changesBetween(undefined, activity))),
      ];
    };

    // lastContactAt only moves forward. The common case — the activity is the customer's latest — is one
    // transaction; a back-dated activity fails the `lastContactAt <= occurredAt` condition and is written again
    // without touching lastContactAt.
    let advance = true;
    for (let attempt = 1; attempt <= CREATE_ATTEMPTS; attempt += 1) {
      const refused = advance
        ? await transactTouching(this.client, (at) => build(true, at), activity.createdAt, 'customer')
        : await transactParts(this.client, build(false, activity.createdAt));
      if (!refused) return { kind: 'created', activity: options.response };
      if (idempotency && refused.has('idempotency')) {
        const first = await replayAfterRefusal<Activity>(this.client, this.tableName, idempotency);
        if (first) return { kind: 'replayed', activity: first };
        continue;
      }
      const customerFailed = refused.has('customer');
      const head = customerHeadOf(refused.old('customer'));
      if (customerFailed) {
        const refusal = customerRefusalOf(guard, refused.old('customer'));
        if (refusal) throw refusal;
      }
      if (refused.has('contact')) throw noSuchContact();
      const participants = noSuchParticipants(refused.labels);
      if (participants) throw participants;
      if (customerFailed && followUp && (head?.openFollowUpCount ?? 0) >= CUSTOMER_RECORD_LIMITS.openFollowUpsPerCustomer) {
        throw followUpLimit();
      }
      if (customerFailed && advance && head?.lastContactAt !== undefined && head.lastContactAt > activity.occurredAt) {
        advance = false;
        continue;
      }
      break;
    }
    throw new Error('activity create cancelled for an unexpected reason');
  }

  /** The contact with its customer's owner (the care reminders it puts go on the owner's calendar). */
  async careContact(customerId: string, contactId: string): Promise<CareContact | undefined> {
    const [{ Item: item }, { Item: customer }] = await Promise.all([
      this.client.send(new GetCommand({ TableName: this.tableName, Key: contactKeys.item(customerId, contactId), ConsistentRead: true })),
      this.client.send(new GetCommand({ TableName: this.tableName, Key: customerKeys.item(customerId), ProjectionExpression: 'ownerId', ConsistentRead: true })),
    ]);
    if (!item) return undefined;
    const ownerId = typeof customer?.ownerId === 'string' ? customer.ownerId : undefined;
    return { ...contactEntity.fromItem(item), ...(ownerId ? { ownerId } : {}) };
  }

  async get(customerId: string, activityId: string): Promise<ActivityRead> {
    const [customer, activity, directory, followUp] = await transactGet(this.client, this.tableName, [
      customerKeys.item(customerId),
      activityKeys.item(customerId, activityId),
      contactDirectoryEntity.keyOf(customerId),
      followUpKeys.item(customerId, activityId),
    ]);
    return {
      customer: customerHeadOf(customer),
      activity: activity ? activityEntity.fromItem(activity) : undefined,
      directory: contactDirectoryEntity.fromItem(directory),
      ...(followUp ? { followUp: followUpEntity.fromItem(followUp) } : {}),
    };
  }

  /**
   * Newest first. A first page without `to` is ONE Query read backwards from the customer item: the customer
   * and the contact directory come first, then the activities. With `to`, or after a cursor, the range starts
   * below the head, so the customer and the directory are read beside it (TransactGetItems, in parallel).
   */
  async list(customerId: string, criteria: ActivityListCriteria, page: { limit: number; startKey?: PageKey | undefined }) {
    const pk = customerKeys.item(customerId).pk;
    const { startKey } = page;
    if (startKey && (startKey.pk !== pk || typeof startKey.sk !== 'string' || !startKey.sk.startsWith(activityKeys.prefix))) {
      throw new DomainError(ErrorCode.InvalidCursor, 'The cursor is not valid for this query.');
    }
    const headInQuery = !startKey && criteria.to === undefined;
    const from = criteria.from === undefined ? activityKeys.prefix : activityKeys.fromTime(criteria.from);
    const to = headInQuery
      ? activityKeys.timelineTop
      : criteria.to === undefined
        ? `${activityKeys.prefix}${KEY_END}`
        : activityKeys.beforeTime(criteria.to);
    const names: Record<string, string> = { '#pk': 'pk', '#sk': 'sk' };
    const values: Record<string, unknown> = { ':pk': pk, ':from': from, ':to': to };
    let filter: string | undefined;
    if (criteria.type) {
      Object.assign(names, { '#type': 'type' });
      Object.assign(values, { ':type': criteria.type });
      filter = '#type = :type';
      if (headInQuery) {
        // The head items must pass the filter too (a FilterExpression cannot name the sort key). Only then:
        // DynamoDB refuses unused names and values (a 500 with `type` and `to`, found by test/e2e/fuzz.e2e.test.ts).
        Object.assign(names, { '#entity': 'entity' });
        // (The customer item's marker is spelled here: its entity module would bring the customers feature's name
        // index code, and with it pinyin, into this function.)
        Object.assign(values, { ':customer': 'Customer', ':directory': contactDirectoryEntity.name });
        filter = '#type = :type OR #entity IN (:customer, :directory)';
      }
    }
    const query = this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ...(filter ? { FilterExpression: filter } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        ConsistentRead: true,
        // The customer and the directory (first page only) and one look-ahead item, so the last page says so.
        Limit: page.limit + (headInQuery ? 3 : 1),
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    const head = headInQuery
      ? undefined
      : transactGet(this.client, this.tableName, [customerKeys.item(customerId), contactDirectoryEntity.keyOf(customerId)]);
    const [result, separate] = await Promise.all([query, head]);
    const items = result.Items ?? [];
    const customerItem = separate ? separate[0] : items.find((item) => item.sk === activityKeys.timelineTop);
    const directoryItem = separate ? separate[1] : items.find((item) => item.sk === contactDirectoryEntity.sortKey);
    const activities = items.filter((item) => typeof item.sk === 'string' && item.sk.startsWith(activityKeys.prefix));
    const kept = activities.slice(0, page.limit);
    const last = kept.at(-1);
    const evaluated = result.LastEvaluatedKey as PageKey | undefined;
    const lastKey =
      activities.length > page.limit && last
        ? { pk, sk: last.sk as string }
        : evaluated && typeof evaluated.sk === 'string' && evaluated.sk.startsWith(activityKeys.prefix)
          ? { pk, sk: evaluated.sk }
          : undefined;
    return {
      customer: customerHeadOf(customerItem),
      directory: contactDirectoryEntity.fromItem(directoryItem),
      items: kept.map(activityEntity.fromItem),
      ...(lastKey ? { lastKey } : {}),
    };
  }

  async update(
    customerId: string,
    activityId: string,
    options: ActivityUpdate,
  ): Promise<void> {
    const { before, after } = options.followUp;
    const { set, remove } = fieldUpdatesOf(options.changes);
    set.updatedAt = options.actor.at;
    set.updatedBy = options.actor.username;
    const delta = (after ? 1 : 0) - (before ? 1 : 0);
    // A follow-up put is held to the owner read: its assignee was chosen from it, and a transfer moves follow-ups.
    const ownerHeld = after && options.expectedOwnerId !== undefined ? [equals('ownerId', options.expectedOwnerId)] : [];
    const limit = delta > 0 ? [belowLimit('openFollowUpCount', CUSTOMER_RECORD_LIMITS.openFollowUpsPerCustomer)] : [];
    // `options.before` is the activity at `expectedVersion` (the use case read it), which the update is conditional
    // on, so the audit entry's diff is exact.
    const updated = afterChanges(options.before, options.changes, options.actor);
    const sent = [
      part(
        'activity',
        conditionalUpdate(
          this.tableName,
          activityKeys.item(customerId, activityId),
          buildUpdateExpression({ set, remove, increment: { version: 1 } }),
          versionCondition(options.expectedVersion),
        ),
      ),
      part(
        'customer',
        customerGuardItem(this.tableName, options.guard, { ...(delta === 0 ? {} : { add: { openFollowUpCount: delta } }), conditions: [...limit, ...ownerHeld] }),
      ),
      ...(after
        ? [part('followUp', { Put: { TableName: this.tableName, Item: followUpEntity.toItem(after) } })]
        : before
          ? [part('followUp', { Delete: { TableName: this.tableName, Key: followUpKeys.item(customerId, activityId) } })]
          : []),
      ...(before || after
        ? parts('reminder', reminderChange(this.tableName, before ? followUpReminderPlace(before) : undefined, followUpReminderOf(after, options.actor.at)))
        : []),
      ...(options.checkContactId ? [part('contact', contactCheck(this.tableName, customerId, options.checkContactId))] : []),
      ...participantChecks(this.tableName, customerId, options.participantContactChecks, options.checkContactId),
      part('audit', activityAuditPut(this.tableName, updated, options.actor, 'update', changesBetween(options.before, updated))),
    ];

    const refused = await transactParts(this.client, sent);
    if (!refused) return;
    const customerFailed = refused.has('customer');
    const head = customerHeadOf(refused.old('customer'));
    if (customerFailed) {
      const refusal = customerRefusalOf(options.guard, refused.old('customer'));
      if (refusal) throw refusal;
    }
    if (refused.has('activity')) throw activityRefusal(activityId, refused.old('activity'));
    if (refused.has('contact')) throw noSuchContact();
    const participants = noSuchParticipants(refused.labels);
    if (participants) throw participants;
    if (customerFailed && ownerHeld.length > 0 && head?.ownerId !== options.expectedOwnerId) {
      throw new DomainError(ErrorCode.ConcurrentChange, `Customer ${customerId} was transferred meanwhile; retry.`, { retryAfterSeconds: 1 });
    }
    if (customerFailed && delta > 0) throw followUpLimit();
    // Unexplained: the cancellation as it came (a conflict or throttling reason beside it still maps to 409 / 503).
    throw refused.error;
  }

  async remove(
    activity: StoredActivity,
    options: { guard: CustomerGuard; expectedVersion: number; actor: Actor; openFollowUp?: FollowUp | undefined },
  ): Promise<void> {
    const { customerId, id } = activity;
    const condition = versionCondition(options.expectedVersion);
    const refused = await transactParts(this.client, [
      part('activity', {
        Delete: {
          TableName: this.tableName,
          Key: activityKeys.item(customerId, id),
          ConditionExpression: condition.ConditionExpression,
          ExpressionAttributeNames: condition.names,
          ExpressionAttributeValues: condition.values,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      }),
      part('removed', {
        Put: {
          TableName: this.tableName,
          Item: removedActivityEntity.toItem({ ...activity, deletedAt: options.actor.at, deletedBy: options.actor.username }),
        },
      }),
      part('customer', customerGuardItem(this.tableName, options.guard, options.openFollowUp ? { add: { openFollowUpCount: -1 } } : {})),
      ...(options.openFollowUp
        ? [
            part('followUp', { Delete: { TableName: this.tableName, Key: followUpKeys.item(customerId, id) } }),
            part('reminder', reminderDelete(this.tableName, followUpReminderPlace(options.openFollowUp))),
          ]
        : []),
      // The audit entry goes last: a soft delete, so the removed record keeps the activity's version.
      part('audit', activityAuditPut(this.tableName, activity, options.actor, 'delete', [{ field: 'deletedAt', new: options.actor.at }])),
    ]);
    if (!refused) return;
    const refusal = refused.has('customer') ? customerRefusalOf(options.guard, refused.old('customer')) : undefined;
    if (refusal) throw refusal;
    if (refused.has('activity')) throw activityRefusal(id, refused.old('activity'));
    throw refused.error;
  }

  async listFollowUps(assigneeId: string, criteria: { dueBefore?: string | undefined }, page: { limit: number; startKey?: PageKey | undefined }) {
    const index = followUpList;
    const partition = index.pk(assigneeId);
    if (page.startKey && page.startKey[index.pkAttribute] !== partition) {
      throw new DomainError(ErrorCode.InvalidCursor, 'The cursor is not valid for this query.');
    }
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.index,
        KeyConditionExpression: criteria.dueBefore ? '#pk = :pk AND #sk < :dueBefore' : '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.pkAttribute, ...(criteria.dueBefore ? { '#sk': index.skAttribute } : {}) },
        ExpressionAttributeValues: { ':pk': partition, ...(criteria.dueBefore ? { ':dueBefore': criteria.dueBefore } : {}) },
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map(followUpEntity.fromItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }
}
