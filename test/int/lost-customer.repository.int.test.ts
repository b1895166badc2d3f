import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { DynamoDbLostCustomerRepository } from '#functions/customers/lost-customers/lost-customer.repository';
import type { LostCustomer } from '#functions/customers/lost-customers/lost-customer.schema';
import { CHURN_JOB_ACTOR, warningRecordFor } from '#functions/jobs/churn-detection.use-case';
import { DynamoDbChurnWatchRepository } from '#functions/jobs/churn-watch.repository';
import { watchedCustomerOf } from '#shared/churn/churn-watch.entity';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { churnKeys } from '#shared/churn/churn.keys';
import { createDocumentClient } from '#shared/db/client';
import { customerKeys } from '#shared/keys/customer.keys';
import { auditEntriesOf, changesOf } from '#test/support/audit-entries';
import { useLocalStack } from '#test/support/e2e';
import { expectSortIndexesInStep } from '#test/support/customer-sort-indexes';

/**
 * Lost-customer writes on DynamoDB Local, as far as the audit trail (issue 8) is concerned: the churn job opening a
 * record, a retention measure, the confirmation (record and customer), a transfer that moves the record — each
 * writes its entries in its own transaction, and a refused write writes none. The job's writes are called one
 * customer at a time (`openWarning`), never through a whole run, so other files' customers are never touched.
 */
