import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CustomerGuard } from '#shared/customer-records/customer-head';
import { changesBetween, type AuditEvent } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { auditPut } from '#shared/audit/audit.writes';
import { contactKeys, CUSTOMER_RECORD_LIMITS } from '#shared/keys/contact-activity.keys';
import {
  afterChanges,
  belowLimit,
  customerGuardItem,
  customerHeadOf,
  customerRefusal,
  equals,
  failed,
  oldOf,
  replayIdempotent,
  transact,
  transactGet,
  updateExpressionOf,
  type CustomerItemChange,
  type Item,
  type TransactItem,
} from '#shared/customer-records/customer-records.writes';
import { idempotencyPut } from '#shared/idempotency/idempotency.writes';
import { fieldUpdatesOf } from '#shared/db/update-expression';
import { customerKeys } from '#shared/keys/customer.keys';
import type { ContactDirectoryEntry } from '#shared/customer-records/contact-directory';
import type {
  Actor,
  ContactChanges,
  ContactRepository,
  CreateContactOutcome,
  IdempotencyClaim,
  PageKey,
  PrimaryChange,
} from './contact.ports';
import { CONTACT_FIELDS, type Contact, type StoredContact } from './contact.schema';

/** Only the declared fields leave the repository: no pk/sk/entity can reach a response. */
export const fromContactItem = (item: Item): StoredContact =>
  Object.fromEntries(CONTACT_FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]])) as StoredContact;

export const toContactItem = (contact: StoredContact): Item => ({
  ...contactKeys.item(contact.customerId, contact.id),
  entity: 'Contact',
  ...contact,
});

const directoryUpdate = (tableName: string, customerId: string, contactId: string, entry: ContactDirectoryEntry): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: contactKeys.directory(customerId),
    UpdateExpression: 'SET #entity = :entity, #entry = :entry',
    ExpressionAttributeNames: { '#entity': 'entity', '#entry': contactId },
    ExpressionAttributeValues: { ':entity': 'ContactDirectory', ':entry': entry },
  },
});

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

const primaryChangeOf = (contactId: string, primary: PrimaryChange): CustomerItemChange => {
  if (primary === 'set') return { set: { primaryContactId: contactId } };
  if (primary === 'clear') return { remove: ['primaryContactId'], conditions: [equals('primaryContactId', contactId)] };
  return {};
};

/** audit: an entry of a contact write, filed under its customer too (the customer history shows it). */
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

