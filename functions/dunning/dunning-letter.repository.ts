import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changesBetween } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { part, transactParts } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { orderKeys } from '#shared/keys/orders.keys';
import { dunningLetterEntity, dunningLetterKeys } from './dunning-letter.entity';
import { letterTemplateEntity, letterTemplateKeys, type StoredLetterTemplate } from './letter-template.entity';
import type { AuditEvent } from '#shared/audit/audit';
import type { LetterContact, LetterRepository } from './dunning.ports';
import type { DunningLetter } from './dunning.schema';

/** Dunning letters on the single table (docs/data-model.md, "Dunning"): in the order's item collection. */
export class DynamoDbLetterRepository implements LetterRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async primaryContact(customerId: string): Promise<LetterContact | undefined> {
    const { Item: customer } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: customerKeys.item(customerId), ProjectionExpression: '#primary', ExpressionAttributeNames: { '#primary': 'primaryContactId' } }),
    );
    if (typeof customer?.primaryContactId !== 'string') return undefined;
    const { Item: contact } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: contactKeys.item(customerId, customer.primaryContactId) }));
    // A removed contact keeps its item under another marker (functions/contacts/contact.entity.ts).
    if (!contact || contact.entity !== 'Contact') return undefined;
    return { name: String(contact.name), ...(typeof contact.email === 'string' ? { email: contact.email } : {}) };
  }

  async letters(orderId: string): Promise<DunningLetter[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':pk': orderKeys.collection(orderId), ':prefix': dunningLetterKeys.prefix },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map(dunningLetterEntity.fromItem);
  }

  async letter(orderId: string, letterId: string): Promise<DunningLetter | undefined> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: dunningLetterKeys.item(orderId, letterId), ConsistentRead: true }));
    return item ? dunningLetterEntity.fromItem(item) : undefined;
  }

  async create(letter: DunningLetter): Promise<void> {
    const refused = await transactParts(this.client, [
      part('letter', { Put: { TableName: this.tableName, Item: dunningLetterEntity.toItem(letter), ConditionExpression: 'attribute_not_exists(pk)' } }),
      part('audit', auditPut(this.tableName, {
        at: letter.createdAt, actor: letter.createdBy, action: 'create', entityType: 'dunning-letter', entityId: letter.id, customerId: letter.customerId, entityVersion: 1,
        changes: changesBetween(undefined, { orderId: letter.orderId, status: letter.status, needsApproval: letter.needsApproval, subject: letter.subject }),
      })),
    ]);
    if (refused) throw refused.error;
  }

  async update(current: DunningLetter, next: DunningLetter): Promise<boolean> {
    const changed = Object.fromEntries(Object.entries(next).filter(([field, value]) => (current as Record<string, unknown>)[field] !== value));
    const refused = await transactParts(this.client, [
      part('letter', conditionalUpdate(this.tableName, dunningLetterEntity.keyOf(current), buildUpdateExpression({ set: changed }), {
        ConditionExpression: 'attribute_exists(#pk) AND #version = :expected',
        names: { '#pk': 'pk', '#version': 'version' },
        values: { ':expected': current.version },
      })),
      part('audit', auditPut(this.tableName, {
        at: next.updatedAt, actor: next.updatedBy, action: 'transition', entityType: 'dunning-letter', entityId: next.id, customerId: next.customerId, entityVersion: next.version,
        changes: changesBetween({ status: current.status }, { status: next.status }),
      })),
    ]);
    if (!refused) return true;
    if (refused.has('letter')) return false;
    throw refused.error;
  }

  async template(): Promise<StoredLetterTemplate | undefined> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: letterTemplateKeys.item, ConsistentRead: true }));
    return item ? letterTemplateEntity.fromItem(item) : undefined;
  }

  async replaceTemplate(next: StoredLetterTemplate, expectedVersion: number, audit: AuditEvent): Promise<boolean> {
    const refused = await transactParts(this.client, [
      part('template', {
        Put: {
          TableName: this.tableName,
          Item: letterTemplateEntity.toItem(next),
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': expectedVersion } }),
        },
      }),
      part('audit', auditPut(this.tableName, audit)),
    ]);
    if (!refused) return true;
    if (refused.has('template')) return false;
    throw refused.error;
  }
}