describe('lost-customer audit entries on DynamoDB Local', () => {
  const ids = ulidGenerator(seededRandom(8484));
  const createdAt = '2025-01-01T00:00:00.000Z';
  const openedAt = '2026-11-22T02:30:00.000Z';
  const later = '2026-11-23T10:00:00.000Z';
  let client: ReturnType<typeof createDocumentClient>;
  let tableName: string;
  let customers: DynamoDbCustomerRepository;
  let lostCustomers: DynamoDbLostCustomerRepository;
  let watch: DynamoDbChurnWatchRepository;

  const raw = async (key: { pk: string; sk: string }) =>
    (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
  const lostEntries = (customerId: string) => auditEntriesOf(client, tableName, 'lost-customer', customerId);
  const customerEntries = (customerId: string) => auditEntriesOf(client, tableName, 'customer', customerId);

  /** A customer that never ordered, created long ago, with its record opened by the job (version 1, warning). */
  const customerInWarning = async (): Promise<{ customer: Customer; record: LostCustomer }> => {
    const id = ids.next();
    const customer: Customer = {
      id, customerNo: `LC-${id.slice(-10)}`, name: `Lost ${id}`, level: 'ordinary', status: 'active', ownerId: 'am1', ownerName: 'Li Lei',
      tags: [], version: 1, createdAt, createdBy: 'admin', updatedAt: createdAt, updatedBy: 'admin',
    };
    await customers.create(customer);
    const watched = watchedCustomerOf((await raw(customerKeys.item(id)))!);
    const record = warningRecordFor(watched, openedAt, 6);
    expect(await watch.openWarning(watched, record)).toBe('opened');
    return { customer, record };
  };
  const withMeasure = (record: LostCustomer, measure: string, by = 'am1'): LostCustomer => ({
    ...record,
    status: 'delaying',
    measures: [...record.measures, { measure, at: later, by }],
    version: record.version + 1,
    updatedAt: later,
    updatedBy: by,
  });
  const confirmed = (record: LostCustomer): LostCustomer => ({
    ...record,
    status: 'lost',
    reason: 'competitor',
    detail: 'Moved to a rival supplier',
    confirmedAt: later,
    confirmedBy: 'sales',
    version: record.version + 1,
    updatedAt: later,
    updatedBy: 'sales',
  });

  beforeAll(() => {
    const info = useLocalStack();
    tableName = info.tableName;
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    customers = new DynamoDbCustomerRepository(client, tableName);
    lostCustomers = new DynamoDbLostCustomerRepository(client, tableName);
    watch = new DynamoDbChurnWatchRepository(client, tableName);
  });
  afterAll(() => client.destroy());

  it('the churn job: opening a record is a creation by system:churn-detection; a second attempt on the same read writes nothing', async () => {
    // Prepare / Act
    const { customer, record } = await customerInWarning();
    const stale = watchedCustomerOf({ ...(await raw(customerKeys.item(customer.id))), gsi6sk: `${createdAt}#${customer.id}` });
    const again = await watch.openWarning(stale, record);

    // Assess
    const [opened, ...more] = await lostEntries(customer.id);
    expect(again).toBe('skipped');
    expect(more).toEqual([]);
    expect(opened).toMatchObject({ actor: CHURN_JOB_ACTOR, at: openedAt, action: 'create', entityType: 'lost-customer', customerId: customer.id, entityVersion: 1 });
    expect(changesOf(opened)).toMatchObject({ status: { new: 'warning' }, watchSince: { new: createdAt }, thresholdMonths: { new: 6 } });
    // The customer item only got storage attributes (watch keys, churn status copy): no customer entry.
    expect((await customerEntries(customer.id)).map((entry) => entry.action)).toEqual(['create']);
  });

  it('a measure is an update naming the new measure (and the move to delaying); a stale or out-of-scope one writes nothing', async () => {
    // Prepare
    const { customer, record } = await customerInWarning();
    const first = withMeasure(record, 'Call the buyer');

    // Act
    await lostCustomers.addMeasure(record, first, { ownerScope: 'am1' });
    await expect(lostCustomers.addMeasure(record, withMeasure(record, 'stale'), {})).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    await expect(lostCustomers.addMeasure(first, withMeasure(first, 'not theirs'), { ownerScope: 'am2' })).rejects.toMatchObject({ code: ErrorCode.LostCustomerNotFound });
    await lostCustomers.addMeasure(first, withMeasure(first, 'Offer a discount', 'sales'), {});

    // Assess
    const [, measured, second, ...more] = await lostEntries(customer.id);
    expect(more).toEqual([]);
    expect(measured).toMatchObject({ actor: 'am1', at: later, action: 'update', customerId: customer.id, entityVersion: 2 });
    expect(changesOf(measured)).toEqual({
      status: { old: 'warning', new: 'delaying' },
      'measures[0]': { new: { measure: 'Call the buyer', at: later, by: 'am1' } },
    });
    expect(second).toMatchObject({ actor: 'sales', entityVersion: 3 });
    expect(changesOf(second)).toEqual({ 'measures[1]': { new: { measure: 'Offer a discount', at: later, by: 'sales' } } });
  });

  it('a confirmation moves the record and the customer (status, versions, reason); a stale one writes nothing', async () => {
    // Prepare — the customer was edited once, so its version (2) differs from the record's.
    const { customer, record } = await customerInWarning();
    await customers.update(customer.id, { phone: '021-5555' }, { expectedVersion: 1 }, { username: 'am1', at: '2026-11-22T05:00:00.000Z' });

    // Act
    await expect(lostCustomers.confirm({ ...record, version: 7 }, confirmed({ ...record, version: 7 }))).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    await lostCustomers.confirm(record, confirmed(record));

    // Assess
    const [, loss, ...more] = await lostEntries(customer.id);
    expect(more).toEqual([]);
    expect(loss).toMatchObject({ actor: 'sales', at: later, action: 'transition', customerId: customer.id, entityVersion: 2, note: 'Moved to a rival supplier' });
    expect(changesOf(loss)).toEqual({
      status: { old: 'warning', new: 'lost' },
      reason: { new: 'competitor' },
      detail: { new: 'Moved to a rival supplier' },
      confirmedAt: { new: later },
      confirmedBy: { new: 'sales' },
    });
    const [, , lostCustomer, ...moreOfCustomer] = await customerEntries(customer.id);
    expect(moreOfCustomer).toEqual([]);
    expect(lostCustomer).toMatchObject({ actor: 'sales', at: later, action: 'transition', entityType: 'customer', entityVersion: 3 });
    expect(changesOf(lostCustomer)).toEqual({ status: { old: 'active', new: 'lost' } });
    expect(await raw(customerKeys.item(customer.id))).toMatchObject({ status: 'lost', version: 3, updatedAt: later });
    expectSortIndexesInStep(await raw(customerKeys.item(customer.id)));
  });

  it('a confirmation over a customer changed meanwhile reads it again, so its entry has the values it replaced', async () => {
    // Prepare — a write to the customer lands between the confirmation's read of it and its transaction.
    const { customer, record } = await customerInWarning();
    let interfered = false;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && !interfered) {
          interfered = true;
          await customers.update(customer.id, { status: 'inactive' }, { expectedVersion: 1 }, { username: 'am1', at: '2026-11-23T09:59:00.000Z' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'interfere' },
    );

    // Act
    try {
      await lostCustomers.confirm(record, confirmed(record));
    } finally {
      client.middlewareStack.remove('interfere');
    }

    // Assess
    const entries = await customerEntries(customer.id);
    expect(entries.map((entry) => [entry.action, entry.entityVersion])).toEqual([['create', 1], ['update', 2], ['transition', 3]]);
    expect(changesOf(entries[2])).toEqual({ status: { old: 'inactive', new: 'lost' } });
  });

  it('a transfer moves the record with the customer: one entry for each', async () => {
    // Prepare
    const { customer } = await customerInWarning();

    // Act
    await customers.transfer(customer.id, { ownerId: 'am2', ownerName: 'Jane', reason: 'holiday cover' }, { expectedVersion: 1 }, { username: 'sales', at: later });

    // Assess
    const [, moved, ...more] = await lostEntries(customer.id);
    expect(more).toEqual([]);
    expect(moved).toMatchObject({ actor: 'sales', at: later, action: 'transfer', customerId: customer.id, note: 'holiday cover' });
    expect(changesOf(moved)).toEqual({ ownerId: { old: 'am1', new: 'am2' } });
    expect((await customerEntries(customer.id)).map((entry) => entry.action)).toEqual(['create', 'transfer']);
  });

  it('the churn job: reopening a closed record is a transition from its last state', async () => {
    // Prepare — confirmed lost, then reactivated: back on the watch with its kept key.
    const { customer, record } = await customerInWarning();
    await lostCustomers.confirm(record, confirmed(record));
    await customers.update(customer.id, { status: 'active' }, { expectedVersion: 2 }, { username: 'sales', at: '2026-11-24T00:00:00.000Z' });
    const watched = watchedCustomerOf((await raw(customerKeys.item(customer.id)))!);

    // Act
    const outcome = await watch.openWarning(watched, warningRecordFor(watched, '2027-06-01T02:30:00.000Z', 6));

    // Assess
    const entries = await lostEntries(customer.id);
    expect(outcome).toBe('opened');
    expect(entries.map((entry) => entry.action)).toEqual(['create', 'transition', 'transition']);
    expect(entries[2]).toMatchObject({ actor: CHURN_JOB_ACTOR, entityVersion: 3 });
    expect(changesOf(entries[2])).toMatchObject({ status: { old: 'lost', new: 'warning' }, reason: { old: 'competitor' }, openedAt: { old: openedAt, new: '2027-06-01T02:30:00.000Z' } });
    expect(await raw(churnKeys.record(customer.id))).toMatchObject({ status: 'warning', version: 3 });
  });

  it('a measure or a confirmation refused for an archived customer (404) writes no entry', async () => {
    // Prepare
    const { customer, record } = await customerInWarning();
    await client.send(
      new UpdateCommand({ TableName: tableName, Key: customerKeys.item(customer.id), UpdateExpression: 'SET deletedAt = :at', ExpressionAttributeValues: { ':at': later } }),
    );

    // Act / Assess
    await expect(lostCustomers.addMeasure(record, withMeasure(record, 'too late'), {})).rejects.toMatchObject({ code: ErrorCode.LostCustomerNotFound });
    await expect(lostCustomers.confirm(record, confirmed(record))).rejects.toMatchObject({ code: ErrorCode.LostCustomerNotFound });
    expect((await lostEntries(customer.id)).map((entry) => entry.action)).toEqual(['create']);
    expect((await customerEntries(customer.id)).map((entry) => entry.action)).toEqual(['create']);
  });
});
