import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll } from 'vitest';
import { activityIdGenerator } from '#functions/activities/activity-id';
import { DynamoDbActivityRepository } from '#functions/activities/activity.repository';
import type { FollowUp, StoredActivity } from '#functions/activities/activity.schema';
import { DynamoDbContactRepository } from '#functions/contacts/contact.repository';
import type { StoredContact } from '#functions/contacts/contact.schema';
import { DynamoDbCustomerOverviewReader } from '#functions/customers/overview/customer-overview.repository';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { useLocalStack } from '#test/support/e2e';

/**
 * The records under a customer on DynamoDB Local, for the contact and the activity repository tests: the
 * repositories over one client that counts its requests, and helpers that arrange customers, contacts and
 * activities. Call it in a `describe` body; each test file passes its own seed (ids never collide across files).
 */
export const customerRecordsOnDynamoDb = (seed: number) => {
  const ids = ulidGenerator(seededRandom(seed));
  const activityIds = activityIdGenerator(seededRandom(seed + 1));
  const at = '2026-11-22T08:00:00.000Z';
  const actor = { username: 'admin', at };
  const info = useLocalStack();
  const tableName = info.tableName;
  const client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
  /** The commands sent, in order (empty it with `requests.length = 0`). */
  const requests: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      requests.push(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  afterAll(() => client.destroy());
  const customers = new DynamoDbCustomerRepository(client, tableName);
  const contacts = new DynamoDbContactRepository(client, tableName);
  const activities = new DynamoDbActivityRepository(client, tableName);
  const overview = new DynamoDbCustomerOverviewReader(client, tableName);

  const raw = async (key: Record<string, string>) => (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

  const newCustomer = async (ownerId = 'am1'): Promise<Customer> => {
    const id = ids.next();
    const customer: Customer = {
      id, customerNo: `CA-${id.slice(-10)}`, name: `Records ${id}`, level: 'ordinary', status: 'active', ownerId, ownerName: ownerId,
      tags: [], version: 1, createdAt: at, createdBy: 'admin', updatedAt: at, updatedBy: 'admin',
    };
    await customers.create(customer);
    return customer;
  };
  const newContact = (customerId: string, name = `Contact ${ids.next().slice(-6)}`): StoredContact => ({
    id: ids.next(), customerId, name, version: 1, createdAt: at, createdBy: 'am1', updatedAt: at, updatedBy: 'am1',
  });
  const addContact = async (customerId: string, options: { name?: string; primary?: boolean } = {}) => {
    const contact = newContact(customerId, options.name);
    await contacts.create(contact, { guard: { customerId }, makePrimary: options.primary ?? false, response: { ...contact, isPrimary: options.primary ?? false } });
    return contact;
  };
  const newActivity = (customerId: string, occurredAt: string, extra: Partial<StoredActivity> = {}): StoredActivity => ({
    id: activityIds.at(Date.parse(occurredAt)), customerId, type: 'visit', occurredAt, title: `Visit ${occurredAt}`, followUpDone: false,
    version: 1, createdAt: at, createdBy: 'am1', updatedAt: at, updatedBy: 'am1', ...extra,
  });
  const followUpOf = (activity: StoredActivity): FollowUp => ({
    activityId: activity.id, customerId: activity.customerId, assigneeId: activity.createdBy, dueAt: activity.nextFollowUpAt!,
    type: activity.type, title: activity.title, occurredAt: activity.occurredAt,
  });
  const addActivity = async (customerId: string, occurredAt: string, extra: Partial<StoredActivity> = {}) => {
    const activity = newActivity(customerId, occurredAt, extra);
    const open = activity.nextFollowUpAt !== undefined && !activity.followUpDone;
    await activities.create(activity, { guard: { customerId }, followUp: open ? followUpOf(activity) : undefined, response: activity });
    return activity;
  };
  const day = (n: number) => new Date(Date.parse('2026-10-01T09:00:00.000Z') + n * 86_400_000).toISOString();

  return {
    ids, at, actor, client, tableName, requests, customers, contacts, activities, overview,
    raw, newCustomer, newContact, addContact, newActivity, followUpOf, addActivity, day,
  };
};
