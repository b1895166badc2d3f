import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CustomFieldFilter, CustomFieldSource } from '#shared/custom-fields/custom-field';
import { customerListKeyOf, customerListQuery, type AttributeFilter, type CustomerListCriteria } from '#shared/customer-records/customer-list-query';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import type { Audience, AudienceCount, AudienceEntry } from './campaign-audience.schema';
import type { AudienceReader, AudienceScope, Page, PageKey } from './campaign.ports';

/** Customers read per Query of the audience's index (a sparse filter reads on: at most MAX_QUERIES per page). */
const CUSTOMERS_PER_QUERY = 100;
const MAX_QUERIES_PER_PAGE = 10;
/** Customers whose contacts are read at once. */
const CONTACT_READS_AT_ONCE = 8;

type RawItem = Record<string, unknown>;

/**
 * The customer item's `entity` marker (functions/customers/customer/customer.entity.ts, CUSTOMER_ENTITY): spelled here
 * because importing that module would pull the pinyin search-key code into this function's bundle.
 */
const CUSTOMER_ENTITY = 'Customer';

const EQUALS = ['industry', 'type', 'province'] as const;

/**
 * A campaign's audience on DynamoDB: the customer list's own query planner (shared/customer-records/
 * customer-list-query.ts) — one Query of the most selective list index (an owner's customers gsi1, level gsi3,
 * region gsi4, all customers gsi2; with a last-order range the last-order index gsi12 / an owner's gsi9, the range a
 * key condition), the rest a FilterExpression — then each matching customer's contacts: one Query of its item
 * collection (`CUSTOMER#CONTACT#…`), or one GetItem of its primary contact. No Scan. docs/data-model.md, "Campaign
 * audience", gives the cost.
 */
