import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { MAX_FIELDS_PER_ENTITY_TYPE, type CustomFieldDefinition, type CustomFieldEntityType } from '#shared/custom-fields/custom-field';
import { fieldLimitReached } from './custom-field.rules';
import { readCustomFieldDefinitions } from '#shared/custom-fields/custom-field-definitions.repository';
import { customFieldEntity, customFieldPointerEntity } from '#shared/custom-fields/custom-field.entity';
import { customFieldKeys } from '#shared/custom-fields/custom-field.keys';
import { part, transactParts } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import { idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import type { CreateFieldOutcome, CustomFieldRepository } from './custom-field.ports';

/** A vanished idempotency record, and a count item not there yet, each cost one more attempt. */
const CREATE_ATTEMPTS = 3;

const busy = () => new DomainError(ErrorCode.ServiceBusy, 'The service is busy; retry after a moment.', { retryAfterSeconds: 1 });

export class DynamoDbCustomFieldRepository implements CustomFieldRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  list(entityType: CustomFieldEntityType): Promise<CustomFieldDefinition[]> {
    return readCustomFieldDefinitions(this.client, this.tableName, entityType);
  }

  /** Two consistent GetItems: the id pointer, then the definition it points at. */
  async get(id: string): Promise<CustomFieldDefinition | undefined> {
    const pointer = (await this.client.send(new GetCommand({ TableName: this.tableName, Key: customFieldKeys.byId(id), ConsistentRead: true }))).Item;
    if (!pointer) return undefined;
    const { entityType, key } = customFieldPointerEntity.fromItem(pointer);
    const item = (await this.client.send(new GetCommand({ TableName: this.tableName, Key: customFieldKeys.definition(entityType, key), ConsistentRead: true }))).Item;
    return item ? customFieldEntity.fromItem(item) : undefined;
  }

  async create(field: CustomFieldDefinition, audit: AuditEvent, countRead: number, idempotency?: IdempotencyClaim): Promise<CreateFieldOutcome> {
    const notThere = { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' } };
    // The type's count, below the limit or refused: the limit holds under concurrent creates (definitions are
    // never deleted, so the count only grows). Sent as "the count exists"; when it does not yet (definitions
    // written before it), sent again starting it from the count the use case read.
    const count = (exists: boolean) =>
      conditionalUpdate(this.tableName, customFieldKeys.count(field.entityType), buildUpdateExpression({ add: { fieldCount: exists ? 1 : countRead + 1 } }), {
        ConditionExpression: exists ? '#count < :max' : 'attribute_not_exists(#count) AND :read < :max',
        names: { '#count': 'fieldCount' },
        values: { ':max': MAX_FIELDS_PER_ENTITY_TYPE, ...(exists ? {} : { ':read': countRead }) },
      });
    let countExists = true;
    const build = () => [
      part('field', { Put: { TableName: this.tableName, Item: customFieldEntity.toItem(field), ...notThere } }),
      part('count', count(countExists)),
      part('pointer', { Put: { TableName: this.tableName, Item: customFieldPointerEntity.toItem(field), ...notThere } }),
      ...(idempotency ? [part('idempotency', idempotencyPut(this.tableName, idempotency, field))] : []),
      // Last: a replay cancels the transaction, so no second entry.
      part('audit', auditPut(this.tableName, audit)),
    ];
    for (let attempt = 1; attempt <= CREATE_ATTEMPTS; attempt += 1) {
      const refused = await transactParts(this.client, build());
      if (!refused) return { kind: 'created', field };
      if (idempotency && refused.has('idempotency')) {
        const first = await replayAfterRefusal<CustomFieldDefinition>(this.client, this.tableName, idempotency);
        if (first) return { kind: 'replayed', field: first };
        continue;
      }
      if (refused.has('field')) {
        throw new DomainError(ErrorCode.CustomFieldKeyTaken, `A ${field.entityType} already has a custom field \`${field.key}\`.`);
      }
      if (refused.has('count')) {
        // At the limit → 400; else the count item was missing (or appeared meanwhile): send the other variant.
        const seen = refused.old('count')?.fieldCount;
        const counted = typeof seen === 'number' ? seen : countRead;
        if (counted >= MAX_FIELDS_PER_ENTITY_TYPE) throw fieldLimitReached(field.entityType);
        countExists = typeof seen === 'number';
        continue;
      }
      throw busy();
    }
    throw busy();
  }

  /** One transaction: the definition Put conditional on the version read, the audit entry last. */
  async update(next: CustomFieldDefinition, expectedVersion: number, audit: AuditEvent): Promise<void> {
    const refused = await transactParts(this.client, [
      part('field', {
        Put: {
          TableName: this.tableName,
          Item: customFieldEntity.toItem(next),
          ConditionExpression: '#version = :expectedVersion',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expectedVersion': expectedVersion },
        },
      }),
      part('audit', auditPut(this.tableName, audit)),
    ]);
    if (refused?.has('field')) {
      throw new DomainError(ErrorCode.VersionConflict, `Custom field ${next.key} has changed since you read it; read it again.`);
    }
    if (refused) throw busy();
  }
}
