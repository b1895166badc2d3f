import { randomInt } from 'node:crypto';
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactEntity } from '#functions/contacts/contact.entity';
import { DynamoDbContactRepository } from '#functions/contacts/contact.repository';
import { DynamoDbContactLookup } from '#functions/contacts/contact-lookup.repository';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import { customerEntity } from '#functions/customers/customer/customer.entity';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { backfillSearchIndex } from '#functions/jobs/search-index-backfill';
import { DynamoDbCustomerSearchIndex } from '#functions/customers/search/customer-search.repository';
import { searchCustomers } from '#functions/customers/search/search-customers.use-case';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { normalizeName } from '#shared/core/search-key';
import { createDocumentClient } from '#shared/db/client';
import { customerSearchTermEntity } from '#shared/search/customer-search-term.entity';
import { customerSearchTermsOf, type SearchableCustomer } from '#shared/search/search-terms.writes';
import { useLocalStack } from '#test/support/e2e';

const randomHan = (n: number): string => Array.from({ length: n }, () => String.fromCodePoint(0x4e00 + randomInt(0x9fa5 - 0x4e00))).join('');

/** The search index on DynamoDB Local: written in the record's own transaction, never stale. */
describe('search index on DynamoDB Local', () => {
  const ids = ulidGenerator(seededRandom(1717));
  const at = '2026-11-22T08:00:00.000Z';
  const actor = { username: 'admin', at };
  let client: ReturnType<typeof createDocumentClient>;
  let customers: DynamoDbCustomerRepository;
  let index: DynamoDbCustomerSearchIndex;
  let tableName: string;

  const newCustomer = (overrides: Partial<Customer> = {}): Customer => {
    const id = ids.next();
    return {
      id, customerNo: `SRCH-${id.slice(-8)}`, name: `北京${randomHan(6)}有限公司`, level: 'ordinary', status: 'active', ownerId: 'am1', ownerName: 'Li Lei',
      tags: [], version: 1, createdAt: at, createdBy: 'admin', updatedAt: at, updatedBy: 'admin', ...overrides,
    };
  };

  /** Which of the customer's term items (as `state` would have them) exist in the table. */
  const storedTerms = async (state: SearchableCustomer): Promise<string[]> => {
    const keys = customerSearchTermsOf(state).map(customerSearchTermEntity.keyOf);
    const found = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys.map(({ pk, sk }) => ({ pk, sk })) } } }));
    return (found.Responses?.[tableName] ?? []).map((item) => `${String(item.pk)} ${String(item.sk)}`).sort();
  };
  const termKeys = (state: SearchableCustomer): string[] => customerSearchTermsOf(state).map(customerSearchTermEntity.keyOf).map(({ pk, sk }) => `${pk} ${sk}`).sort();

  beforeAll(() => {
    const info = useLocalStack();
    tableName = info.tableName;
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    customers = new DynamoDbCustomerRepository(client, tableName);
    index = new DynamoDbCustomerSearchIndex(client, tableName);
  });
  afterAll(() => client.destroy());

  it('writes every term with the customer, and none when the create is refused', async () => {
    // Prepare
    const customer = newCustomer({ name: '北京石油化工集团有限公司', phone: '+86 138 0013 8000', email: 'a@b.cn' });
    const clash = newCustomer({ customerNo: customer.customerNo });

    // Act
    await customers.create(customer);
    const refused = await customers.create(clash).catch((error: unknown) => error);

    // Assess
    expect(termKeys(customer)).toHaveLength(11 + 3);
    expect(await storedTerms(customer)).toEqual(termKeys(customer));
    expect(refused).toMatchObject({ code: 'CustomerNoTaken' });
    expect(await storedTerms(clash)).toEqual([]);
  });

  it('moves the terms with a rename, a transfer and an archive, in the same transaction', async () => {
    // Prepare
    const customer = newCustomer();
    await customers.create(customer);
    const renamedTo = `上海${randomHan(5)}`;

    // Act
    const renamed = await customers.update(customer.id, { name: renamedTo }, { expectedVersion: 1 }, actor);
    const afterRename = [await storedTerms(customer), await storedTerms(renamed)];
    const transferred = await customers.transfer(customer.id, { ownerId: 'am2', ownerName: 'Han Meimei' }, { expectedVersion: 2 }, actor);
    const afterTransfer = [await storedTerms(renamed), await storedTerms(transferred)];
    await customers.archive(customer.id, { expectedVersion: 3 }, actor);
    const afterArchive = await storedTerms(transferred);

    // Assess
    expect(afterRename[0]!.filter((key) => !termKeys(renamed).includes(key))).toEqual([]);
    expect(afterRename[1]).toEqual(termKeys(renamed));
    expect(afterTransfer[0]!.filter((key) => !termKeys(transferred).includes(key))).toEqual([]);
    expect(afterTransfer[1]).toEqual(termKeys(transferred));
    expect(afterTransfer[1]!.filter((key) => !key.includes('#am2#'))).toEqual([`TERM#name#上海 0#${normalizeName(renamedTo)}#${customer.id}`]);
    expect(afterArchive).toEqual([]);
  });

  it('leaves exactly the winner’s terms when ten renames race on one version', async () => {
    // Prepare
    const customer = newCustomer();
    await customers.create(customer);
    const names = Array.from({ length: 10 }, () => `广州${randomHan(5)}`);

    // Act
    const outcomes = await Promise.allSettled(names.map((name) => customers.update(customer.id, { name }, { expectedVersion: 1 }, actor)));

    // Assess
    const winners = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    expect(winners).toHaveLength(1);
    const winner = winners[0]!;
    expect(await storedTerms(winner)).toEqual(termKeys(winner));
    for (const name of names.filter((name) => name !== winner.name)) {
      const stale = (await storedTerms({ ...winner, name })).filter((key) => !termKeys(winner).includes(key));
      expect(stale).toEqual([]);
    }
    expect(await storedTerms(customer)).toEqual(termKeys(customer).filter((key) => termKeys(winner).includes(key)));
  });

  it('answers an infix search with two Queries of the term partition, scoped by owner', async () => {
    // Prepare
    const word = randomHan(3);
    const mine = newCustomer({ name: `${word}科技`, ownerId: 'am1' });
    const theirs = newCustomer({ name: `深圳${word}`, ownerId: 'am2' });
    await customers.create(mine);
    await customers.create(theirs);

    // Act
    const am1 = await searchCustomers({ index }, { caller: { username: 'am1', scope: 'own' }, query: { q: word.slice(0, 2), limit: 20 } });
    const all = await searchCustomers({ index }, { caller: { username: 'sales', scope: 'all' }, query: { q: word, limit: 20 } });

    // Assess
    expect(am1.items.map((item) => item.id)).toEqual([mine.id]);
    expect(all.items.map((item) => [item.id, item.rank])).toEqual([[mine.id, 'prefix'], [theirs.id, 'infix']]);
  });

  it('indexes a contact’s numbers with the contact and finds it by its last digits', async () => {
    // Prepare
    const customer = newCustomer();
    await customers.create(customer);
    const contacts = new DynamoDbContactRepository(client, tableName);
    const lookup = new DynamoDbContactLookup(client, tableName);
    const mobile = `19${String(randomInt(1_000_000_000)).padStart(9, '0')}`;
    const contact = { id: ids.next(), customerId: customer.id, name: 'Wang', mobile, version: 1, createdAt: at, createdBy: 'admin', updatedAt: at, updatedBy: 'admin' };

    // Act
    await contacts.create(contact, { guard: { customerId: customer.id }, makePrimary: false, response: { ...contact, isPrimary: false } });
    const found = await lookup.candidates('cphone', mobile.slice(-4));

    // Assess
    expect(found.candidates).toContainEqual({ customerId: customer.id, contactId: contact.id, value: mobile });
  });
});

