import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { followUpEntity, followUpList } from '#functions/activities/follow-up.entity';
import { contactEntity } from '#functions/contacts/contact.entity';
import { customerHeadOf } from '#shared/customer-records/customer-head';
import { contactKeys, followUpKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { opportunityEntity } from '#functions/opportunities/opportunity/opportunity.entity';
import { planStepEntity } from '#functions/opportunities/plan-steps/plan-step.entity';
import { part, transactParts } from '#shared/db/transactions';
import { isConditionalCheckFailed } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, plainUpdate, type UpdatePlan } from '#shared/db/update-expression';
import { DEFAULT_PREFERENCES, type Notification, type NotificationPreferences } from '#shared/notifications/notification';
import { notificationEntity, preferencesEntity } from '#shared/notifications/notification.entity';
import { notificationKeys } from '#shared/notifications/notification.keys';
import type { Reminder } from '#shared/reminders/reminder';
import { reminderEntity } from '#shared/reminders/reminder.entity';
import { reminderKeys } from '#shared/reminders/reminder.keys';
import { reminderPut } from '#shared/reminders/reminder.writes';
import type { DictionaryEntry } from '#shared/dictionary/dictionary';
import { readDictionary } from '#shared/dictionary/dictionary-lists.repository';
import type { NoContactCustomer } from '#shared/reminders/no-contact-reminder';
import type { PlanStepTarget, ReminderJobStore } from './reminders.ports';

