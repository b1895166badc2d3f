import { randomBytes } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomField } from '#functions/admin/custom-fields/create-custom-field.use-case';
import type { CustomFieldDependencies } from '#functions/admin/custom-fields/custom-field.ports';
import { DynamoDbCustomFieldRepository } from '#functions/admin/custom-fields/custom-field.repository';
import { createCustomFieldBody } from '#functions/admin/custom-fields/custom-field.schema';
import { updateCustomField } from '#functions/admin/custom-fields/update-custom-field.use-case';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { ensureTable } from '#local/bootstrap-table';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { searchPrefixOf } from '#shared/core/search-key';
import { DynamoDbCustomFieldSource } from '#shared/custom-fields/custom-field-definitions.repository';
import { createDocumentClient } from '#shared/db/client';
import { customerKeys } from '#shared/keys/customer.keys';
import { auditEntriesOf, changesOf } from '#test/support/audit-entries';
import { ddbClient, useLocalStack, useScratchDynamoDb } from '#test/support/e2e';
import { callers } from '#test/fakes/customer-test-kit';

// Tables of its own only: in the run's second DynamoDB Local (test/support/e2e.ts says why).
useScratchDynamoDb();

/**
 * The custom-field store and the customer repository's custom values on DynamoDB Local, on a table of their own:
 * definitions are global per entity type, and the e2e suites running in parallel must not see these.
 */
