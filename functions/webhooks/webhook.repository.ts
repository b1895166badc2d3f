import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changesBetween, type AuditAction } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { part, refusedParts, withConflictRetry, type TransactionPart } from '#shared/db/transactions';
import { fieldUpdatesOf, plainUpdate } from '#shared/db/update-expression';
import { idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import { webhookKeys } from '#shared/webhooks/webhook.keys';
import { webhookEntity, webhookHealthEntity, type WebhookHealth } from './webhook.entity';
import type { CreateWebhookOutcome, IdempotencyClaim, Page, PageKey, WebhookChange, WebhookRepository, WebhookWithSecret } from './webhook.ports';
import { publicWebhook, type StoredWebhook } from './webhook.schema';

type WebhookPart = 'webhook' | 'health' | 'idempotency' | 'audit';

const transact = async (client: DynamoDBDocumentClient, sent: TransactionPart<WebhookPart>[]) => {
  try {
    await withConflictRetry(() => client.send(new TransactWriteCommand({ TransactItems: sent.map((element) => element.item) })));
    return undefined;
  } catch (error) {
    const refused = refusedParts(error, sent);
    if (!refused) throw error;
    return { refused, error };
  }
};

/** Subscriptions change rarely: the dispatcher reads them all at most this often per container. */
const CACHE_MS = 10_000;
let cached: { at: number; table: string; webhooks: Promise<StoredWebhook[]> } | undefined;
/** Forgets the cached subscriptions (every write of this process does; other containers wait ≤ 10 s). */
export const forgetCachedWebhooks = (): void => {
  cached = undefined;
};

export class DynamoDbWebhookRepository implements WebhookRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private audit(webhook: StoredWebhook, action: AuditAction, before: StoredWebhook | undefined, after: StoredWebhook | undefined, actor: string, at: string, note?: string) {
    // The secrets never reach the audit trail (nor, through it, a domain event): changes of the public view only.
    return part(
      'audit' as const,
      auditPut(this.tableName, {
        at,
        actor,
        action,
        entityType: 'webhook',
        entityId: webhook.id,
        entityVersion: after?.version ?? webhook.version,
        changes: changesBetween(before && publicWebhook(before), after && publicWebhook(after)),
        ...(note ? { note } : {}),
      }),
    );
  }

  async create(webhook: StoredWebhook, answer: WebhookWithSecret, idempotency?: IdempotencyClaim): Promise<CreateWebhookOutcome> {
    forgetCachedWebhooks();
    const outcome = await transact(this.client, [
      part('webhook', { Put: { TableName: this.tableName, Item: webhookEntity.toItem(webhook), ConditionExpression: 'attribute_not_exists(pk)' } }),
      ...(idempotency ? [part('idempotency' as const, idempotencyPut(this.tableName, idempotency, answer))] : []),
      this.audit(webhook, 'create', undefined, webhook, webhook.createdBy, webhook.createdAt),
    ]);
    if (!outcome) return { kind: 'created', answer };
    if (idempotency && outcome.refused.has('idempotency')) {
      const replayed = await replayAfterRefusal<WebhookWithSecret>(this.client, this.tableName, idempotency);
      if (replayed) return { kind: 'replayed', answer: replayed };
      return this.create(webhook, answer, idempotency);
    }
    throw outcome.error;
  }

  async get(webhookId: string): Promise<StoredWebhook | undefined> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: webhookKeys.item(webhookId), ConsistentRead: true }));
    return item ? webhookEntity.fromItem(item) : undefined;
  }

  async save(previous: StoredWebhook, next: StoredWebhook, change: WebhookChange): Promise<void> {
    forgetCachedWebhooks();
    const outcome = await transact(this.client, [
      part('webhook', {
        Put: {
          TableName: this.tableName,
          Item: webhookEntity.toItem(next),
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': previous.version },
        },
      }),
      this.audit(next, change.action, previous, next, next.updatedBy, next.updatedAt, change.note),
    ]);
    if (!outcome) return;
    if (outcome.refused.has('webhook')) throw new DomainError(ErrorCode.VersionConflict, `Webhook ${previous.id} has changed since you read it; read it again.`);
    throw outcome.error;
  }

  async remove(previous: StoredWebhook, actor: string, at: string): Promise<void> {
    forgetCachedWebhooks();
    const outcome = await transact(this.client, [
      part('webhook', {
        Delete: {
          TableName: this.tableName,
          Key: webhookKeys.item(previous.id),
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': previous.version },
        },
      }),
      part('health', { Delete: { TableName: this.tableName, Key: webhookKeys.health(previous.id) } }),
      this.audit(previous, 'delete', previous, undefined, actor, at),
    ]);
    if (!outcome) return;
    if (outcome.refused.has('webhook')) throw new DomainError(ErrorCode.VersionConflict, `Webhook ${previous.id} has changed since you read it; read it again.`);
    throw outcome.error;
  }

  async recordAction(webhook: StoredWebhook, action: 'redeliver' | 'replay', actor: string, at: string, note: string): Promise<void> {
    const outcome = await transact(this.client, [this.audit(webhook, action, undefined, undefined, actor, at, note)]);
    if (outcome) throw outcome.error;
  }

  async list(page: { limit: number; startKey?: PageKey }): Promise<Page<StoredWebhook>> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: webhookKeys.all.index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': webhookKeys.all.pkAttribute },
        ExpressionAttributeValues: { ':pk': webhookKeys.all.pk() },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return { items: (answer.Items ?? []).map((item) => webhookEntity.fromItem(item)), ...(answer.LastEvaluatedKey ? { lastKey: answer.LastEvaluatedKey as PageKey } : {}) };
  }

  async all(): Promise<StoredWebhook[]> {
    if (cached && cached.table === this.tableName && Date.now() - cached.at < CACHE_MS) return cached.webhooks;
    const load = async () => {
      const webhooks: StoredWebhook[] = [];
      let startKey: PageKey | undefined;
      do {
        const page = await this.list({ limit: 100, ...(startKey ? { startKey } : {}) });
        webhooks.push(...page.items);
        startKey = page.lastKey;
      } while (startKey);
      return webhooks;
    };
    const webhooks = load();
    cached = { at: Date.now(), table: this.tableName, webhooks };
    webhooks.catch(() => forgetCachedWebhooks());
    return webhooks;
  }

  async health(webhookId: string): Promise<WebhookHealth | undefined> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: webhookKeys.health(webhookId), ConsistentRead: true }));
    return item ? webhookHealthEntity.fromItem(item) : undefined;
  }

  async recordOutcome(webhookId: string, outcome: { lastSuccessAt?: string; lastFailureAt?: string }): Promise<void> {
    const { set } = fieldUpdatesOf(outcome);
    if (Object.keys(set).length === 0) return;
    await this.client.send(
      new UpdateCommand(plainUpdate(this.tableName, webhookKeys.health(webhookId), { set: { entity: webhookHealthEntity.name, webhookId, ...set } }).Update),
    );
  }
}
