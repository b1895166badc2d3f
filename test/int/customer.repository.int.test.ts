import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityIdGenerator } from '#functions/activities/activity-id';
import { DynamoDbActivityRepository } from '#functions/activities/activity.repository';
import type { FollowUp, StoredActivity } from '#functions/activities/activity.schema';
import { updateActivity } from '#functions/activities/update-activity.use-case';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { searchPrefixOf } from '#shared/core/search-key';
import { createDocumentClient } from '#shared/db/client';
import { followUpKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { useLocalStack } from '#test/support/e2e';
import { auditEntriesOf, changesOf } from '#test/support/audit-entries';
import { DEMO_DIRECTORY, fakeUserDirectory } from '#test/fakes/fake-user-directory';
import { expectOffSortIndexes, expectSortIndexesInStep } from '#test/support/customer-sort-indexes';

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
    expectSortIndexesInStep(item);
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
    expectSortIndexesInStep(renamed);
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
    expectOffSortIndexes(item);
    await expect(repository.update(customer.id, { credit: 1 }, { expectedVersion: 2 }, actor)).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
  });

  it('transfers in one transaction: owner index moves and the transfer is recorded under the customer', async () => {
    const customer = newCustomer();
    await repository.create(customer);

    const moved = await repository.transfer(customer.id, { ownerId: 'am2', ownerName: 'Jane', reason: 'coverage' }, { expectedVersion: 1 }, actor);

    expect(moved).toMatchObject({ ownerId: 'am2', ownerName: 'Jane', version: 2 });
    expect(await rawItem(customer.id)).toMatchObject({ gsi1pk: 'OWNER#am2', ownerId: 'am2', version: 2 });
    expectSortIndexesInStep(await rawItem(customer.id));
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

  it('reads each order from its own index, both ways, with the filters on the same Query', async () => {
    const owner = `sorted-${ids.next()}`;
    const made: Customer[] = [];
    for (const [n, extra] of [{ industry: 'it', tags: ['vip'] }, { industry: 'energy', type: 'partner' as const }, { industry: 'it', lastOrderAt: '2026-01-01T00:00:00.000Z' }].entries()) {
      const stamp = `2026-11-22T09:0${n}:00.000Z`;
      const customer = newCustomer({ ownerId: owner, name: `Sorted ${3 - n}`, createdAt: stamp, updatedAt: stamp, ...extra });
      await repository.create(customer);
      made.push(customer);
    }
    await repository.update(made[0]!.id, { credit: 3 }, { expectedVersion: 1 }, { username: 'admin', at: '2026-11-22T10:00:00.000Z' });
    const names = async (criteria: Parameters<DynamoDbCustomerRepository['list']>[0]) =>
      (await repository.list({ ownerId: owner, ...criteria }, { limit: 25 })).items.map((item) => item.name);

    expect(await names({ sort: 'createdAt' })).toEqual(['Sorted 3', 'Sorted 2', 'Sorted 1']);
    expect(await names({ sort: '-createdAt' })).toEqual(['Sorted 1', 'Sorted 2', 'Sorted 3']);
    expect(await names({ sort: '-updatedAt' })).toEqual(['Sorted 3', 'Sorted 1', 'Sorted 2']);
    // Never ordered: below every date, ties by id.
    expect(await names({ sort: '-lastOrderAt' })).toEqual(['Sorted 1', 'Sorted 2', 'Sorted 3']);
    expect(await names({ sort: '-name' })).toEqual(['Sorted 3', 'Sorted 2', 'Sorted 1']);
    expect(await names({ sort: 'createdAt', filters: [{ path: ['industry'], op: 'equals', value: 'it' }] })).toEqual(['Sorted 3', 'Sorted 1']);
    expect(await names({ sort: 'updatedAt', filters: [{ path: ['tags'], op: 'contains', value: 'vip' }], level: 'ordinary' })).toEqual(['Sorted 3']);
    expect(await names({ filters: [{ path: ['type'], op: 'equals', value: 'partner' }] })).toEqual(['Sorted 2']);
    const all = await repository.list({ sort: '-createdAt' }, { limit: 1 });
    expect(all.items).toHaveLength(1);
    expect(all.lastKey).toMatchObject({ gsi10pk: 'CUSTOMER' });
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

  describe('open follow-ups follow a transfer and leave every list on archive (docs/data-model.md)', () => {
    const activityIds = activityIdGenerator(seededRandom(2027));
    const due = (n: number) => `2026-12-0${n}T09:00:00.000Z`;
    let activities: DynamoDbActivityRepository;
    /** Runs once right after the next Query of `racing`: a write that lands between the read and the transaction. */
    let afterQuery: (() => Promise<unknown>) | undefined;
    let racing: DynamoDbCustomerRepository;

    beforeAll(() => {
      activities = new DynamoDbActivityRepository(client, tableName);
      const info = useLocalStack();
      const racingClient = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
      racingClient.middlewareStack.add(
        (next, context) => async (args) => {
          const result = await next(args);
          const hook = context.commandName === 'QueryCommand' ? afterQuery : undefined;
          if (hook) {
            afterQuery = undefined;
            await hook();
          }
          return result;
        },
        { step: 'initialize', name: 'raceAfterQuery' },
      );
      racing = new DynamoDbCustomerRepository(racingClient, tableName);
    });

    const open = async (customerId: string, assigneeId: string, dueAt: string): Promise<StoredActivity> => {
      const activity: StoredActivity = {
        id: activityIds.at(Date.parse(at) - 3_600_000), customerId, type: 'visit', occurredAt: new Date(Date.parse(at) - 3_600_000).toISOString(),
        title: `Visit by ${assigneeId}`, nextFollowUpAt: dueAt, followUpDone: false, version: 1, createdAt: at, createdBy: assigneeId, updatedAt: at, updatedBy: assigneeId,
      };
      const followUp: FollowUp = { activityId: activity.id, customerId, assigneeId, dueAt, type: 'visit', title: activity.title, occurredAt: activity.occurredAt };
      await activities.create(activity, { guard: { customerId }, followUp, response: activity });
      return activity;
    };
    const listed = async (assigneeId: string, customerId: string) =>
      (await activities.listFollowUps(assigneeId, {}, { limit: 100 })).items.filter((followUp) => followUp.customerId === customerId).map((followUp) => followUp.activityId);
    const rawFollowUp = async (customerId: string, activityId: string) =>
      (await client.send(new GetCommand({ TableName: tableName, Key: followUpKeys.item(customerId, activityId), ConsistentRead: true }))).Item;

    it('moves the previous owner’s open follow-ups to the new owner in the transfer, leaves a manager’s, and a later update keeps them there', async () => {
      const customer = newCustomer();
      await repository.create(customer);
      const mine = await open(customer.id, 'am1', due(3));
      const managers = await open(customer.id, 'sales', due(4));

      await repository.transfer(customer.id, { ownerId: 'am2', ownerName: 'Jane' }, { expectedVersion: 1 }, actor);

      expect(await listed('am1', customer.id)).toEqual([]);
      expect(await listed('am2', customer.id)).toEqual([mine.id]);
      expect(await listed('sales', customer.id)).toEqual([managers.id]);
      expect(await rawFollowUp(customer.id, mine.id)).toMatchObject({ assigneeId: 'am2', gsi1pk: 'FOLLOWUP#am2', gsi1sk: `${due(3)}#${mine.id}` });
      // A follow-up put chosen from the owner read before the transfer is refused, not written back to am1.
      const stale: FollowUp = { activityId: mine.id, customerId: customer.id, assigneeId: 'am1', dueAt: due(4), type: 'visit', title: mine.title, occurredAt: mine.occurredAt };
      const late = activities.update(customer.id, mine.id, { guard: { customerId: customer.id }, expectedVersion: 1, changes: { nextFollowUpAt: due(4) }, actor, followUp: { before: stale, after: stale }, expectedOwnerId: 'am1', before: mine });
      await expect(late).rejects.toMatchObject({ code: ErrorCode.ConcurrentChange });
      // The new owner changes the activity (title and date): its follow-up does not jump back to the recorder.
      const deps = { activities, clock: { now: () => new Date(at) }, ids: activityIds, directory: fakeUserDirectory(DEMO_DIRECTORY) };
      const am2 = { username: 'am2', name: 'Jane', scope: 'own' } as const;
      await updateActivity(deps, { caller: am2, customerId: customer.id, activityId: mine.id, changes: { title: 'Call back', nextFollowUpAt: due(5) }, expectedVersion: 1 });
      expect(await rawFollowUp(customer.id, mine.id)).toMatchObject({ assigneeId: 'am2', title: 'Call back', gsi1pk: 'FOLLOWUP#am2', gsi1sk: `${due(5)}#${mine.id}` });
      expect(await listed('am1', customer.id)).toEqual([]);
    });

    it('takes an archived customer’s open follow-ups off every list, keeping assignee and due date for a restore', async () => {
      const customer = newCustomer();
      await repository.create(customer);
      const mine = await open(customer.id, 'am1', due(3));
      const managers = await open(customer.id, 'sales', due(4));

      await repository.archive(customer.id, { expectedVersion: 1 }, actor);

      expect(await listed('am1', customer.id)).toEqual([]);
      expect(await listed('sales', customer.id)).toEqual([]);
      for (const [activity, assigneeId] of [[mine, 'am1'], [managers, 'sales']] as const) {
        const item = await rawFollowUp(customer.id, activity.id);
        expect(item).toMatchObject({ assigneeId, dueAt: activity.nextFollowUpAt });
        expect(Object.keys(item ?? {}).filter((key) => key.startsWith('gsi'))).toEqual([]);
      }
    });

    it('re-reads when a follow-up is opened or closed between its read and the transaction: none is left behind or resurrected', async () => {
      const moving = newCustomer();
      const archiving = newCustomer();
      await repository.create(moving);
      await repository.create(archiving);
      await open(moving.id, 'am1', due(3));
      const closing = await open(archiving.id, 'am1', due(3));
      await open(archiving.id, 'am1', due(4));

      let late: StoredActivity | undefined;
      afterQuery = async () => (late = await open(moving.id, 'am1', due(6)));
      await racing.transfer(moving.id, { ownerId: 'am2', ownerName: 'Jane' }, { expectedVersion: 1 }, actor);
      afterQuery = () => activities.remove(closing, { guard: { customerId: archiving.id }, expectedVersion: 1, actor, openFollowUp: { activityId: closing.id, dueAt: closing.nextFollowUpAt! } as FollowUp });
      await racing.archive(archiving.id, { expectedVersion: 1 }, actor);

      expect(late).toBeDefined();
      expect(await listed('am1', moving.id)).toEqual([]);
      expect(await listed('am2', moving.id)).toHaveLength(2);
      expect(await rawFollowUp(archiving.id, closing.id)).toBeUndefined();
      expect(await listed('am1', archiving.id)).toEqual([]);
    });
  });
});
