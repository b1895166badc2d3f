import { BatchGetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { customerHeadOf } from '#shared/customer-records/customer-head';
import type { Item } from '#shared/db/item';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { contactSearchTermEntity } from '#shared/search/contact-search-term.entity';
import { searchKeys, type ContactTermKind } from '#shared/search/search.keys';
import { CONTACT_CANDIDATES_PER_READ, type ContactCandidate, type ContactLookup, type LookupCustomer } from './contact-lookup.ports';
import type { StoredContact } from './contact.schema';
import { contactEntity } from './contact.entity';

/** BatchGetItem's unprocessed keys are sent again this many times before the read fails (503 upstream). */
const BATCH_ATTEMPTS = 4;

/** The caller-ID lookup on DynamoDB: one Query of a term partition, one BatchGetItem. No Scan. */
export class DynamoDbContactLookup implements ContactLookup {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async candidates(kind: ContactTermKind, term: string): Promise<{ candidates: ContactCandidate[]; more: boolean }> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'pk' },
        ExpressionAttributeValues: { ':pk': searchKeys.partition(kind, term) },
        Limit: CONTACT_CANDIDATES_PER_READ,
      }),
    );
    const candidates = (result.Items ?? []).map((item) => {
      const { customerId, contactId, value } = contactSearchTermEntity.fromItem(item);
      return { customerId, contactId, value };
    });
    return { candidates, more: result.LastEvaluatedKey !== undefined };
  }

  async load(candidates: readonly ContactCandidate[]): Promise<{ customers: Map<string, LookupCustomer>; contacts: Map<string, StoredContact> }> {
    const keys = new Map<string, { pk: string; sk: string }>();
    for (const { customerId, contactId } of candidates) {
      const customer = customerKeys.item(customerId);
      const contact = contactKeys.item(customerId, contactId);
      keys.set(`${customer.pk}|${customer.sk}`, customer);
      keys.set(`${contact.pk}|${contact.sk}`, contact);
    }
    const items: Item[] = [];
    let pending: { pk: string; sk: string }[] = [...keys.values()];
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      if (attempt > BATCH_ATTEMPTS) throw new Error('contact lookup: batch read left keys unprocessed');
      const result = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }));
      items.push(...(result.Responses?.[this.tableName] ?? []));
      pending = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as { pk: string; sk: string }[];
    }
    const customers = new Map<string, LookupCustomer>();
    const contacts = new Map<string, StoredContact>();
    for (const item of items) {
      if (item.sk === customerKeys.item('').sk) {
        const head = customerHeadOf(item);
        if (head) customers.set(head.id, { ...head, customerNo: String(item.customerNo), name: String(item.name), ownerName: String(item.ownerName) });
      } else if (typeof item.sk === 'string' && item.sk.startsWith(contactKeys.prefix)) {
        const contact = contactEntity.fromItem(item);
        contacts.set(contact.id, contact);
      }
    }
    return { customers, contacts };
  }
}