/** The reminder job's reads and writes on the single table (docs/data-model.md, "Reminders and notifications"). */
export class DynamoDbReminderJobStore implements ReminderJobStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async checkpoint(): Promise<string | undefined> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: notificationKeys.checkpoint, ConsistentRead: true }));
    return typeof item?.coveredTo === 'string' ? item.coveredTo : undefined;
  }

  async advanceCheckpoint(to: string): Promise<void> {
    try {
      await this.update(notificationKeys.checkpoint, { set: { coveredTo: to } }, {
        ConditionExpression: 'attribute_not_exists(#to) OR #to < :to',
        names: { '#to': 'coveredTo' },
        values: { ':to': to },
      });
    } catch (error) {
      // A concurrent run already covered further: nothing to do.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async *dueReminders(bucket: string, from: string, to: string): AsyncIterable<Reminder> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
          // `<remindAt>#<kind>#<id>`: every reminder at `to` sorts before `<to>#~`.
          ExpressionAttributeValues: { ':pk': reminderKeys.partition(bucket), ':from': from, ':to': `${to}#~` },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) yield reminderEntity.fromItem(item);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  async preferences(userId: string): Promise<NotificationPreferences> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: notificationKeys.preferences(userId) }));
    return item ? preferencesEntity.fromItem(item) : DEFAULT_PREFERENCES;
  }

  async deliver(reminder: Reminder, notification: Notification, next?: Reminder): Promise<boolean> {
    const refused = await transactParts(this.client, [
      part('reminder', {
        Delete: { TableName: this.tableName, Key: reminderEntity.keyOf(reminder), ConditionExpression: 'attribute_exists(pk)' },
      }),
      part('notification', { Put: { TableName: this.tableName, Item: notificationEntity.toItem(notification), ConditionExpression: 'attribute_not_exists(pk)' } }),
      part('counter', plainUpdate(this.tableName, notificationKeys.counter(notification.userId), { add: { unread: 1 } })),
      // A yearly reminder's next occurrence: at a key of its own, so a re-run that finds this one gone writes it never again.
      ...(next ? [part('next', reminderPut(this.tableName, next))] : []),
    ]);
    if (!refused) return true;
    if (refused.has('reminder')) return false;
    throw refused.error;
  }

  async withdraw(reminder: Reminder, next?: Reminder): Promise<void> {
    if (next) {
      const refused = await transactParts(this.client, [
        part('reminder', { Delete: { TableName: this.tableName, Key: reminderEntity.keyOf(reminder), ConditionExpression: 'attribute_exists(pk)' } }),
        part('next', reminderPut(this.tableName, next)),
      ]);
      // Refused on the reminder: moved or delivered by a concurrent run meanwhile, nothing to do.
      if (refused && !refused.has('reminder')) throw refused.error;
      return;
    }
    try {
      await this.client.send(
        new DeleteCommand({ TableName: this.tableName, Key: reminderEntity.keyOf(reminder), ConditionExpression: 'attribute_exists(pk)' }),
      );
    } catch (error) {
      // Delivered or withdrawn by a concurrent run meanwhile: nothing to do.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async noContactCustomer(customerId: string): Promise<NoContactCustomer | undefined> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: customerKeys.item(customerId), ConsistentRead: true }));
    const head = customerHeadOf(item);
    if (!item || !head) return undefined;
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    return {
      id: customerId,
      name: text(item.name),
      level: text(item.level),
      ownerId: head.ownerId,
      archived: head.deletedAt !== undefined,
      createdAt: text(item.createdAt),
      lastContactAt: head.lastContactAt,
    };
  }

  private rules: Promise<Map<string, DictionaryEntry>> | undefined;

  async careRules() {
    // Once per store, i.e. per run (functions/jobs/reminders.container.ts builds one per invocation).
    this.rules ??= readDictionary(this.client, this.tableName, 'care-rules').then(
      (snapshot) => new Map((snapshot.lists.get('care-rules')?.entries ?? []).map((entry) => [entry.code, entry])),
    );
    return this.rules;
  }

  async followUp(customerId: string, activityId: string) {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: followUpKeys.item(customerId, activityId), ConsistentRead: true }));
    if (!item) return undefined;
    const followUp = followUpEntity.fromItem(item);
    return { assigneeId: followUp.assigneeId, dueAt: followUp.dueAt, onList: item[followUpList.pkAttribute] !== undefined };
  }

  async careTarget(customerId: string, contactId: string) {
    const [customer, contact] = await Promise.all([
      this.client.send(new GetCommand({ TableName: this.tableName, Key: customerKeys.item(customerId), ConsistentRead: true })),
      this.client.send(new GetCommand({ TableName: this.tableName, Key: contactKeys.item(customerId, contactId), ConsistentRead: true })),
    ]);
    const head = customerHeadOf(customer.Item);
    return {
      ownerId: head?.ownerId,
      archived: head?.deletedAt !== undefined,
      contact: contact.Item ? contactEntity.fromItem(contact.Item) : undefined,
    };
  }

  async planStep(opportunityId: string, stepId: string): Promise<PlanStepTarget> {
    const [header, step] = await Promise.all([
      this.client.send(new GetCommand({ TableName: this.tableName, Key: opportunityKeys.item(opportunityId), ConsistentRead: true })),
      this.client.send(new GetCommand({ TableName: this.tableName, Key: opportunityKeys.step(opportunityId, stepId), ConsistentRead: true })),
    ]);
    const opportunity = header.Item ? opportunityEntity.fromItem(header.Item) : undefined;
    const stored = step.Item ? planStepEntity.fromItem(step.Item) : undefined;
    return {
      status: opportunity?.status,
      assigneeId: opportunity?.assigneeId,
      step: stored ? { remindAt: stored.remindAt, result: stored.result } : undefined,
    };
  }

  async customerOwner(customerId: string) {
    const customer = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: customerKeys.item(customerId),
        ConsistentRead: true,
        ProjectionExpression: '#ownerId, #deletedAt',
        ExpressionAttributeNames: { '#ownerId': 'ownerId', '#deletedAt': 'deletedAt' },
      }),
    );
    return customer.Item && customer.Item.deletedAt === undefined && typeof customer.Item.ownerId === 'string' ? customer.Item.ownerId : undefined;
  }

  async pendingMail(at: string, limit: number): Promise<Notification[]> {
    const index = notificationKeys.pendingMail;
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk AND #sk <= :at',
        ExpressionAttributeNames: { '#pk': index.pkAttribute, '#sk': index.skAttribute },
        ExpressionAttributeValues: { ':pk': index.pk(), ':at': `${at}#~` },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map(notificationEntity.fromItem);
  }

  async claimMail(notification: Notification): Promise<boolean> {
    const index = notificationKeys.pendingMail;
    try {
      await this.update(
        notificationEntity.keyOf(notification),
        { set: { mailStatus: 'sending' }, remove: [index.pkAttribute, index.skAttribute] },
        { ConditionExpression: '#status = :pending', names: { '#status': 'mailStatus' }, values: { ':pending': 'pending' } },
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async recordMail(notification: Notification, outcome: { status: 'sent' | 'failed' | 'skipped'; at: string; error?: string }): Promise<void> {
    await this.update(
      notificationEntity.keyOf(notification),
      { set: { mailStatus: outcome.status, mailedAt: outcome.at, ...(outcome.error ? { mailError: outcome.error.slice(0, 300) } : {}) } },
      { ConditionExpression: '#status = :sending', names: { '#status': 'mailStatus' }, values: { ':sending': 'sending' } },
    );
  }

  /** One conditional UpdateItem built from a plan (shared/db/update-expression.ts). */
  private async update(key: Record<string, string>, plan: UpdatePlan, condition: { ConditionExpression: string; names: Record<string, string>; values: Record<string, unknown> }) {
    const { Update: update } = conditionalUpdate(this.tableName, key, buildUpdateExpression(plan), condition);
    const { ReturnValuesOnConditionCheckFailure: _unused, ...input } = update;
    await this.client.send(new UpdateCommand(input));
  }
}