describe('search index backfill on DynamoDB Local', () => {
  it('writes the terms of customers and contacts stored before the index, and can run again', async () => {
    // Prepare: a customer and a contact written as they were before the index existed (no terms).
    const info = useLocalStack();
    const client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    const owner = `backfill-${randomInt(1_000_000_000)}`;
    const id = ulidGenerator(seededRandom(99)).next();
    const at = '2026-11-22T08:00:00.000Z';
    const customer: Customer = {
      id, customerNo: `BF-${id.slice(-8)}`, name: `旧${randomHan(5)}公司`, level: 'ordinary', status: 'active', ownerId: owner, ownerName: 'Old Owner',
      tags: [], phone: '010 8888 1234', version: 1, createdAt: at, createdBy: 'admin', updatedAt: at, updatedBy: 'admin',
    };
    const contact = { id: ulidGenerator(seededRandom(98)).next(), customerId: id, name: 'Zhou', mobile: '13912345678', version: 1, createdAt: at, createdBy: 'admin', updatedAt: at, updatedBy: 'admin' };
    await client.send(new BatchWriteCommand({
      RequestItems: { [info.tableName]: [{ PutRequest: { Item: { ...customerEntity.toItem(customer), contactCount: 1 } } }, { PutRequest: { Item: contactEntity.toItem(contact) } }] },
    }));
    const index = new DynamoDbCustomerSearchIndex(client, info.tableName);
    const findCustomer = () => searchCustomers({ index }, { caller: { username: owner, scope: 'own' }, query: { q: customer.name.slice(1, 4), limit: 20 } });
    const before = await findCustomer();

    // Act
    const first = await backfillSearchIndex(client, info.tableName, { ownerId: owner });
    const second = await backfillSearchIndex(client, info.tableName, { ownerId: owner });

    // Assess
    expect(before.items).toEqual([]);
    expect((await findCustomer()).items.map((item) => item.id)).toEqual([id]);
    expect((await new DynamoDbContactLookup(client, info.tableName).candidates('cphone', '5678')).candidates).toContainEqual({ customerId: id, contactId: contact.id, value: '13912345678' });
    expect(first).toEqual({ customers: 1, contacts: 1, terms: customerSearchTermsOf(customer).length + 1, retried: 0, skipped: 0 });
    expect(second).toEqual(first);
    client.destroy();
  });
});