describe('custom fields (DynamoDB Local)', () => {
  const tableName = `crm-int-custom-fields-${randomBytes(4).toString('hex')}`;
  const at = '2026-12-06T08:00:00.000Z';
  const ids = ulidGenerator(seededRandom(17));
  let client: ReturnType<typeof createDocumentClient>;
  let repository: DynamoDbCustomFieldRepository;
  let customers: DynamoDbCustomerRepository;
  let deps: CustomFieldDependencies;

  beforeAll(async () => {
    const info = useLocalStack();
    const admin = ddbClient();
    await ensureTable(admin, tableName);
    admin.destroy();
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    repository = new DynamoDbCustomFieldRepository(client, tableName);
    customers = new DynamoDbCustomerRepository(client, tableName);
    deps = { fields: repository, clock: { now: () => new Date(at) }, ids };
  });
  afterAll(async () => {
    const admin = ddbClient();
    await admin.send(new DeleteTableCommand({ TableName: tableName }));
    admin.destroy();
    client.destroy();
  });

  const define = (body: Record<string, unknown>, idempotency?: { username: string; operationId: string; key: string; fingerprint: string }) =>
    createCustomField(deps, { caller: callers.admin, input: createCustomFieldBody.parse(body), ...(idempotency ? { idempotency } : {}) });

  it('stores a definition under its entity type and key, finds it by id, lists it; the audit entry in the same transaction', async () => {
    const { field } = await define({ entityType: 'customer', key: 'tier', label: '分层', type: 'singleSelect', options: [{ code: 'gold', label: '金' }, { code: 'silver', label: '银' }] });

    const item = (await client.send(new GetCommand({ TableName: tableName, Key: { pk: 'CUSTOM_FIELDS#customer', sk: 'FIELD#tier' } }))).Item;
    expect(item).toMatchObject({ entity: 'CustomField', id: field.id, version: 1 });
    expect(await repository.get(field.id)).toEqual(field);
    expect(await new DynamoDbCustomFieldSource(client, tableName).definitionsOf('customer')).toEqual([field]);
    expect(await repository.list('contact')).toEqual([]);
    const [entry] = await auditEntriesOf(client, tableName, 'custom-field', field.id);
    expect(changesOf(entry)).toMatchObject({ key: { new: 'tier' }, type: { new: 'singleSelect' } });
  });

  it('refuses a taken key (409) and replays an idempotent create without a second definition', async () => {
    const idempotency = { username: 'admin', operationId: 'createCustomField', key: 'int-key-0001', fingerprint: 'fp-1' };
    const first = await define({ entityType: 'contact', key: 'hobby', label: '爱好', type: 'text' }, idempotency);

    const replay = await define({ entityType: 'contact', key: 'hobby', label: '爱好', type: 'text' }, idempotency);
    const taken = define({ entityType: 'contact', key: 'hobby', label: '另一个', type: 'text' });

    expect(replay).toEqual({ kind: 'replayed', field: first.field });
    await expect(taken).rejects.toMatchObject({ code: ErrorCode.CustomFieldKeyTaken });
    expect(await repository.list('contact')).toHaveLength(1);
  });

  it('updates under the version read: a stale one is refused (412) and writes nothing', async () => {
    const { field } = await define({ entityType: 'order', key: 'po', label: 'PO', type: 'text' });

    const updated = await updateCustomField(deps, { caller: callers.admin, id: field.id, changes: { active: false }, expectedVersion: 1 });
    const stale = repository.update({ ...updated, label: 'x', version: 3 }, 1, { at, actor: 'admin', action: 'update', entityType: 'custom-field', entityId: field.id, changes: [] });

    await expect(stale).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    expect(await repository.get(field.id)).toMatchObject({ active: false, label: 'PO', version: 2 });
    expect(await auditEntriesOf(client, tableName, 'custom-field', field.id)).toHaveLength(2);
  });

  describe('customer values', () => {
    const newCustomer = (name: string, custom?: Customer['custom']): Customer => {
      const id = ids.next();
      return {
        id, customerNo: `CF-${id.slice(-8)}`, name, level: 'ordinary', status: 'active', ownerId: 'am1', ownerName: 'Li Lei', tags: [],
        ...(custom ? { custom } : {}), version: 1, createdAt: at, createdBy: 'admin', updatedAt: at, updatedBy: 'admin',
      };
    };

    it('merges a PATCH into the stored map, and removes the attribute when no value is left; audited per key', async () => {
      const customer = newCustomer('Custom merge', { tier: 'gold', size: 3 });
      await customers.create(customer);

      const merged = await customers.update(customer.id, { custom: { tier: 'silver', size: null, note: 'n' } }, { expectedVersion: 1 }, { username: 'admin', at });
      const emptied = await customers.update(customer.id, { custom: { tier: null, note: null } }, { expectedVersion: 2 }, { username: 'admin', at });

      expect(merged.custom).toEqual({ tier: 'silver', note: 'n' });
      expect(emptied.custom).toBeUndefined();
      const item = (await client.send(new GetCommand({ TableName: tableName, Key: customerKeys.item(customer.id) }))).Item;
      expect(item).not.toHaveProperty('custom');
      const entries = await auditEntriesOf(client, tableName, 'customer', customer.id);
      expect(changesOf(entries[1])).toEqual({ 'custom.tier': { old: 'gold', new: 'silver' }, 'custom.size': { old: 3 }, 'custom.note': { new: 'n' } });
    });

    it('filters a list by a single select (equals) and a multi select (contains), over the chosen Query', async () => {
      const prefix = `CF filter ${randomBytes(3).toString('hex')}`;
      const gold = newCustomer(`${prefix} a`, { tier: 'gold', areas: ['north', 'south'] });
      const silver = newCustomer(`${prefix} b`, { tier: 'silver', areas: ['south'] });
      const none = newCustomer(`${prefix} c`);
      for (const customer of [gold, silver, none]) await customers.create(customer);
      const search = searchPrefixOf(prefix);

      const byTier = await customers.list({ search, custom: [{ key: 'tier', code: 'gold', match: 'equals' }] }, { limit: 10 });
      const byArea = await customers.list({ search, custom: [{ key: 'areas', code: 'south', match: 'contains' }] }, { limit: 10 });
      const both = await customers.list({ search, custom: [{ key: 'tier', code: 'silver', match: 'equals' }, { key: 'areas', code: 'north', match: 'contains' }] }, { limit: 10 });

      expect(byTier.items.map((item) => item.id)).toEqual([gold.id]);
      expect(byArea.items.map((item) => item.id).sort()).toEqual([gold.id, silver.id].sort());
      expect(both.items).toEqual([]);
    });
  });

  it('holds the 50-field limit under concurrent creates: the count item in each create transaction refuses the 51st', async () => {
    // Prepare: 45 service fields, five at a time.
    const body = (n: number) => ({ entityType: 'service', key: `svc${n}`, label: `Service ${n}`, type: 'text' });
    for (let n = 0; n < 45; n += 5) await Promise.all([0, 1, 2, 3, 4].map((k) => define(body(n + k))));

    // Act: ten creates at once — each reads 45 definitions, so the read alone would let all ten through.
    const burst = await Promise.allSettled(Array.from({ length: 10 }, (_, k) => define(body(100 + k))));
    // Any refused only by a transaction conflict may try again, one after another, until the limit answers.
    const later: string[] = [];
    for (let k = 0; k < 10; k += 1) {
      try {
        await define(body(200 + k));
      } catch (error) {
        later.push((error as { code?: string }).code ?? 'unknown');
        break;
      }
    }

    // Assess
    const refusals = burst.filter((outcome) => outcome.status === 'rejected').map((outcome) => (outcome.reason as { code?: string; details?: unknown }));
    expect(refusals.length).toBeGreaterThanOrEqual(5);
    for (const refusal of refusals) expect([ErrorCode.ValidationFailed, ErrorCode.ConcurrentChange, ErrorCode.ServiceBusy]).toContain(refusal.code);
    expect(refusals.filter((refusal) => refusal.code === ErrorCode.ValidationFailed)[0]).toMatchObject({ details: { errors: [{ path: 'body.entityType' }] } });
    expect(later).toEqual([ErrorCode.ValidationFailed]);
    expect(await repository.list('service')).toHaveLength(50);
    expect((await client.send(new GetCommand({ TableName: tableName, Key: { pk: 'CUSTOM_FIELDS#service', sk: 'COUNT' } }))).Item).toMatchObject({ fieldCount: 50 });
  });
});
