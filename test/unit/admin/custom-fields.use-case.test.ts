import { beforeEach, describe, expect, it } from 'vitest';
import { createCustomField } from '#functions/admin/custom-fields/create-custom-field.use-case';
import type { CustomFieldDependencies } from '#functions/admin/custom-fields/custom-field.ports';
import { createCustomFieldBody, updateCustomFieldBody } from '#functions/admin/custom-fields/custom-field.schema';
import { listCustomFields } from '#functions/admin/custom-fields/list-custom-fields.use-case';
import { updateCustomField } from '#functions/admin/custom-fields/update-custom-field.use-case';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { MAX_FIELDS_PER_ENTITY_TYPE } from '#shared/custom-fields/custom-field';
import { callers, PINNED_NOW } from '#test/fakes/customer-test-kit';
import { InMemoryCustomFields } from '#test/fakes/in-memory-custom-fields';

const input = (body: Record<string, unknown>) => createCustomFieldBody.parse(body);
const tier = { entityType: 'customer', key: 'tier', label: '分层', type: 'singleSelect', options: [{ code: 'gold', label: '金' }, { code: 'silver', label: '银' }] };

describe('custom-field definitions (use cases)', () => {
  let store: InMemoryCustomFields;
  let deps: CustomFieldDependencies;

  beforeEach(() => {
    store = new InMemoryCustomFields();
    deps = { fields: store, clock: { now: () => PINNED_NOW }, ids: ulidGenerator(seededRandom(7)) };
  });

  it('defines a select field at version 1 with defaults, and audits its creation', async () => {
    const outcome = await createCustomField(deps, { caller: callers.admin, input: input(tier) });

    expect(outcome.kind).toBe('created');
    expect(outcome.field).toMatchObject({
      entityType: 'customer', key: 'tier', type: 'singleSelect', required: false, active: true, order: 0, version: 1,
      options: [{ code: 'gold', label: '金', active: true }, { code: 'silver', label: '银', active: true }],
      createdAt: PINNED_NOW.toISOString(), createdBy: 'admin',
    });
    expect(store.audit).toEqual([
      expect.objectContaining({ action: 'create', entityType: 'custom-field', entityId: outcome.field.id, entityVersion: 1 }),
    ]);
  });

  it('refuses options on a non-select field and a select field without options (400 naming body.options)', async () => {
    const withOptions = createCustomField(deps, { caller: callers.admin, input: input({ ...tier, type: 'text' }) });
    const without = createCustomField(deps, { caller: callers.admin, input: input({ ...tier, options: undefined }) });
    const noneActive = createCustomField(deps, { caller: callers.admin, input: input({ ...tier, options: [{ code: 'a', label: 'A', active: false }] }) });

    for (const attempt of [withOptions, without, noneActive]) {
      await expect(attempt).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [expect.objectContaining({ path: 'body.options' })] } });
    }
    expect(store.fields.size).toBe(0);
  });

  it('keeps a key unique per entity type (409), and lets another entity type use it', async () => {
    await createCustomField(deps, { caller: callers.admin, input: input(tier) });

    const again = createCustomField(deps, { caller: callers.admin, input: input(tier) });
    const contact = await createCustomField(deps, { caller: callers.admin, input: input({ ...tier, entityType: 'contact' }) });

    await expect(again).rejects.toMatchObject({ code: ErrorCode.CustomFieldKeyTaken });
    expect(contact.field.entityType).toBe('contact');
  });

  it(`refuses a ${MAX_FIELDS_PER_ENTITY_TYPE + 1}st field of one entity type`, async () => {
    for (let index = 0; index < MAX_FIELDS_PER_ENTITY_TYPE; index += 1) {
      await createCustomField(deps, { caller: callers.admin, input: input({ entityType: 'order', key: `f${index}`, label: 'F', type: 'number' }) });
    }

    const over = createCustomField(deps, { caller: callers.admin, input: input({ entityType: 'order', key: 'oneMore', label: 'F', type: 'number' }) });

    await expect(over).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [expect.objectContaining({ path: 'body.entityType' })] } });
  });

  it('replays an idempotent create', async () => {
    const idempotency = { username: 'admin', operationId: 'createCustomField', key: 'key-12345678', fingerprint: 'f1' };
    const first = await createCustomField(deps, { caller: callers.admin, input: input(tier), idempotency });

    const replay = await createCustomField(deps, { caller: callers.admin, input: input(tier), idempotency });

    expect(replay).toEqual({ kind: 'replayed', field: first.field });
    expect(store.fields.size).toBe(1);
  });

  it('lists in display order (order, then key), one entity type or all', async () => {
    await createCustomField(deps, { caller: callers.admin, input: input({ entityType: 'customer', key: 'b', label: 'B', type: 'text', order: 1 }) });
    await createCustomField(deps, { caller: callers.admin, input: input({ entityType: 'customer', key: 'a', label: 'A', type: 'text', order: 1 }) });
    await createCustomField(deps, { caller: callers.admin, input: input({ entityType: 'customer', key: 'z', label: 'Z', type: 'text', order: 0 }) });
    await createCustomField(deps, { caller: callers.admin, input: input({ entityType: 'service', key: 's', label: 'S', type: 'boolean' }) });

    const customer = await listCustomFields(deps, { query: { entityType: 'customer' } });
    const all = await listCustomFields(deps, { query: {} });

    expect(customer.map((field) => field.key)).toEqual(['z', 'a', 'b']);
    expect(all.map((field) => `${field.entityType}.${field.key}`)).toEqual(['customer.z', 'customer.a', 'customer.b', 'service.s']);
  });

  describe('updates', () => {
    let id: string;
    beforeEach(async () => {
      id = (await createCustomField(deps, { caller: callers.admin, input: input(tier) })).field.id;
    });

    it('relabels, deactivates an option, adds one, makes the field required: version 2, audited per field', async () => {
      const changes = updateCustomFieldBody.parse({
        label: '客户分层',
        required: true,
        options: [{ code: 'gold', label: '金' }, { code: 'silver', label: '银', active: false }, { code: 'bronze', label: '铜' }],
      });

      const updated = await updateCustomField(deps, { caller: callers.admin, id, changes, expectedVersion: 1 });

      expect(updated).toMatchObject({ key: 'tier', type: 'singleSelect', label: '客户分层', required: true, version: 2 });
      expect(updated.options?.map((option) => `${option.code}:${option.active}`)).toEqual(['gold:true', 'silver:false', 'bronze:true']);
      expect(store.audit.at(-1)?.changes.map((change) => change.field)).toEqual(['label', 'required', 'options']);
    });

    it('refuses to remove an option code (codes are stable), naming body.options', async () => {
      const changes = updateCustomFieldBody.parse({ options: [{ code: 'gold', label: '金' }] });

      const attempt = updateCustomField(deps, { caller: callers.admin, id, changes, expectedVersion: 1 });

      await expect(attempt).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [expect.objectContaining({ path: 'body.options', message: expect.stringContaining('`silver`') })] } });
      expect((await store.get(id))?.version).toBe(1);
    });

    it('answers 412 on a stale version and 404 on an unknown id', async () => {
      const stale = updateCustomField(deps, { caller: callers.admin, id, changes: { active: false }, expectedVersion: 2 });
      const missing = updateCustomField(deps, { caller: callers.admin, id: '01JD0000000000000000000000', changes: { active: false }, expectedVersion: 1 });

      await expect(stale).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
      await expect(missing).rejects.toMatchObject({ code: ErrorCode.CustomFieldNotFound });
    });

    it('refuses key and type in a PATCH (immutable): the schema names them', () => {
      const parsed = updateCustomFieldBody.safeParse({ key: 'other', type: 'text', label: 'x' });

      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.flatMap((issue) => ('keys' in issue ? issue.keys : []))).toEqual(['key', 'type']);
    });
  });

  it('refuses names of Object.prototype members as keys and option codes (the DynamoDB marshaller cannot store them as map keys)', () => {
    // Prepare
    const reservedKey = { ...tier, key: 'constructor' };
    const reservedCode = { ...tier, options: [{ code: 'constructor', label: '构造' }] };

    // Act
    const byKey = createCustomFieldBody.safeParse(reservedKey);
    const byCode = createCustomFieldBody.safeParse(reservedCode);

    // Assess
    expect(byKey.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['key']);
    expect(byCode.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['options.0.code']);
    expect(createCustomFieldBody.safeParse(tier).success).toBe(true);
  });
});
