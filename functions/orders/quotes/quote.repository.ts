import { BatchGetCommand, GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changesBetween } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { part, transactParts, type TransactionPart } from '#shared/db/transactions';
import { idempotencyKeyReused, idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { quoteKeys } from '#shared/keys/quotes.keys';
import { DynamoDbOrderPlacement, type PlacementLabel } from '#functions/orders/order/order-placement.repository';
import type { OrderPlacement, Stale } from '#functions/orders/order/order.ports';
import { assertFitsOneTransaction } from '#functions/orders/order/order.rules';
import type { OrderDetail } from '#functions/orders/order/order.schema';
import { quoteEntity, uniqueQuoteNoEntity } from './quote.entity';
import type { CreateOutcome, Page, PageKey, QuoteReferences, QuoteRepository, QuoteWriteGuard } from './quote.ports';
import { quoteExpired, quoteNotFound } from './quote.rules';
import type { Quote } from './quote.schema';

type QuoteLabel = 'quote' | 'quoteNo' | 'idempotency' | 'audit';

/** The audit entry of a quote's change (creation, edit, or a move with its status change). */
const auditOf = (tableName: string, current: Quote | undefined, next: Quote) =>
  auditPut(tableName, {
    at: next.updatedAt,
    actor: next.updatedBy,
    action: current === undefined ? 'create' : current.status === next.status ? 'update' : 'transition',
    entityType: 'quote',
    entityId: next.id,
    customerId: next.customerId,
    entityVersion: next.version,
    changes: changesBetween(current, next),
  });

/** Quotations on DynamoDB: the quote item (header and lines), its number sentinel, and acceptance into an order. */
export class DynamoDbQuoteRepository implements QuoteRepository {
  private readonly placement: DynamoDbOrderPlacement;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.placement = new DynamoDbOrderPlacement(client, tableName);
  }

  async create(quote: Quote, idempotency?: IdempotencyClaim): Promise<CreateOutcome<Quote>> {
    const sent: TransactionPart<QuoteLabel>[] = [
      part('quote', { Put: { TableName: this.tableName, Item: quoteEntity.toItem(quote), ConditionExpression: 'attribute_not_exists(pk)' } }),
      part('quoteNo', {
        Put: { TableName: this.tableName, Item: uniqueQuoteNoEntity.toItem({ quoteNo: quote.quoteNo, quoteId: quote.id }), ConditionExpression: 'attribute_not_exists(pk)' },
      }),
      ...(idempotency ? [part('idempotency', idempotencyPut(this.tableName, idempotency, quote))] : []),
      part('audit', auditOf(this.tableName, undefined, quote)),
    ];
    const refused = await transactParts(this.client, sent);
    if (!refused) return { kind: 'created', value: quote };
    if (idempotency && refused.has('idempotency')) {
      const first = await replayAfterRefusal<Quote>(this.client, this.tableName, idempotency);
      if (first === undefined) throw idempotencyKeyReused();
      return { kind: 'replayed', value: first };
    }
    if (refused.has('quoteNo')) throw new DomainError(ErrorCode.QuoteNoTaken, `Quote number ${quote.quoteNo} is already in use.`);
    throw refused.error;
  }

  async get(quoteId: string): Promise<Quote | undefined> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: quoteKeys.item(quoteId), ConsistentRead: true }));
    return item ? quoteEntity.fromItem(item) : undefined;
  }

  async references(customerId: string, refs: { opportunityId?: string; contactId?: string }): Promise<QuoteReferences> {
    const opportunityKey = refs.opportunityId ? opportunityKeys.item(refs.opportunityId) : undefined;
    const contactKey = refs.contactId ? contactKeys.item(customerId, refs.contactId) : undefined;
    let keys = [opportunityKey, contactKey].filter((key) => key !== undefined);
    const found: Record<string, unknown>[] = [];
    // Two keys at most; DynamoDB may still leave them unprocessed under load: ask again (a few times) for those.
    for (let round = 0; keys.length > 0; round += 1) {
      if (round > 8) throw new DomainError(ErrorCode.ServiceBusy, 'The service is busy; retry after a moment.', { retryAfterSeconds: 1 });
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 20 * round));
      const result = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }));
      found.push(...(result.Responses?.[this.tableName] ?? []));
      keys = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as typeof keys;
    }
    const at = (key: { pk: string; sk: string } | undefined) => (key ? found.find((item) => item.pk === key.pk && item.sk === key.sk) : undefined);
    const opportunity = at(opportunityKey);
    const customerOf = typeof opportunity?.customerId === 'string' ? opportunity.customerId : undefined;
    return {
      ...(opportunityKey ? { opportunity: { exists: opportunity !== undefined, ...(customerOf ? { customerId: customerOf } : {}) } } : {}),
      ...(contactKey ? { contact: { live: at(contactKey) !== undefined } } : {}),
    };
  }

  async listByCustomer(customerId: string, page: { limit: number; startKey?: PageKey }): Promise<Page<Quote>> {
    const index = quoteKeys.byCustomer;
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.pkAttribute },
        ExpressionAttributeValues: { ':pk': index.pk(customerId) },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map(quoteEntity.fromItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }

  async listDue(until: string, page: { limit: number; startKey?: PageKey }): Promise<Page<Quote>> {
    const index = quoteKeys.sentByExpiry;
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.index,
        // `<expiresAt>#<id>` < `<until>#~`: every quote whose expiry is at or before `until`.
        KeyConditionExpression: '#pk = :pk AND #sk < :until',
        ExpressionAttributeNames: { '#pk': index.pkAttribute, '#sk': index.skAttribute },
        ExpressionAttributeValues: { ':pk': index.pk(), ':until': `${until}#~` },
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map(quoteEntity.fromItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }

  async replace(current: Quote, next: Quote, guard: QuoteWriteGuard): Promise<void> {
    const refused = await transactParts<QuoteLabel>(this.client, [
      part('quote', this.guardedPut(next, guard.expectedVersion, current.status)),
      part('audit', auditOf(this.tableName, current, next)),
    ]);
    if (refused) throw this.whyRefused(refused.old('quote'), current, guard.expectedVersion);
  }

  async accept(current: Quote, next: Quote, placement: OrderPlacement, now: string): Promise<OrderDetail | Stale> {
    const sent: TransactionPart<PlacementLabel | 'quote' | 'quoteAudit'>[] = [
      ...this.placement.placementParts(placement),
      // Sent, at the version read, and not expired now: never accepted twice, never after its validity.
      part('quote', this.guardedPut(next, current.version, 'sent', now)),
      part('quoteAudit', auditOf(this.tableName, current, next)),
    ];
    assertFitsOneTransaction(sent.length);
    const refused = await transactParts(this.client, sent);
    if (!refused) return { ...placement.order, payments: [] };
    if (refused.has('quote')) {
      const old = refused.old('quote');
      if (old && old.status === 'sent' && Number(old.version) === current.version) throw quoteExpired(current);
      throw this.whyRefused(old, current, current.version);
    }
    const outcome = await this.placement.explainRefusal(placement, refused as never);
    return outcome.kind === 'stale' ? outcome : outcome.value;
  }

  /** The whole quote, conditional on the version and status read (and, for an acceptance, on not being expired). */
  private guardedPut(next: Quote, expectedVersion: number, status: Quote['status'], notExpiredAt?: string) {
    return {
      Put: {
        TableName: this.tableName,
        Item: quoteEntity.toItem(next),
        ConditionExpression: `attribute_exists(#pk) AND #version = :version AND #status = :status${notExpiredAt ? ' AND #expiresAt > :now' : ''}`,
        ExpressionAttributeNames: { '#pk': 'pk', '#version': 'version', '#status': 'status', ...(notExpiredAt ? { '#expiresAt': 'expiresAt' } : {}) },
        ExpressionAttributeValues: { ':version': expectedVersion, ':status': status, ...(notExpiredAt ? { ':now': notExpiredAt } : {}) },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      },
    };
  }

  /** Gone → 404; another status now (accepted by a racing request, expired by the job) → 409; another version → 412. */
  private whyRefused(old: Record<string, unknown> | undefined, current: Quote, expectedVersion: number): DomainError {
    if (!old) return quoteNotFound(current.id);
    if (old.status !== current.status) {
      return new DomainError(ErrorCode.InvalidTransition, `Quote ${current.quoteNo} is ${String(old.status)} now and cannot be changed that way.`);
    }
    return new DomainError(ErrorCode.VersionConflict, `Quote ${current.quoteNo} has changed since you read it (now version ${String(old.version)}); read it again.`);
  }
}
