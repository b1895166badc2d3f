import { beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '#shared/core/errors';
import { DEFAULT_DICTIONARY, usageKey } from '#shared/dictionary/dictionary';
import { checkCodes, checkKnownCodes, DictionaryCache, type CodeUse } from '#shared/dictionary/lookup';
import { InMemoryDictionary } from '#test/fakes/in-memory-dictionary';

const marker = { at: '2026-11-22T08:00:00.000Z', by: 'am1' };
const region = (code: string): CodeUse => ({ type: 'regions', code, path: 'body.region' });

describe('dictionary lookup (validation cache)', () => {
  let store: InMemoryDictionary;
  let clock: number;
  let cache: DictionaryCache;

  beforeEach(() => {
    store = new InMemoryDictionary();
    clock = 0;
    cache = new DictionaryCache(store, 60_000, () => clock);
  });

  it('accepts a code of the built-in list and marks it used once', async () => {
    await checkCodes(cache, [region('east-china')], marker);
    await checkCodes(cache, [region('east-china')], marker);

    expect(store.used.get(usageKey('regions', 'east-china'))).toEqual(marker);
    // Marked once: the second request knew it from the cache, so no write.
    expect(store.markCalls).toHaveLength(1);
    expect(store.loads).toBe(1);
  });

  it('refuses an unknown code with a 400 naming the field, and marks nothing', async () => {
    const refused = checkCodes(cache, [region('atlantis'), { type: 'industries', code: 'steel', path: 'body.industry' }], marker);

    await expect(refused).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      details: { errors: [{ path: 'body.region', message: expect.stringContaining('`atlantis`') }] },
    });
    expect(store.markCalls).toEqual([]);
  });

  it('refuses an inactive code', async () => {
    store.lists.set('regions', { type: 'regions', version: 1, entries: DEFAULT_DICTIONARY.regions.map((entry) => ({ ...entry, active: entry.code !== 'overseas' })) });

    await expect(checkCodes(cache, [region('overseas')], marker)).rejects.toMatchObject({
      details: { errors: [{ path: 'body.region', message: expect.stringContaining('inactive') }] },
    });
  });

  it('sees a change made elsewhere only after the TTL (the documented staleness bound) or an invalidation', async () => {
    await checkCodes(cache, [region('east-china')], marker);
    store.lists.set('regions', { type: 'regions', version: 1, entries: [...DEFAULT_DICTIONARY.regions, { code: 'hainan', label: '海南', active: true }] });

    clock = 59_999;
    await expect(checkCodes(cache, [region('hainan')], marker)).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    clock = 60_000;
    await expect(checkCodes(cache, [region('hainan')], marker)).resolves.toBeUndefined();

    store.lists.set('regions', { type: 'regions', version: 2, entries: [...DEFAULT_DICTIONARY.regions, { code: 'tibet', label: '西藏', active: true }] });
    cache.invalidate();
    await expect(checkCodes(cache, [region('tibet')], marker)).resolves.toBeUndefined();
  });

  it('refuses a code its stale copy still lists when the store says it is gone, and reloads', async () => {
    await cache.snapshot();
    // Removed by an administrator in another container after this one loaded the list.
    store.lists.set('regions', { type: 'regions', version: 1, entries: DEFAULT_DICTIONARY.regions.filter((entry) => entry.code !== 'overseas') });

    await expect(checkCodes(cache, [region('overseas')], marker)).rejects.toMatchObject({
      details: { errors: [{ path: 'body.region', message: expect.stringContaining('just removed') }] },
    });
    expect(store.used.has(usageKey('regions', 'overseas'))).toBe(false);
    await expect(checkCodes(cache, [region('overseas')], marker)).rejects.toMatchObject({
      details: { errors: [{ path: 'body.region', message: expect.stringContaining('Unknown code') }] },
    });
    expect(store.loads).toBe(2);
  });

  it('filters: refuses a code not in the list, accepts an inactive one, marks nothing', async () => {
    store.lists.set('regions', { type: 'regions', version: 1, entries: DEFAULT_DICTIONARY.regions.map((entry) => ({ ...entry, active: entry.code !== 'overseas' })) });

    await expect(checkKnownCodes(cache, [{ type: 'regions', code: 'overseas', path: 'query.region' }])).resolves.toBeUndefined();
    await expect(checkKnownCodes(cache, [{ type: 'regions', code: 'atlantis', path: 'query.region' }])).rejects.toMatchObject({
      details: { errors: [{ path: 'query.region', message: expect.stringContaining('`atlantis`') }] },
    });
    expect(store.markCalls).toEqual([]);
  });

  it('shares one load between concurrent requests', async () => {
    await Promise.all([cache.snapshot(), cache.snapshot(), cache.snapshot()]);
    expect(store.loads).toBe(1);
  });
});
