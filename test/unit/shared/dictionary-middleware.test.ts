import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '#shared/core/errors';
import { usageKey } from '#shared/dictionary/dictionary';
import { useDictionaryCache } from '#shared/dictionary/dictionary.container';
import { DictionaryCache } from '#shared/dictionary/lookup';
import { dictionaryCodes } from '#shared/dictionary/middleware';
import { InMemoryDictionary } from '#test/fakes/in-memory-dictionary';

type Before = (request: unknown) => Promise<void>;

/** Runs the middleware's `before` on a request whose validated input is `body` / `query`. */
const run = (middleware: ReturnType<typeof dictionaryCodes>, input: { body?: unknown; query?: unknown }) =>
  (middleware.before as Before)({ event: { crm: { principal: { username: 'am1' }, body: input.body, query: input.query } } });

describe('dictionaryCodes middleware', () => {
  let store: InMemoryDictionary;

  beforeEach(() => {
    store = new InMemoryDictionary();
    useDictionaryCache(new DictionaryCache(store));
  });
  afterEach(() => useDictionaryCache(undefined));

  const customerFields = dictionaryCodes({ level: 'customer-levels', region: 'regions', industry: 'industries' });

  it('checks only the fields present as strings: absent and null (cleared) fields are not codes', async () => {
    await run(customerFields, { body: { level: 'major', region: null } });

    expect([...store.used.keys()]).toEqual([usageKey('customer-levels', 'major')]);
  });

  it('reports every unknown code at once, by body path', async () => {
    await expect(run(customerFields, { body: { level: 'vip', region: 'atlantis', industry: 'steel' } })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      details: { errors: [{ path: 'body.level' }, { path: 'body.region' }] },
    });
    expect(store.used.size).toBe(0);
  });

  it('checks query filters by query path, without marking anything', async () => {
    const filter = dictionaryCodes({ type: 'service-types' }, { part: 'query' });

    await expect(run(filter, { query: { type: 'praise' } })).rejects.toMatchObject({ details: { errors: [{ path: 'query.type' }] } });
    await run(filter, { query: { type: 'complaint' } });
    await run(filter, { query: {} });
    expect(store.used.size).toBe(0);
  });
});
