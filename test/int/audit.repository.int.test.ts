import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, AuditPageRequest, PageKey } from '#functions/admin/audit/audit.ports';
import { DynamoDbAuditReader } from '#functions/admin/audit/audit.repository';
import { auditEntrySchema } from '#functions/admin/audit/audit.schema';
import type { AuditEntry, AuditEvent } from '#shared/audit/audit';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { auditPut, toAuditItem } from '#shared/audit/audit.writes';
import { createDocumentClient } from '#shared/db/client';
import { customerKeys } from '#shared/keys/customer.keys';
import { useLocalStack } from '#test/support/e2e';

/** The audit trail's read side on DynamoDB Local: each view one Query, newest first, paged, day-bounded, no key leaks. */
describe('DynamoDbAuditReader on DynamoDB Local', () => {
  const ids = ulidGenerator(seededRandom(808));
  let client: ReturnType<typeof createDocumentClient>;
  let reader: DynamoDbAuditReader;
  let tableName: string;
  // Unique per run: the emulator is shared by every test file.
  const customerId = ids.next();
  const actor = `int-audit-${customerId.slice(-10).toLowerCase()}`;
  // A day no other test writes on, so the day view's content is exactly what this file wrote.
  const quietDay = `2011-03-${String(1 + (Number.parseInt(customerId.slice(-2), 36) % 28)).padStart(2, '0')}`;

  const write = async (event: Partial<AuditEvent> & Pick<AuditEvent, 'at'>): Promise<AuditEntry> => {
    const put = auditPut(tableName, { actor, action: 'update', entityType: 'customer', entityId: customerId, customerId, changes: [], ...event });
    await client.send(new TransactWriteCommand({ TransactItems: [put] }));
    const { pk: _pk, sk: _sk, entity: _entity, ...rest } = put.Put.Item as Record<string, unknown>;
    return Object.fromEntries(Object.entries(rest).filter(([key]) => !/^gsi\d/.test(key))) as unknown as AuditEntry;
  };
  const pageThrough = async (read: (page: AuditPageRequest) => Promise<AuditPage>, limit: number): Promise<AuditEntry[]> => {
    const items: AuditEntry[] = [];
    let startKey: PageKey | undefined;
    for (let pages = 0; pages < 50; pages += 1) {
      const page = await read({ limit, startKey });
      items.push(...page.items);
      if (!page.lastKey) return items;
      startKey = page.lastKey;
    }
    throw new Error('paging does not end');
  };
  const newestFirst = (entries: AuditEntry[]) => [...entries].sort((a, b) => (`${a.at}#${a.id}` < `${b.at}#${b.id}` ? 1 : -1));

  let made: AuditEntry[];

  beforeAll(async () => {
    const info = useLocalStack();
    tableName = info.tableName;
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    reader = new DynamoDbAuditReader(client, tableName);
    made = [];
    made.push(await write({ at: `${quietDay}T08:00:00.000Z`, action: 'create', changes: [{ field: 'name', new: '北京石油' }] }));
    made.push(await write({ at: `${quietDay}T09:00:00.000Z`, changes: [{ field: 'level', old: 'major', new: 'partner' }, { field: 'phone', old: '1' }] }));
    made.push(await write({ at: `${quietDay}T09:00:00.000Z`, entityType: 'contact', entityId: ids.next(), changes: [{ field: 'tags', old: ['a'], new: ['a', 'b'] }] }));
    made.push(await write({ at: `${quietDay}T23:59:59.999Z`, entityType: 'order', entityId: ids.next() }));
    made.push(await write({ at: '2011-04-30T10:00:00.000Z', note: 'moved' }));
  });
  afterAll(() => client.destroy());

  it("reads one record's partition newest first, in complete pages, with only the entry's fields", async () => {
    // Act
    const items = await pageThrough((page) => reader.ofRecord('customer', customerId, page), 2);

    // Assess
    expect(items).toEqual(newestFirst(made.filter((entry) => entry.entityType === 'customer')));
    for (const item of items) expect(auditEntrySchema.parse(item)).toEqual(item);
  });

  it('reads the customer view (the customer and every record under it) and the actor view the same way', async () => {
    // Act
    const ofCustomer = await pageThrough((page) => reader.ofCustomer(customerId, page), 3);
    const ofActor = await pageThrough((page) => reader.ofActor(actor, page), 1);

    // Assess
    expect(ofCustomer).toEqual(newestFirst(made));
    expect(ofActor).toEqual(newestFirst(made));
  });

  it('narrows a view to UTC days, both included', async () => {
    // Act
    const page = await reader.ofCustomer(customerId, { limit: 25, range: { from: quietDay, to: quietDay } });
    const after = await reader.ofCustomer(customerId, { limit: 25, range: { from: '2011-04-01' } });
    const before = await reader.ofCustomer(customerId, { limit: 25, range: { to: '2011-04-29' } });

    // Assess
    expect(page.items).toEqual(newestFirst(made.slice(0, 4)));
    expect(after.items).toEqual([made[4]]);
    expect(before.items).toEqual(newestFirst(made.slice(0, 4)));
  });

  it("reads one day's partition", async () => {
    // Act
    const items = await pageThrough((page) => reader.ofDay(quietDay, page), 3);

    // Assess
    expect(items).toEqual(newestFirst(made.slice(0, 4)));
  });

  it('tells who owns a customer and whether it is archived, and nothing for a missing one', async () => {
    // Prepare
    const archivedId = ids.next();
    await client.send(new PutCommand({ TableName: tableName, Item: { ...customerKeys.item(customerId), id: customerId, ownerId: 'am1', name: 'x' } }));
    await client.send(new PutCommand({ TableName: tableName, Item: { ...customerKeys.item(archivedId), id: archivedId, ownerId: 'am2', deletedAt: '2011-05-01T00:00:00.000Z' } }));

    // Act
    const owned = await reader.customerOwnership(customerId);
    const archived = await reader.customerOwnership(archivedId);
    const missing = await reader.customerOwnership(ids.next());

    // Assess
    expect(owned).toEqual({ ownerId: 'am1', archived: false });
    expect(archived).toEqual({ ownerId: 'am2', archived: true });
    expect(missing).toBeUndefined();
  });

  it('never overwrites an entry: a second Put of the same entry is refused', async () => {
    // Prepare
    const [first] = made;
    const put = auditPut(tableName, { ...first!, changes: [] });
    const forged = { ...put.Put, Item: toAuditItem({ ...first!, changes: [{ field: 'name', new: 'forged' }] }) };

    // Act
    const refused = client.send(new PutCommand(forged));

    // Assess
    await expect(refused).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    const [stored] = (await reader.ofRecord('customer', customerId, { limit: 25, range: { to: quietDay } })).items.slice(-1);
    expect(stored).toEqual(first);
  });
});
