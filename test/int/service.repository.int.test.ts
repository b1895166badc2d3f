import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { DynamoDbServiceRepository } from '#functions/services/service.repository';
import type { Service, ServiceMove } from '#functions/services/service.schema';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { createDocumentClient } from '#shared/db/client';
import { customerKeys } from '#shared/keys/customer.keys';
import { serviceAggregateKeys, serviceKeys, serviceShardOf } from '#shared/keys/service.keys';
import { auditEntriesOf, changesOf } from '#test/support/audit-entries';
import { useLocalStack } from '#test/support/e2e';
import { serviceReminderOf } from '#shared/reminders/reminder';
import { reminderEntity } from '#shared/reminders/reminder.entity';

/** The services repository on DynamoDB Local: keys, summary under the customer, history, aggregates, conditions, lists. */
describe('DynamoDbServiceRepository on DynamoDB Local', () => {
  const ids = ulidGenerator(seededRandom(4242));
  let client: ReturnType<typeof createDocumentClient>;
  let tableName: string;
  let repository: DynamoDbServiceRepository;
  let customer: Customer;

  const raw = async (key: { pk: string; sk: string }) =>
    (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

  /** Every request of this file is created in a month of its own, so the aggregate figures are this file's alone. */
  const MONTH = '2031-07';
  const newService = (overrides: Partial<Service> = {}): Service => {
    const at = `${MONTH}-0${1 + (ids.next().charCodeAt(25) % 9)}T08:00:00.000Z`;
    return {
      id: ids.next(),
      type: 'complaint',
      title: 'Broken goods',
      customerId: customer.id,
      customerName: customer.name,
      request: 'Arrived broken.',
      status: 'created',
      reopenCount: 0,
      version: 1,
      createdAt: at,
      createdBy: 'am1',
      updatedAt: at,
      updatedBy: 'am1',
      ...overrides,
    };
  };
  const created = (service: Service): ServiceMove => ({ move: 'create', to: 'created', at: service.createdAt, by: service.createdBy, version: 1 });
  const assign = async (service: Service, assigneeId: string): Promise<Service> => {
    const next: Service = { ...service, status: 'assigned', assigneeId, assigneeName: assigneeId, version: service.version + 1, updatedAt: service.createdAt };
    await repository.move(service, next, { move: 'assign', from: service.status, to: 'assigned', at: `${service.createdAt.slice(0, 19)}.500Z`, by: 'sales', version: next.version, assigneeId });
    return next;
  };

  beforeAll(async () => {
    const info = useLocalStack();
    tableName = info.tableName;
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    repository = new DynamoDbServiceRepository(client, tableName);
    const id = ids.next();
    customer = {
      id, customerNo: `SV-${id.slice(-8)}`, name: 'Service Repo Customer', level: 'ordinary', status: 'active', ownerId: 'am1', ownerName: 'Li Lei',
      tags: [], version: 1, createdAt: '2026-11-22T08:00:00.000Z', createdBy: 'admin', updatedAt: '2026-11-22T08:00:00.000Z', updatedBy: 'admin',
    };
    await new DynamoDbCustomerRepository(client, tableName).create(customer);
  });
  afterAll(() => client.destroy());

  it('writes the request with its index keys, its first move, its summary under the customer and its count', async () => {
    // Prepare
    const service = newService();

    // Act
    await repository.create(service, created(service), { customerId: customer.id, ownerId: 'am1' });

    // Assess
    const sk = `${service.createdAt}#${service.id}`;
    expect(await raw(serviceKeys.item(service.id))).toMatchObject({
      entity: 'ServiceRequest',
      gsi2pk: 'SERVICE', gsi2sk: sk,
      gsi3pk: `SERVICE#CUSTOMER#${customer.id}`, gsi3sk: sk,
      gsi4pk: 'SERVICE#TYPE#complaint', gsi4sk: sk,
      gsi5pk: 'SERVICE#STATUS#created', gsi5sk: sk,
    });
    expect(await raw(serviceKeys.item(service.id))).not.toHaveProperty('gsi1pk');
    expect(await raw(serviceKeys.summary(customer.id, service.id))).toMatchObject({ entity: 'ServiceSummary', serviceId: service.id, status: 'created', title: 'Broken goods' });
    expect(await raw(serviceAggregateKeys.item(MONTH, 'complaint', serviceShardOf(service.id)))).toMatchObject({ entity: 'ServiceAggregate' });
    expect(await repository.get(service.id)).toEqual({ service, history: [created(service)] });
  });

  it('moves the request, the summary and the status counts together, and keeps the history in time order', async () => {
    // Prepare
    const service = newService();
    await repository.create(service, created(service), { customerId: customer.id });
    const key = serviceAggregateKeys.item(MONTH, 'complaint', serviceShardOf(service.id));
    const before = (await raw(key)) ?? {};

    // Act
    const assigned = await assign(service, 'am2');

    // Assess
    expect(await raw(serviceKeys.item(service.id))).toMatchObject({ status: 'assigned', gsi1pk: 'SERVICE#ASSIGNEE#am2', gsi5pk: 'SERVICE#STATUS#assigned', version: 2 });
    expect(await raw(serviceKeys.summary(customer.id, service.id))).toMatchObject({ status: 'assigned', assigneeId: 'am2', version: 2 });
    const after = (await raw(key))!;
    expect(Number(after.statusCreated ?? 0)).toBe(Number(before.statusCreated ?? 0) - 1);
    expect(Number(after.statusAssigned ?? 0)).toBe(Number(before.statusAssigned ?? 0) + 1);
    expect((await repository.get(service.id))?.history.map((move) => move.move)).toEqual(['create', 'assign']);
    expect(assigned.version).toBe(2);
  });

  it('refuses a move over a version that changed meanwhile (412) and writes nothing', async () => {
    // Prepare
    const service = newService();
    await repository.create(service, created(service), { customerId: customer.id });
    await assign(service, 'am1');

    // Act
    const stale = assign(service, 'am2');

    // Assess
    await expect(stale).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    expect((await repository.get(service.id))?.service).toMatchObject({ assigneeId: 'am1', version: 2 });
    expect((await repository.get(service.id))?.history).toHaveLength(2);
  });

  it('refuses a create for a customer that is archived, or no longer owned by the account manager, and writes nothing', async () => {
    // Prepare
    const service = newService();
    const ofOther = newService();

    // Act
    const foreign = repository.create(ofOther, created(ofOther), { customerId: customer.id, ownerId: 'am2' });
    const missing = repository.create(service, created(service), { customerId: '01JZZZZZZZZZZZZZZZZZZZZZZZ' });

    // Assess
    // Both expectations attach at once: whichever write is refused first must already have its handler.
    await Promise.all([
      expect(foreign).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound }),
      expect(missing).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound }),
    ]);
    expect(await raw(serviceKeys.item(service.id))).toBeUndefined();
    expect(await raw(serviceKeys.item(ofOther.id))).toBeUndefined();
  });

  describe('audit trail', () => {
    const audit = (serviceId: string) => auditEntriesOf(client, tableName, 'service', serviceId);
    /** A customer of its own, so the summary count of the shared customer stays as the tests below expect. */
    const ownCustomer = async (): Promise<string> => {
      const id = ids.next();
      await new DynamoDbCustomerRepository(client, tableName).create({ ...customer, id, customerNo: `SA-${id.slice(-8)}` });
      return id;
    };

    it('records the creation in the same transaction: who, when, every field, under the customer', async () => {
      // Prepare
      const service = newService({ customerId: await ownCustomer() });

      // Act
      await repository.create(service, created(service), { customerId: service.customerId });

      // Assess
      const entries = await audit(service.id);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        at: service.createdAt, actor: 'am1', action: 'create', entityType: 'service', entityId: service.id,
        customerId: service.customerId, entityVersion: 1,
      });
      expect(changesOf(entries[0])).toMatchObject({ status: { new: 'created' }, title: { new: 'Broken goods' }, type: { new: 'complaint' } });
      expect(changesOf(entries[0])).not.toHaveProperty('version');
    });

    it('records an assignment as "assign" and a reopening feedback as a "transition", with old and new values', async () => {
      // Prepare
      const service = newService({ customerId: await ownCustomer() });
      await repository.create(service, created(service), { customerId: service.customerId });
      const assigned = await assign(service, 'am2');
      const handled: Service = { ...assigned, status: 'handled', handling: 'Replaced.', handledAt: '2031-07-20T08:00:00.000Z', handledBy: 'am2', version: 3, updatedAt: '2031-07-20T08:00:00.000Z', updatedBy: 'am2' };
      await repository.move(assigned, handled, { move: 'handle', from: 'assigned', to: 'handled', at: handled.updatedAt, by: 'am2', version: 3, handling: 'Replaced.' });
      const { handling: _h, handledAt: _a, handledBy: _b, ...open } = handled;
      const reopened: Service = { ...open, status: 'assigned', feedback: 'Still broken.', satisfaction: 1, reopenCount: 1, version: 4, updatedAt: '2031-07-21T08:00:00.000Z', updatedBy: 'sales' };

      // Act
      await repository.move(handled, reopened, { move: 'feedback', from: 'handled', to: 'assigned', at: reopened.updatedAt, by: 'sales', version: 4, feedback: 'Still broken.', satisfaction: 1 });

      // Assess
      const [, assignment, handling, feedback] = await audit(service.id);
      expect(assignment).toMatchObject({ action: 'assign', actor: 'sales', customerId: service.customerId, entityVersion: 2 });
      expect(changesOf(assignment)).toEqual({ status: { old: 'created', new: 'assigned' }, assigneeId: { new: 'am2' }, assigneeName: { new: 'am2' } });
      expect(handling).toMatchObject({ action: 'transition', actor: 'am2', entityVersion: 3 });
      expect(feedback).toMatchObject({ action: 'transition', actor: 'sales', at: '2031-07-21T08:00:00.000Z', entityVersion: 4 });
      expect(changesOf(feedback)).toEqual({
        status: { old: 'handled', new: 'assigned' },
        feedback: { new: 'Still broken.' },
        satisfaction: { new: 1 },
        reopenCount: { old: 0, new: 1 },
        handling: { old: 'Replaced.' },
        handledAt: { old: '2031-07-20T08:00:00.000Z' },
        handledBy: { old: 'am2' },
      });
    });

    it('leaves no entry for a refused move (412), a refused create (404) or a replayed create', async () => {
      // Prepare
      const customerId = await ownCustomer();
      const service = newService({ customerId });
      const claim = { username: 'am1', operationId: 'createService', key: ids.next(), fingerprint: 'f1', expiresAt: Math.floor(Date.now() / 1000) + 3600 };
      await repository.create(service, created(service), { customerId }, claim);
      await assign(service, 'am1');
      const orphan = newService({ customerId: '01JZZZZZZZZZZZZZZZZZZZZZZZ' });

      // Act
      await expect(assign(service, 'am2')).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
      await expect(repository.create(orphan, created(orphan), { customerId: orphan.customerId })).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
      const replay = await repository.create(service, created(service), { customerId }, claim);

      // Assess
      expect(replay.kind).toBe('replayed');
      expect((await audit(service.id)).map((entry) => entry.action)).toEqual(['create', 'assign']);
      expect(await audit(orphan.id)).toEqual([]);
    });
  });

  it('lists by customer, assignee, status and type, newest first, within a created-date range (from inclusive, to exclusive)', async () => {
    // Prepare — a customer of its own, three requests on three days.
    const id = ids.next();
    const own = { ...customer, id, customerNo: `SV-${id.slice(-8)}` };
    await new DynamoDbCustomerRepository(client, tableName).create(own);
    const days = ['2031-08-01T00:00:00.000Z', '2031-08-02T00:00:00.000Z', '2031-08-03T00:00:00.000Z'];
    const services: Service[] = [];
    for (const [index, day] of days.entries()) {
      const service = newService({ customerId: id, createdAt: day, updatedAt: day, type: index === 1 ? 'suggestion' : 'complaint' });
      await repository.create(service, created(service), { customerId: id });
      services.push(index === 2 ? await assign(service, 'sales') : service);
    }
    const page = { limit: 25 };

    // Act
    const byCustomer = await repository.list({ customerId: id }, page);
    const inRange = await repository.list({ customerId: id, from: days[0], to: days[2] }, page);
    const suggestions = await repository.list({ customerId: id, type: 'suggestion' }, page);
    const assignedToSales = await repository.list({ assigneeId: 'sales', from: days[2], to: '2031-08-04T00:00:00.000Z' }, page);
    const created2031 = await repository.list({ status: 'created', from: days[0], to: '2031-08-03T00:00:00.000Z' }, page);

    // Assess
    expect(byCustomer.items.map((s) => s.id)).toEqual([services[2]!.id, services[1]!.id, services[0]!.id]);
    expect(inRange.items.map((s) => s.id)).toEqual([services[1]!.id, services[0]!.id]);
    expect(suggestions.items.map((s) => s.id)).toEqual([services[1]!.id]);
    expect(assignedToSales.items.map((s) => s.id)).toEqual([services[2]!.id]);
    expect(created2031.items.map((s) => s.id)).toEqual(expect.arrayContaining([services[0]!.id, services[1]!.id]));
    expect(created2031.items.every((s) => s.status === 'created')).toBe(true);
  });

  it('never leaks a storage attribute from a list or a read', async () => {
    // Act
    const { items } = await repository.list({ customerId: customer.id }, { limit: 5 });
    const found = await repository.get(items[0]!.id);

    // Assess
    for (const service of [...items, found!.service]) {
      expect(Object.keys(service).filter((key) => /^(pk|sk|gsi\d|entity)/.test(key))).toEqual([]);
    }
  });

  it('keeps the customer summaries in the customer\'s item collection for the 360 view (one Query by prefix)', async () => {
    // Act
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': customerKeys.item(customer.id).pk, ':prefix': serviceKeys.summaryPrefix },
      }),
    );

    // Assess
    expect(Items).toHaveLength(3);
    expect(Items.every((summary) => summary.entity === 'ServiceSummary')).toBe(true);
  });

  it("keeps the assignee's reminder of an unhandled request in step: put on assignment, moved on reassignment, gone once handled", async () => {
    // Prepare
    const service = newService();
    await repository.create(service, created(service), { customerId: customer.id });

    // Act
    const assigned = await assign(service, 'am1');
    const afterAssign = await raw(reminderEntity.keyOf(serviceReminderOf(assigned)!));
    const reassigned: Service = { ...assigned, assigneeId: 'am2', assigneeName: 'am2', version: 3 };
    await repository.move(assigned, reassigned, { move: 'reassign', from: 'assigned', to: 'assigned', at: `${service.createdAt.slice(0, 19)}.600Z`, by: 'sales', version: 3, assigneeId: 'am2' });
    const afterReassign = await raw(reminderEntity.keyOf(serviceReminderOf(reassigned)!));
    const handled: Service = { ...reassigned, status: 'handled', handling: 'done', version: 4 };
    await repository.move(reassigned, handled, { move: 'handle', from: 'assigned', to: 'handled', at: `${service.createdAt.slice(0, 19)}.700Z`, by: 'am2', version: 4, handling: 'done' });

    // Assess
    expect(afterAssign).toMatchObject({ kind: 'service', recipientId: 'am1', sourceId: service.id, remindAt: new Date(Date.parse(service.createdAt) + 24 * 3_600_000).toISOString() });
    expect(afterReassign).toMatchObject({ recipientId: 'am2' });
    expect(await raw(reminderEntity.keyOf(serviceReminderOf(reassigned)!))).toBeUndefined();
  });
});
