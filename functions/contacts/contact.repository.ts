import { GetCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { SyncWindow } from '#shared/customer-records/delta-sync';
import { customerHeadOf, type CustomerGuard } from '#shared/customer-records/customer-head';
import { contactDirectoryEntity } from '#shared/customer-records/contact-directory.entity';
import { changesBetween, type AuditEvent } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { auditPut } from '#shared/audit/audit.writes';
import { contactKeys, CUSTOMER_RECORD_LIMITS } from '#shared/keys/contact-activity.keys';
import {
  afterChanges,
  belowLimit,
  customerGuardItem,
  customerRefusalOf,
  equals,
  mergeChanges,
  transactGet,
  type CustomerItemChange,
} from '#shared/customer-records/customer-records.writes';
import { idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import type { Item } from '#shared/db/item';
import { part, parts, transactParts, type RefusedParts, type TransactionPart } from '#shared/db/transactions';
import { customerTouch, transactTouching } from '#shared/customer-records/customer-touch';
import { buildUpdateExpression, conditionalUpdate, fieldUpdatesOf } from '#shared/db/update-expression';
import { customerKeys } from '#shared/keys/customer.keys';
import { careReminderParts } from '#shared/reminders/care-reminder.writes';
import { reminderPut } from '#shared/reminders/reminder.writes';
import { contactSearchTermParts } from '#shared/search/search-terms.writes';
import { ownerFeedAttributesOf, withFeedOwner } from '#shared/customer-records/owner-feed';
import { recordTombstonePut } from '#shared/customer-records/record-tombstone.entity';
import type {
  Actor,
  ContactUpdate,
  ContactRepository,
  CreateContactOutcome,
  IdempotencyClaim,
  PageKey,
  PrimaryChange,
} from './contact.ports';
import type { Contact, StoredContact } from './contact.schema';
import { contactEntity, removedContactEntity } from './contact.entity';

const contactNotFound = (contactId: string): DomainError =>
  new DomainError(ErrorCode.ContactNotFound, `Contact ${contactId} does not exist at this customer.`);

/** Why the contact's own condition failed (the customer's guard is judged first, by the caller). */
const contactRefusal = (contactId: string, old: Item | undefined): DomainError =>
  old
    ? new DomainError(
        ErrorCode.VersionConflict,
        `Contact ${contactId} has changed since you read it (now version ${String(old.version)}); read it again.`,
      )
    : contactNotFound(contactId);

const limitReached = (): DomainError =>
  new DomainError(
    ErrorCode.LimitReached,
    `A customer has at most ${CUSTOMER_RECORD_LIMITS.contactsPerCustomer} contacts; remove one before adding another.`,
  );

/**
 * The primary pointer on the customer item; moving it is a change of the customer, so it also moves the customer's
 * `updatedAt` to `at` (forward only, never its version: shared/customer-records/customer-touch.ts) for the delta feed.
 */
const primaryChangeOf = (customerId: string, contactId: string, primary: PrimaryChange, at: string): CustomerItemChange => {
  if (primary === 'set') return mergeChanges({ set: { primaryContactId: contactId } }, customerTouch(customerId, at));
  if (primary === 'clear') return mergeChanges({ remove: ['primaryContactId'], conditions: [equals('primaryContactId', contactId)] }, customerTouch(customerId, at));
  return {};
};

/** Sends a contact write; a write that moves the primary pointer stamps the customer, forward only (retried later). */
const sendContactWrite = (
  client: DynamoDBDocumentClient,
  build: (at: string) => readonly TransactionPart[],
  at: string,
  touches: boolean,
): Promise<RefusedParts<string> | undefined> => (touches ? transactTouching(client, build, at, 'customer') : transactParts(client, build(at)));

/** The audit entry of a contact write, filed under its customer too (the customer history shows it). */
const contactAuditPut = (
  tableName: string,
  contact: { id: string; customerId: string; version: number },
  actor: Actor,
  action: AuditEvent['action'],
  changes: AuditEvent['changes'],
) =>
  auditPut(tableName, {
    at: actor.at,
    actor: actor.username,
    action,
    entityType: 'contact',
    entityId: contact.id,
    customerId: contact.customerId,
    entityVersion: contact.version,
    changes,
  });

/** Attempts of a create whose idempotency record vanished (expired and swept) between its refusal and the replay. */
const CREATE_ATTEMPTS = 3;

/**
 * Why a write whose customer part or contact part refused was refused: the customer first (scope before anything
 * else), then the contact's version or existence.
 */
const refusalOf = (refused: RefusedParts<string>, guard: CustomerGuard, contactId: string): DomainError | undefined =>
  (refused.has('customer') ? customerRefusalOf(guard, refused.old('customer')) : undefined) ??
  (refused.has('contact') ? contactRefusal(contactId, refused.old('contact')) : undefined);

export class DynamoDbContactRepository implements ContactRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(
    contact: StoredContact,
    options: { guard: CustomerGuard; makePrimary: boolean; response: Contact; idempotency?: IdempotencyClaim | undefined },
  ): Promise<CreateContactOutcome> {
    const { guard, idempotency } = options;
    const build = (ownerId: string) => (at: string) => [
      part('contact', {
        Put: {
          TableName: this.tableName,
          // In its owner's contacts feed and everyone's (shared/customer-records/owner-feed.ts).
          Item: { ...contactEntity.toItem(contact), ...ownerFeedAttributesOf('contact', ownerId, contact.id, contact.updatedAt) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }),
      part(
        'customer',
        customerGuardItem(
          this.tableName,
          guard,
          mergeChanges(
            { add: { contactCount: 1 }, conditions: [belowLimit('contactCount', CUSTOMER_RECORD_LIMITS.contactsPerCustomer), equals('ownerId', ownerId)] },
            primaryChangeOf(contact.customerId, contact.id, options.makePrimary ? 'set' : 'keep', at),
          ),
        ),
      ),
      part('directory', contactDirectoryEntity.entryUpdate(this.tableName, contact.customerId, contact.id, { name: contact.name })),
      // Its phone numbers and e-mail in the search index (caller ID), in the same transaction.
      ...parts('search', contactSearchTermParts(this.tableName, undefined, contact)),
      // The reminders of its special days (shared/reminders/care-reminder.ts), in the same transaction.
      ...parts('reminder', careReminderParts(this.tableName, undefined, contact, contact.createdAt, ownerId)),
      ...(idempotency ? [part('idempotency', idempotencyPut(this.tableName, idempotency, options.response))] : []),
      // The audit entry goes last: an idempotent replay cancels this transaction, so it never writes a second entry.
      part('audit', contactAuditPut(this.tableName, contact, { username: contact.createdBy, at: contact.createdAt }, 'create', changesBetween(undefined, options.response))),
    ];
    // The owner the contact is filed under in the feed: read here, held in the transaction (a transfer refuses it).
    const ownerId = await this.ownerOf(contact.customerId);
    for (let attempt = 1; attempt <= CREATE_ATTEMPTS; attempt += 1) {
      const refused = await withFeedOwner(ownerId, guard, (owner) => sendContactWrite(this.client, build(owner), contact.createdAt, options.makePrimary));
      if (!refused) return { kind: 'created', contact: options.response };
      if (idempotency && refused.has('idempotency')) {
        const first = await replayAfterRefusal<Contact>(this.client, this.tableName, idempotency);
        if (first) return { kind: 'replayed', contact: first };
        continue;
      }
      if (refused.has('customer')) throw customerRefusalOf(guard, refused.old('customer')) ?? limitReached();
      break;
    }
    throw new Error('contact create cancelled for an unexpected reason');
  }

  /** The customer's owner (one consistent GetItem); '' when there is no customer (the guard then refuses: 404). */
  private async ownerOf(customerId: string): Promise<string> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: customerKeys.item(customerId), ProjectionExpression: 'ownerId', ConsistentRead: true }),
    );
    return typeof Item?.ownerId === 'string' ? Item.ownerId : '';
  }

  async get(customerId: string, contactId: string) {
    const [customer, contact] = await transactGet(this.client, this.tableName, [
      customerKeys.item(customerId),
      contactKeys.item(customerId, contactId),
    ]);
    return { customer: customerHeadOf(customer), contact: contact ? contactEntity.fromItem(contact) : undefined };
  }

  /**
   * A first page is ONE Query, read forwards from the customer item: the customer (for the scope check and the
   * primary pointer), then the contacts. A later page starts after its cursor, past the customer item, so the
   * customer is read beside it (consistent GetItem, in parallel).
   */
  async list(customerId: string, page: { limit: number; startKey?: PageKey | undefined }) {
    const pk = customerKeys.item(customerId).pk;
    const startKey = page.startKey;
    if (startKey && (startKey.pk !== pk || typeof startKey.sk !== 'string' || !startKey.sk.startsWith(contactKeys.prefix))) {
      throw new DomainError(ErrorCode.InvalidCursor, 'The cursor is not valid for this query.');
    }
    const query = this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':pk': pk, ':from': startKey ? contactKeys.prefix : contactKeys.listRange.from, ':to': contactKeys.listRange.to },
        ConsistentRead: true,
        // The customer item (first page only) and one look-ahead item, so `nextCursor` is null on the last page.
        Limit: page.limit + (startKey ? 1 : 2),
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    const customerRead = startKey
      ? this.client.send(new GetCommand({ TableName: this.tableName, Key: customerKeys.item(customerId), ConsistentRead: true }))
      : undefined;
    const [result, separate] = await Promise.all([query, customerRead]);
    const items = result.Items ?? [];
    const customerItem = separate ? separate.Item : items.find((item) => item.sk === contactKeys.listRange.from);
    const contacts = items.filter((item) => typeof item.sk === 'string' && item.sk.startsWith(contactKeys.prefix));
    const kept = contacts.slice(0, page.limit);
    const last = kept.at(-1);
    const lastKey =
      contacts.length > page.limit && last
        ? { pk, sk: last.sk as string }
        : result.LastEvaluatedKey && last
          ? { pk, sk: last.sk as string }
          : undefined;
    return { customer: customerHeadOf(customerItem), items: kept.map(contactEntity.fromItem), ...(lastKey ? { lastKey } : {}) };
  }

  /**
   * The customer's contacts feed: the head range (the customer and its ≤ 50 live contacts, one consistent Query,
   * filtered here by `updatedAt`) and the deleted contacts' copies deleted in the window (a Query of
   * `REMOVED#CONTACT#`, filtered by `deletedAt`; paged to the end), in parallel. Cost ∝ the customer's contacts.
   */
  async feed(customerId: string, window: SyncWindow) {
    const pk = customerKeys.item(customerId).pk;
    const head = this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':pk': pk, ':from': contactKeys.listRange.from, ':to': contactKeys.listRange.to },
        ConsistentRead: true,
      }),
    );
    const readRemoved = async (): Promise<Item[]> => {
      const removed: Item[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page: QueryCommandOutput = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :removed)',
            FilterExpression: '#deletedAt >= :since AND #deletedAt < :until',
            ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#deletedAt': 'deletedAt' },
            ExpressionAttributeValues: { ':pk': pk, ':removed': contactKeys.removedPrefix, ':since': window.since, ':until': window.until },
            ConsistentRead: true,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        removed.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return removed;
    };
    const [result, removed] = await Promise.all([head, readRemoved()]);
    const items = result.Items ?? [];
    const changed = items
      .filter((item) => typeof item.sk === 'string' && item.sk.startsWith(contactKeys.prefix))
      .map(contactEntity.fromItem)
      .filter((contact) => contact.updatedAt >= window.since && contact.updatedAt < window.until);
    return {
      customer: customerHeadOf(items.find((item) => item.sk === contactKeys.listRange.from)),
      changed,
      deleted: removed.map(removedContactEntity.fromItem).map((contact) => ({ id: contact.id, deletedAt: contact.deletedAt })),
    };
  }

  async update(
    customerId: string,
    contactId: string,
    options: ContactUpdate,
  ): Promise<void> {
    const { set, remove } = fieldUpdatesOf(options.changes);
    set.updatedAt = options.actor.at;
    set.updatedBy = options.actor.username;
    // The contact moves to the head of its owner's feed and everyone's (shared/customer-records/owner-feed.ts).
    const contactUpdate = (ownerId: string) =>
      conditionalUpdate(
        this.tableName,
        contactKeys.item(customerId, contactId),
        buildUpdateExpression({ set: { ...set, ...ownerFeedAttributesOf('contact', ownerId, contactId, options.actor.at) }, remove, increment: { version: 1 } }),
        {
          ConditionExpression: 'attribute_exists(#pk) AND #version = :expectedVersion',
          names: { '#pk': 'pk', '#version': 'version' },
          values: { ':expectedVersion': options.expectedVersion },
        },
      );
    // `before` is the contact at `expectedVersion` (the use case read it), which the update is conditional on: the
    // audit entry's diff is exact.
    const after = afterChanges(options.before, options.changes, options.actor);
    const firstOwner = options.ownerId ?? (await this.ownerOf(customerId));
    const attempt = (primary: PrimaryChange) =>
      withFeedOwner(firstOwner, options.guard, (ownerId) => sendContactWrite(this.client, (at) => [
        part('contact', contactUpdate(ownerId)),
        part('customer', customerGuardItem(this.tableName, options.guard, mergeChanges(primaryChangeOf(customerId, contactId, primary, at), { conditions: [equals('ownerId', ownerId)] }))),
        ...(options.rename === undefined
          ? []
          : [part('directory', contactDirectoryEntity.entryUpdate(this.tableName, customerId, contactId, { name: options.rename }))]),
        // The contact update is conditional on the version `before` was read at: the terms' diff is exact.
        ...parts('search', contactSearchTermParts(this.tableName, options.before, after)),
        ...parts('reminder', careReminderParts(this.tableName, options.before, after, options.actor.at, ownerId)),
        ...(options.notify ? [part('notify', reminderPut(this.tableName, options.notify))] : []),
        part(
          'audit',
          contactAuditPut(
            this.tableName,
            after,
            options.actor,
            'update',
            changesBetween(options.before, { ...after, isPrimary: primary === 'set' ? true : primary === 'clear' ? false : options.before.isPrimary }),
          ),
        ),
      ], options.actor.at, primary !== 'keep'));
    let refused = await attempt(options.primary);
    // `clear` found the pointer already elsewhere (someone made another contact primary meanwhile): the wanted end
    // state — this contact is not primary — already holds, so write the other changes without touching it.
    if (refused && options.primary === 'clear' && refused.has('customer') && !refused.has('contact')) {
      const refusal = customerRefusalOf(options.guard, refused.old('customer'));
      if (refusal) throw refusal;
      refused = await attempt('keep');
    }
    if (!refused) return;
    throw refusalOf(refused, options.guard, contactId) ?? refused.error;
  }

  async remove(contact: StoredContact, options: { guard: CustomerGuard; expectedVersion: number; wasPrimary: boolean; ownerId?: string | undefined; actor: Actor }): Promise<void> {
    const { customerId, id } = contact;
    const firstOwner = options.ownerId ?? (await this.ownerOf(customerId));
    const attempt = (clearPrimary: boolean) =>
      withFeedOwner(firstOwner, options.guard, (ownerId) => sendContactWrite(this.client, (at) => [
        part('contact', {
          Delete: {
            TableName: this.tableName,
            Key: contactKeys.item(customerId, id),
            ConditionExpression: 'attribute_exists(#pk) AND #version = :expectedVersion',
            ExpressionAttributeNames: { '#pk': 'pk', '#version': 'version' },
            ExpressionAttributeValues: { ':expectedVersion': options.expectedVersion },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        }),
        part('removed', {
          Put: {
            TableName: this.tableName,
            Item: removedContactEntity.toItem({ ...contact, deletedAt: options.actor.at, deletedBy: options.actor.username }),
          },
        }),
        // Its tombstone in its owner's contacts feed and everyone's (shared/customer-records/record-tombstone.entity.ts).
        part('tombstone', recordTombstonePut(this.tableName, { kind: 'contact', id, customerId, deletedAt: options.actor.at, reason: 'deleted', ownerId })),
        part(
          'customer',
          customerGuardItem(
            this.tableName,
            options.guard,
            mergeChanges({ add: { contactCount: -1 }, conditions: [equals('ownerId', ownerId)] }, primaryChangeOf(customerId, id, clearPrimary ? 'clear' : 'keep', at)),
          ),
        ),
        part('directory', contactDirectoryEntity.entryUpdate(this.tableName, customerId, id, { name: contact.name, removedAt: options.actor.at })),
        // A removed contact leaves the search index (a restore would put its terms back).
        ...parts('search', contactSearchTermParts(this.tableName, contact, undefined)),
        ...parts('reminder', careReminderParts(this.tableName, contact, undefined, options.actor.at, ownerId)),
        // The audit entry goes last: a soft delete, so the removed record keeps the contact's version.
        part('audit', contactAuditPut(this.tableName, contact, options.actor, 'delete', [{ field: 'deletedAt', new: options.actor.at }])),
      ], options.actor.at, clearPrimary));
    let refused = await attempt(options.wasPrimary);
    if (refused && options.wasPrimary && refused.has('customer') && !refused.has('contact')) {
      const refusal = customerRefusalOf(options.guard, refused.old('customer'));
      if (refusal) throw refusal;
      refused = await attempt(false);
    }
    if (!refused) return;
    throw refusalOf(refused, options.guard, id) ?? refused.error;
  }
}