export class DynamoDbAudienceReader implements AudienceReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly customFields: CustomFieldSource,
  ) {}

  async count(audience: Audience, scope: AudienceScope): Promise<AudienceCount> {
    const criteria = await this.criteriaOf(audience, scope);
    const total = { customers: 0, contacts: 0 };
    let startKey: RawItem | undefined;
    do {
      const query = customerListQuery(this.tableName, criteria, { limit: 1000, startKey }, CUSTOMER_ENTITY);
      // Only what counting needs leaves the table (the read cost is the items' size all the same).
      query.ProjectionExpression = '#c_cc, #c_pc';
      query.ExpressionAttributeNames = { ...query.ExpressionAttributeNames, '#c_cc': 'contactCount', '#c_pc': 'primaryContactId' };
      const result = await this.client.send(new QueryCommand(query));
      for (const item of result.Items ?? []) {
        total.customers += 1;
        total.contacts += audience.primaryContactsOnly ? (item['primaryContactId'] ? 1 : 0) : Number(item['contactCount'] ?? 0);
      }
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return total;
  }

  async page(audience: Audience, scope: AudienceScope, page: { limit: number; startKey?: PageKey | undefined }): Promise<Page<AudienceEntry>> {
    const criteria = await this.criteriaOf(audience, scope);
    const entries: AudienceEntry[] = [];
    let key: RawItem | undefined = page.startKey;
    for (let queries = 0; queries < MAX_QUERIES_PER_PAGE; queries += 1) {
      const query = customerListQuery(this.tableName, criteria, { limit: Math.max(page.limit, CUSTOMERS_PER_QUERY), startKey: key }, CUSTOMER_ENTITY);
      const result = await this.client.send(new QueryCommand(query));
      const customers = result.Items ?? [];
      for (let from = 0; from < customers.length; from += CONTACT_READS_AT_ONCE) {
        const batch = customers.slice(from, from + CONTACT_READS_AT_ONCE);
        const contactsOf = await Promise.all(batch.map((customer) => this.entriesOf(customer, audience.primaryContactsOnly === true)));
        for (const [n, contacts] of contactsOf.entries()) {
          const at = from + n;
          // A page ends at a customer boundary: the next one starts after the last customer taken whole.
          if (entries.length > 0 && entries.length + contacts.length > page.limit) {
            return { items: entries, lastKey: (at === 0 ? key : customerListKeyOf(query, customers[at - 1]!)) as PageKey };
          }
          entries.push(...contacts);
        }
      }
      key = result.LastEvaluatedKey;
      if (!key) return { items: entries };
      if (entries.length >= page.limit) break;
    }
    return { items: entries, lastKey: key as PageKey };
  }

  /** The audience as the customer list's criteria: the scope's owner, indexed fields, the rest attribute filters. */
  private async criteriaOf(audience: Audience, scope: AudienceScope): Promise<CustomerListCriteria> {
    const filters: AttributeFilter[] = [
      ...EQUALS.flatMap((field) => (audience[field] === undefined ? [] : [{ path: [field], op: 'equals' as const, value: audience[field] }])),
      ...(audience.tags ?? []).map((tag) => ({ path: ['tags'], op: 'contains' as const, value: tag })),
      ...(audience.lifetimeValueMin === undefined ? [] : [{ path: ['lifetimeValue', 'amount'], op: 'atLeast' as const, value: audience.lifetimeValueMin }]),
      ...(audience.lifetimeValueMax === undefined ? [] : [{ path: ['lifetimeValue', 'amount'], op: 'atMost' as const, value: audience.lifetimeValueMax }]),
    ];
    const custom = await this.customFiltersOf(audience.custom);
    const ranged = audience.lastOrderAfter !== undefined || audience.lastOrderBefore !== undefined;
    return {
      ...(scope.ownerId !== undefined ? { ownerId: scope.ownerId } : {}),
      ...(audience.level !== undefined ? { level: audience.level } : {}),
      ...(audience.region !== undefined ? { region: audience.region } : {}),
      ...(filters.length > 0 ? { filters } : {}),
      ...(custom.length > 0 ? { custom } : {}),
      // A last-order range is a key condition on the last-order index; '0' sorts above a never-ordered customer's '!'.
      ...(ranged ? { sort: 'lastOrderAt' as const, range: { from: audience.lastOrderAfter ?? '0', to: audience.lastOrderBefore } } : {}),
    };
  }

  /** A single select equals the code, a multi select holds it (the definitions say which; one Query, when asked). */
  private async customFiltersOf(custom: Audience['custom']): Promise<CustomFieldFilter[]> {
    const requested = Object.entries(custom ?? {});
    if (requested.length === 0) return [];
    const definitions = await this.customFields.definitionsOf('customer');
    return requested.map(([key, code]) => ({
      key,
      code,
      match: definitions.find((definition) => definition.key === key)?.type === 'multiSelect' ? ('contains' as const) : ('equals' as const),
    }));
  }

  /** A customer's contacts in the audience: its live contacts (one Query), or its primary contact (one GetItem). */
  private async entriesOf(customer: RawItem, primaryOnly: boolean): Promise<AudienceEntry[]> {
    const customerId = customer['id'] as string;
    const primaryContactId = customer['primaryContactId'] as string | undefined;
    let contacts: RawItem[];
    if (primaryOnly) {
      if (!primaryContactId) return [];
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: contactKeys.item(customerId, primaryContactId), ProjectionExpression: 'id, #n, email, #p', ExpressionAttributeNames: { '#n': 'name', '#p': 'position' } }));
      contacts = Item ? [Item] : [];
    } else {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': customerKeys.item(customerId).pk, ':prefix': contactKeys.prefix },
          ProjectionExpression: 'id, #n, email, #p',
          ExpressionAttributeNames: { '#n': 'name', '#p': 'position' },
        }),
      );
      contacts = result.Items ?? [];
    }
    return contacts.map((contact) => ({
      contact: {
        id: contact['id'] as string,
        name: contact['name'] as string,
        ...(typeof contact['email'] === 'string' ? { email: contact['email'] } : {}),
        ...(typeof contact['position'] === 'string' ? { position: contact['position'] } : {}),
        isPrimary: contact['id'] === primaryContactId,
      },
      customer: {
        id: customerId,
        customerNo: customer['customerNo'] as string,
        name: customer['name'] as string,
        level: customer['level'] as string,
        ownerId: customer['ownerId'] as string,
      },
    }));
  }
}
