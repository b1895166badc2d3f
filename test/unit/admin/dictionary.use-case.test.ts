import { beforeEach, describe, expect, it } from 'vitest';
import type { DictionaryDependencies } from '#functions/admin/dictionary/dictionary.ports';
import { replaceDictionaryBody } from '#functions/admin/dictionary/dictionary.schema';
import { getDictionaryType } from '#functions/admin/dictionary/get-dictionary-type.use-case';
import { listDictionary } from '#functions/admin/dictionary/list-dictionary.use-case';
import { replaceDictionaryType } from '#functions/admin/dictionary/replace-dictionary-type.use-case';
import { ErrorCode } from '#shared/core/errors';
import { DEFAULT_DICTIONARY, DICTIONARY_TYPES, usageKey } from '#shared/dictionary/dictionary';
import { callers, PINNED_NOW } from '#test/fakes/customer-test-kit';
import { InMemoryDictionary } from '#test/fakes/in-memory-dictionary';

const levels = DEFAULT_DICTIONARY['customer-levels'];

describe('dictionary use cases', () => {
  let store: InMemoryDictionary;
  let deps: DictionaryDependencies;
  let invalidations: number;

  beforeEach(() => {
    store = new InMemoryDictionary();
    invalidations = 0;
    deps = { dictionary: store, clock: { now: () => PINNED_NOW }, afterChange: () => (invalidations += 1) };
  });

  it('shows the built-in lists at version 0 until an administrator replaces one', async () => {
    const all = await listDictionary(deps);

    expect(all.map((list) => list.type)).toEqual([...DICTIONARY_TYPES]);
    expect(all.every((list) => list.version === 0 && list.createdAt === undefined)).toBe(true);
    // The customer levels of the source specification, with the codes customers already carry.
    expect((await getDictionaryType(deps, 'customer-levels')).entries.map((entry) => entry.code)).toEqual([
      'ordinary',
      'key-prospect',
      'major',
      'partner',
      'strategic-partner',
    ]);
  });

  it('relabels a used code and adds a new one: version 1, audit entry per changed code, cache dropped', async () => {
    store.used.set(usageKey('customer-levels', 'major'), { at: PINNED_NOW.toISOString(), by: 'am1' });
    const entries = [...levels.map((entry) => (entry.code === 'major' ? { ...entry, label: '重要客户' } : entry)), { code: 'vip', label: 'VIP', active: true }];

    const replaced = await replaceDictionaryType(deps, { caller: callers.admin, type: 'customer-levels', input: { entries }, expectedVersion: 0 });

    expect(replaced).toMatchObject({ version: 1, usedCodes: ['major'], createdBy: 'admin', updatedAt: PINNED_NOW.toISOString() });
    expect((await getDictionaryType(deps, 'customer-levels')).entries).toEqual(entries);
    expect(store.audit).toEqual([
      {
        at: PINNED_NOW.toISOString(),
        actor: 'admin',
        action: 'update',
        entityType: 'dictionary',
        entityId: 'customer-levels',
        entityVersion: 1,
        changes: [
          { field: 'major', old: { label: '大客户', active: true }, new: { label: '重要客户', active: true } },
          { field: 'vip', new: { label: 'VIP', active: true } },
        ],
      },
    ]);
    expect(invalidations).toBe(1);
  });

  it('refuses to remove a used code (409 naming it) and writes nothing; an unused one may go', async () => {
    store.used.set(usageKey('regions', 'east-china'), { at: PINNED_NOW.toISOString(), by: 'am1' });
    const without = (code: string) => DEFAULT_DICTIONARY.regions.filter((entry) => entry.code !== code);

    const refused = replaceDictionaryType(deps, { caller: callers.admin, type: 'regions', input: { entries: without('east-china') }, expectedVersion: 0 });

    await expect(refused).rejects.toMatchObject({ code: ErrorCode.DictionaryCodeInUse, message: expect.stringContaining('`east-china`') });
    expect(store.lists.size).toBe(0);
    expect(store.audit).toEqual([]);
    expect(invalidations).toBe(0);

    const removed = await replaceDictionaryType(deps, { caller: callers.admin, type: 'regions', input: { entries: without('overseas') }, expectedVersion: 0 });
    expect(removed.entries.map((entry) => entry.code)).not.toContain('overseas');
    expect(store.audit[0]?.changes).toEqual([{ field: 'overseas', old: { label: '海外', active: true } }]);
  });

  it('lets a used code be deactivated instead', async () => {
    store.used.set(usageKey('lost-reasons', 'price'), { at: PINNED_NOW.toISOString(), by: 'sales' });
    const entries = DEFAULT_DICTIONARY['lost-reasons'].map((entry) => (entry.code === 'price' ? { ...entry, active: false } : entry));

    const replaced = await replaceDictionaryType(deps, { caller: callers.admin, type: 'lost-reasons', input: { entries }, expectedVersion: 0 });

    expect(replaced.entries.find((entry) => entry.code === 'price')).toEqual({ code: 'price', label: '价格因素', active: false });
  });

  it('needs the version read (412 otherwise), and counts up from it', async () => {
    const input = { entries: [...DEFAULT_DICTIONARY['service-types']] };
    await replaceDictionaryType(deps, { caller: callers.admin, type: 'service-types', input, expectedVersion: 0 });

    await expect(replaceDictionaryType(deps, { caller: callers.admin, type: 'service-types', input, expectedVersion: 0 })).rejects.toMatchObject({
      code: ErrorCode.VersionConflict,
    });
    const second = await replaceDictionaryType(deps, { caller: callers.admin, type: 'service-types', input, expectedVersion: 1 });
    expect(second).toMatchObject({ version: 2, createdAt: PINNED_NOW.toISOString() });
    expect(store.audit).toHaveLength(2);
  });
});

describe('dictionary PUT body', () => {
  const issuesOf = (body: unknown) => {
    const result = replaceDictionaryBody.safeParse(body);
    return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
  };

  it('accepts CJK labels and defaults active to true', () => {
    expect(replaceDictionaryBody.parse({ entries: [{ code: 'north-china', label: '华北' }] })).toEqual({
      entries: [{ code: 'north-china', label: '华北', active: true }],
    });
  });

  it.each([
    ['an empty list', { entries: [] }, 'entries'],
    ['a duplicate code', { entries: [{ code: 'a', label: 'A' }, { code: 'a', label: 'B' }] }, 'entries.1.code'],
    ['an unknown field', { entries: [{ code: 'a', label: 'A', sortOrder: 1 }] }, 'entries.0'],
    ['a `#` in a code', { entries: [{ code: 'a#b', label: 'A' }] }, 'entries.0.code'],
    ['a `:` in a code', { entries: [{ code: 'a:b', label: 'A' }] }, 'entries.0.code'],
    ['`__proto__` as a code', { entries: [{ code: '__proto__', label: 'A' }] }, 'entries.0.code'],
    ['an upper-case code', { entries: [{ code: 'North', label: 'A' }] }, 'entries.0.code'],
    ['an empty label', { entries: [{ code: 'a', label: ' ' }] }, 'entries.0.label'],
    ['no active entry', { entries: [{ code: 'a', label: 'A', active: false }] }, 'entries'],
    ['a field beside entries', { entries: [{ code: 'a', label: 'A' }], version: 3 }, ''],
  ])('refuses %s', (_, body, path) => {
    expect(issuesOf(body)).toContain(path);
  });
});
