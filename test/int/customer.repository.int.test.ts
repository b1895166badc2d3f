import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCustomerRepository } from '#functions/customers/customer.repository';
import type { Customer } from '#functions/customers/customer.schema';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { searchPrefixOf } from '#shared/core/search-key';
import { createDocumentClient } from '#shared/db/client';
import { customerKeys } from '#shared/db/keys';
import { useLocalStack } from '#test/support/e2e';
import { auditEntriesOf, changesOf } from '#test/support/audit-entries';

/** The DynamoDB repository against DynamoDB Local: keys, index maintenance, conditions and paging. */
describe('DynamoDbCustomerRepository on DynamoDB Local', () => {
  const ids = ulidGenerator(seededRandom(2026));
  const at = '2026-11-22T08:00:00.000Z';
  const actor = { username: 'admin', at };
  let client: ReturnType<typeof createDocumentClient>;
  let repository: DynamoDbCustomerRepository;
  let tableName: string;

  const newCustomer = (overrides: Partial<Customer> = {}): Customer => {
    const id = ids.next();
    return {
      id,
      customerNo: `INT-${id.slice(-8)}`,
      name: `Repo ${id}`,
      level: 'ordinary',
      status: 'active',
      ownerId: 'am1',
      ownerName: 'Li Lei',
      tags: [],
      version: 1,
      createdAt: at,
      createdBy: 'admin',
      updatedAt: at,
      updatedBy: 'admin',
      ...overrides,
    };
  };
  const rawItem = async (customerId: string) =>
    (await client.send(new GetCommand({ TableName: tableName, Key: customerKeys.item(customerId) }))).Item;

  beforeAll(() => {
    const info = useLocalStack();
    tableName = info.tableName;
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    repository = new DynamoDbCustomerRepository(client, tableName);
  });
  afterAll(() => client.destroy());

  it('writes the customer with every list index key and a unique-number sentinel', async () => {
    const customer = newCustomer({ name: '北京石油', region: 'north-china' });

    await repository.create(customer);

    const item = await rawItem(customer.id);
    const sk = `bjsy#${customer.id}`;
    expect(item).toMatchObject({
      gsi1pk: 'OWNER#am1', gsi1sk: sk,
      gsi2pk: 'CUSTOMER', gsi2sk: sk,
      gsi3pk: 'CUSTOMER#LEVEL#ordinary', gsi3sk: sk,
      gsi4pk: 'CUSTOMER#REGION#north-china', gsi4sk: sk,
      gsi5pk: 'CUSTOMER#STATUS#active', gsi5sk: sk,
      nameKey: '北京石油',
    });
    const sentinel = await client.send(new GetCommand({ TableName: tableName, Key: customerKeys.uniqueNo(customer.customerNo) }));
    expect(sentinel.Item).toMatchObject({ customerId: customer.id });
    expect(await repository.get(customer.id)).toEqual(customer);
  });

  it('refuses a second customer with the same number, writing neither item', async () => {
    const first = newCustomer();
    const second = newCustomer({ customerNo: first.customerNo });
    await repository.create(first);

    await expect(repository.create(second)).rejects.toMatchObject({ code: ErrorCode.CustomerNoTaken });
    expect(await rawItem(second.id)).toBeUndefined();
  });

  it('re-keys the indexes when name, level and region change, and adds the region index when a region is first set', async () => {
    const customer = newCustomer({ name: 'Zeta Corp' });
    await repository.create(customer);

    await repository.update(customer.id, { region: 'east-china' }, { expectedVersion: 1 }, actor);
    const withRegion = await rawItem(customer.id);
    await repository.update(customer.id, { name: 'Alpha Corp', level: 'major', region: null }, { expectedVersion: 2 }, actor);
    const renamed = await rawItem(customer.id);

    expect(withRegion).toMatchObject({ gsi4pk: 'CUSTOMER#REGION#east-china', gsi4sk: `zeta corp#${customer.id}` });
    expect(renamed).toMatchObject({ gsi2sk: `alpha corp#${customer.id}`, gsi3pk: 'CUSTOMER#LEVEL#major', gsi3sk: `alpha corp#${customer.id}`, version: 3 });
    expect(renamed?.gsi4pk).toBeUndefined();
    expect(renamed?.gsi4sk).toBeUndefined();
    expect(renamed?.region).toBeUndefined();
  });

  it('tells a stale version (412) from a customer outside the caller’s scope (404)', async () => {
    const customer = newCustomer();
    await repository.create(customer);

    await expect(repository.update(customer.id, { credit: 2 }, { expectedVersion: 5 }, actor)).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    await expect(repository.update(customer.id, { credit: 2 }, { expectedVersion: 5, ownerScope: 'am2' }, actor)).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
    await expect(repository.update(ids.next(), { credit: 2 }, { expectedVersion: 1 }, actor)).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
    expect((await rawItem(customer.id))?.version).toBe(1);
  });

  it('archives by removing every index key while keeping the item and its number', async () => {
    const customer = newCustomer();
    await repository.create(customer);

    await repository.archive(customer.id, { expectedVersion: 1 }, actor);

    const item = await rawItem(customer.id);
    expect(item).toMatchObject({ deletedAt: at, deletedBy: 'admin', version: 2 });
    expect(Object.keys(item ?? {}).filter((key) => key.startsWith('gsi'))).toEqual([]);
    await expect(repository.update(customer.id, { credit: 1 }, { expectedVersion: 2 }, actor)).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
  });

  it('transfers in one transaction: owner index moves and the transfer is recorded under the customer', async () => {
    const customer = newCustomer();
    await repository.create(customer);

    const moved = await repository.transfer(customer.id, { ownerId: 'am2', ownerName: 'Jane', reason: 'coverage' }, { expectedVersion: 1 }, actor);

    expect(moved).toMatchObject({ ownerId: 'am2', ownerName: 'Jane', version: 2 });
    expect(await rawItem(customer.id)).toMatchObject({ gsi1pk: 'OWNER#am2', ownerId: 'am2', version: 2 });
    const record = await client.send(new GetCommand({ TableName: tableName, Key: { pk: `CUSTOMER#${customer.id}`, sk: `TRANSFER#${at}#1` } }));
    expect(record.Item).toMatchObject({ fromOwnerId: 'am1', toOwnerId: 'am2', reason: 'coverage', transferredBy: 'admin' });
  });

  it('pages one index completely: 23 customers in pages of 5, each exactly once, in search-key order', async () => {
    const owner = `pager-${ids.next()}`;
    const created: Customer[] = [];
    for (let index = 0; index < 23; index += 1) {
      const customer = newCustomer({ ownerId: owner, name: `Pager ${String(index).padStart(2, '0')}` });
      await repository.create(customer);
      created.push(customer);
    }

    const seen: string[] = [];
    let startKey: Record<string, string | number> | undefined;
    do {
      const page = await repository.list({ ownerId: owner }, { limit: 5, ...(startKey ? { startKey } : {}) });
      seen.push(...page.items.map((item) => item.name));
      startKey = page.lastKey;
    } while (startKey);

    expect(seen).toEqual(created.map((customer) => customer.name));
  });

  it('narrows by name prefix on the key and applies the remaining filters to the same Query', async () => {
    const owner = `filter-${ids.next()}`;
    await repository.create(newCustomer({ ownerId: owner, name: '重庆钢铁', level: 'major' }));
    await repository.create(newCustomer({ ownerId: owner, name: '重庆机电', level: 'ordinary' }));
    await repository.create(newCustomer({ ownerId: owner, name: 'Chongqing Trading', level: 'major' }));

    const chinese = await repository.list({ ownerId: owner, search: searchPrefixOf('重庆') }, { limit: 25 });
    const major = await repository.list({ ownerId: owner, level: 'major' }, { limit: 25 });
    const initials = await repository.list({ ownerId: owner, search: searchPrefixOf('cqgt') }, { limit: 25 });

    expect(chinese.items.map((item) => item.name).sort()).toEqual(['重庆机电', '重庆钢铁'].sort());
    expect(major.items.map((item) => item.name).sort()).toEqual(['Chongqing Trading', '重庆钢铁'].sort());
    expect(initials.items.map((item) => item.name)).toEqual(['重庆钢铁']);
  });

  describe('audit trail (issue 8): one entry per committed write, in the same transaction; none for a refused one', () => {
    const entries = (customerId: string) => auditEntriesOf(client, tableName, 'customer', customerId);

    it('records a creation with every field as a new value, once — an idempotent replay and a taken number add nothing', async () => {
      const customer = newCustomer({ name: '审计客户', region: 'north-china' });
      const claim = { username: 'am1', operationId: 'createCustomer', key: `audit-${customer.id}`, fingerprint: 'f1', expiresAt: Math.floor(Date.parse(at) / 1000) + 86_400 };

      await repository.create(customer, claim);
      const replay = await repository.create({ ...customer, id: ids.next() }, claim);
      const taken = newCustomer({ customerNo: customer.customerNo });
      await expect(repository.create(taken)).rejects.toMatchObject({ code: ErrorCode.CustomerNoTaken });

      expect(replay.kind).toBe('replayed');
      const [entry, ...more] = await entries(customer.id);
      expect(more).toEqual([]);
      expect(entry).toMatchObject({ actor: 'admin', at, action: 'create', entityType: 'customer', entityId: customer.id, customerId: customer.id, entityVersion: 1 });
      expect(changesOf(entry)).toMatchObject({ name: { new: '审计客户' }, region: { new: 'north-china' }, ownerId: { new: 'am1' }, customerNo: { new: customer.customerNo } });
      expect(changesOf(entry).version).toBeUndefined();
      expect(await entries(taken.id)).toEqual([]);
    });

    it('records an update with old and new values (plain and composition path); a stale or out-of-scope update records nothing', async () => {
      const customer = newCustomer({ phone: '010-1111' });
      await repository.create(customer);
      const later = { username: 'sales', at: '2026-11-22T09:00:00.000Z' };

      await repository.update(customer.id, { phone: '010-2222', website: 'https://example.com' }, { expectedVersion: 1 }, later);
      await repository.update(customer.id, { level: 'major', phone: null }, { expectedVersion: 2 }, later);
      await expect(repository.update(customer.id, { credit: 2 }, { expectedVersion: 2 }, later)).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
      await expect(repository.update(customer.id, { credit: 2 }, { expectedVersion: 3, ownerScope: 'am2' }, later)).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });

      const [, plain, composition, ...more] = await entries(customer.id);
      expect(more).toEqual([]);
      expect(plain).toMatchObject({ actor: 'sales', at: later.at, action: 'update', customerId: customer.id, entityVersion: 2 });
      expect(changesOf(plain)).toEqual({ phone: { old: '010-1111', new: '010-2222' }, website: { new: 'https://example.com' } });
      expect(composition).toMatchObject({ action: 'update', entityVersion: 3 });
      expect(changesOf(composition)).toEqual({ level: { old: 'ordinary', new: 'major' }, phone: { old: '010-2222' } });
    });

    it('records an archive as a delete (deletedAt); a stale archive records nothing', async () => {
      const customer = newCustomer();
      await repository.create(customer);

      await expect(repository.archive(customer.id, { expectedVersion: 2 }, actor)).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
      await repository.archive(customer.id, { expectedVersion: 1 }, actor);

      const [, archived, ...more] = await entries(customer.id);
      expect(more).toEqual([]);
      expect(archived).toMatchObject({ action: 'delete', actor: 'admin', entityVersion: 2, customerId: customer.id });
      expect(changesOf(archived)).toEqual({ deletedAt: { new: at } });
    });

    it('records a transfer (owner old → new, the reason as note) beside the transfer record; a stale transfer records nothing', async () => {
      const customer = newCustomer();
      await repository.create(customer);

      await expect(repository.transfer(customer.id, { ownerId: 'am2', ownerName: 'Jane' }, { expectedVersion: 3 }, actor)).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
      await repository.transfer(customer.id, { ownerId: 'am2', ownerName: 'Jane', reason: 'coverage' }, { expectedVersion: 1 }, actor);

      const [, transfer, ...more] = await entries(customer.id);
      expect(more).toEqual([]);
      expect(transfer).toMatchObject({ action: 'transfer', actor: 'admin', entityVersion: 2, customerId: customer.id, note: 'coverage' });
      expect(changesOf(transfer)).toEqual({ ownerId: { old: 'am1', new: 'am2' }, ownerName: { old: 'Li Lei', new: 'Jane' } });
      expect(await auditEntriesOf(client, tableName, 'lost-customer', customer.id)).toEqual([]);
    });
  });
});