const merge = (...changes: CustomerItemChange[]): CustomerItemChange => ({
  set: Object.assign({}, ...changes.map((change) => change.set ?? {})),
  remove: changes.flatMap((change) => change.remove ?? []),
  add: Object.assign({}, ...changes.map((change) => change.add ?? {})),
  conditions: changes.flatMap((change) => change.conditions ?? []),
});

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
    const items: TransactItem[] = [
      { Put: { TableName: this.tableName, Item: toContactItem(contact), ConditionExpression: 'attribute_not_exists(pk)' } },
      customerGuardItem(
        this.tableName,
        guard,
        merge(
          { add: { contactCount: 1 }, conditions: [belowLimit('contactCount', CUSTOMER_RECORD_LIMITS.contactsPerCustomer)] },
          primaryChangeOf(contact.id, options.makePrimary ? 'set' : 'keep'),
        ),
      ),
      directoryUpdate(this.tableName, contact.customerId, contact.id, { name: contact.name }),
      ...(idempotency ? [idempotencyPut(this.tableName, idempotency, options.response)] : []),
      // audit (last): an idempotent replay cancels this transaction, so it never writes a second entry.
      contactAuditPut(this.tableName, contact, { username: contact.createdBy, at: contact.createdAt }, 'create', changesBetween(undefined, options.response)),
    ];
    const reasons = await transact(this.client, items);
    if (!reasons) return { kind: 'created', contact: options.response };
    if (idempotency && failed(reasons, 3)) {
      return { kind: 'replayed', contact: await replayIdempotent<Contact>(this.client, this.tableName, idempotency) };
    }
    if (failed(reasons, 1)) throw customerRefusal(guard, customerHeadOf(oldOf(reasons, 1))) ?? limitReached();
    throw new Error('contact create cancelled for an unexpected reason');
  }

  async get(customerId: string, contactId: string) {
    const [customer, contact] = await transactGet(this.client, this.tableName, [
      customerKeys.item(customerId),
      contactKeys.item(customerId, contactId),
    ]);
    return { customer: customerHeadOf(customer), contact: contact ? fromContactItem(contact) : undefined };
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
    return { customer: customerHeadOf(customerItem), items: kept.map(fromContactItem), ...(lastKey ? { lastKey } : {}) };
  }

  async update(
    customerId: string,
    contactId: string,
    options: {
      guard: CustomerGuard;
      expectedVersion: number;
      changes: ContactChanges;
      primary: PrimaryChange;
      rename?: string | undefined;
      actor: Actor;
      before: Contact;
    },
  ): Promise<void> {
    const { set, remove } = fieldUpdatesOf(options.changes);
    set.updatedAt = options.actor.at;
    set.updatedBy = options.actor.username;
    const expression = updateExpressionOf({ set, remove, increment: { version: 1 } }, 'u');
    const contactUpdate: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: contactKeys.item(customerId, contactId),
        UpdateExpression: expression.UpdateExpression,
        ConditionExpression: 'attribute_exists(#pk) AND #version = :expectedVersion',
        ExpressionAttributeNames: { ...expression.names, '#pk': 'pk', '#version': 'version' },
        ExpressionAttributeValues: { ...expression.values, ':expectedVersion': options.expectedVersion },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
    // audit: `before` is the contact at `expectedVersion` (the use case read it), which the update is conditional on.
    const after = afterChanges(options.before, options.changes, options.actor);
    const attempt = (primary: PrimaryChange) =>
      transact(this.client, [
        contactUpdate,
        customerGuardItem(this.tableName, options.guard, primaryChangeOf(contactId, primary)),
        ...(options.rename === undefined ? [] : [directoryUpdate(this.tableName, customerId, contactId, { name: options.rename })]),
        contactAuditPut(
          this.tableName,
          after,
          options.actor,
          'update',
          changesBetween(options.before, { ...after, isPrimary: primary === 'set' ? true : primary === 'clear' ? false : options.before.isPrimary }),
        ),
      ]);
    let reasons = await attempt(options.primary);
    // `clear` found the pointer already elsewhere (someone made another contact primary meanwhile): the wanted end
    // state — this contact is not primary — already holds, so write the other changes without touching it.
    if (reasons && options.primary === 'clear' && failed(reasons, 1) && !failed(reasons, 0)) {
      const refusal = customerRefusal(options.guard, customerHeadOf(oldOf(reasons, 1)));
      if (refusal) throw refusal;
      reasons = await attempt('keep');
    }
    if (!reasons) return;
    if (failed(reasons, 1)) {
      const refusal = customerRefusal(options.guard, customerHeadOf(oldOf(reasons, 1)));
      if (refusal) throw refusal;
    }
    if (failed(reasons, 0)) throw contactRefusal(contactId, oldOf(reasons, 0));
    throw new Error('contact update cancelled for an unexpected reason');
  }

  async remove(contact: StoredContact, options: { guard: CustomerGuard; expectedVersion: number; wasPrimary: boolean; actor: Actor }): Promise<void> {
    const { customerId, id } = contact;
    const attempt = (clearPrimary: boolean) =>
      transact(this.client, [
        {
          Delete: {
            TableName: this.tableName,
            Key: contactKeys.item(customerId, id),
            ConditionExpression: 'attribute_exists(#pk) AND #version = :expectedVersion',
            ExpressionAttributeNames: { '#pk': 'pk', '#version': 'version' },
            ExpressionAttributeValues: { ':expectedVersion': options.expectedVersion },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...contactKeys.removed(customerId, id),
              entity: 'RemovedContact',
              ...contact,
              deletedAt: options.actor.at,
              deletedBy: options.actor.username,
            },
          },
        },
        customerGuardItem(this.tableName, options.guard, merge({ add: { contactCount: -1 } }, primaryChangeOf(id, clearPrimary ? 'clear' : 'keep'))),
        directoryUpdate(this.tableName, customerId, id, { name: contact.name, removedAt: options.actor.at }),
        // audit (last): a soft delete — the removed record keeps the contact's version.
        contactAuditPut(this.tableName, contact, options.actor, 'delete', [{ field: 'deletedAt', new: options.actor.at }]),
      ]);
    let reasons = await attempt(options.wasPrimary);
    if (reasons && options.wasPrimary && failed(reasons, 2) && !failed(reasons, 0)) {
      const refusal = customerRefusal(options.guard, customerHeadOf(oldOf(reasons, 2)));
      if (refusal) throw refusal;
      reasons = await attempt(false);
    }
    if (!reasons) return;
    if (failed(reasons, 2)) {
      const refusal = customerRefusal(options.guard, customerHeadOf(oldOf(reasons, 2)));
      if (refusal) throw refusal;
    }
    if (failed(reasons, 0)) throw contactRefusal(id, oldOf(reasons, 0));
    throw new Error('contact removal cancelled for an unexpected reason');
  }
}
