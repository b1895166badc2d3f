import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import type { api } from '#test/support/e2e';
import { DICTIONARY_TYPES } from '#shared/dictionary/dictionary';
import { uniqueName, type RouteScenario } from './route-scenario';

type Client = ReturnType<typeof api>;
export interface DictionaryListBody {
  type: string;
  entries: { code: string; label: string; active: boolean }[];
  usedCodes: string[];
  version: number;
}

/**
 * The dictionary is global state shared by every test file running in parallel. The suite writes ONE type only,
 * `customer-sources` (no other test depends on its codes), and only adds unique codes — so the other six lists stay
 * at their built-in version 0, and nothing another test relies on is ever removed or renamed.
 */
export const SANDBOX_TYPE = 'customer-sources';
const SANDBOX_PATH = `/v1/dictionary/${SANDBOX_TYPE}`;
/** Keeps the sandbox list above the versions generated requests guess (`"0"` … `"3"`, test/e2e/fuzz.e2e.test.ts). */
const SANDBOX_MIN_VERSION = 4;

export const uniqueCode = (label: string): string => `${label}-${randomUUID().slice(0, 8)}`;

export const readList = async (client: Client, type: string = SANDBOX_TYPE): Promise<DictionaryListBody> => {
  const response = await client.get<DictionaryListBody>(`/v1/dictionary/${type}`, { as: 'admin' });
  expect(response.status, response.text).toBe(200);
  return response.json;
};

export const putList = (client: Client, entries: unknown, version: number, as = 'admin', type: string = SANDBOX_TYPE) =>
  client.request<DictionaryListBody>('PUT', `/v1/dictionary/${type}`, { as, body: { entries }, headers: { 'if-match': `"${version}"` } });

/**
 * Read-modify-write of the sandbox list as an administrator, again on 412 (another test file wrote it between the
 * read and the write), exactly as a client would.
 */
export const editSandbox = async (
  client: Client,
  edit: (entries: DictionaryListBody['entries']) => DictionaryListBody['entries'],
): Promise<DictionaryListBody> => {
  for (let attempt = 1; ; attempt += 1) {
    const current = await readList(client);
    const response = await putList(client, edit(current.entries), current.version);
    if (response.status === 200) return response.json;
    expect(response.status === 412 && attempt < 5, response.text).toBe(true);
  }
};

/**
 * The sandbox list, made safe for the shared matrix and fuzz suites: at least version 4 (so the If-Match values
 * they guess are stale) and with a used code (so a generated replacement — which drops it — is refused, 409).
 */
const arrangeSandbox = async (client: Client): Promise<DictionaryListBody> => {
  let current = await readList(client);
  while (current.version < SANDBOX_MIN_VERSION) current = await editSandbox(client, (entries) => entries);
  if (current.usedCodes.length === 0) {
    const used = await client.post('/v1/customers', { name: uniqueName('dictionary sandbox'), ownerId: 'am1', source: current.entries.find((entry) => entry.active)!.code }, { as: 'admin' });
    expect(used.status, used.text).toBe(201);
    current = await readList(client);
  }
  return current;
};

/** How to exercise the data-dictionary routes in the generated authorization matrix (everyone reads, admin writes). */
export const DICTIONARY_SCENARIOS = {
  listDictionary: {
    target: 'collection',
    successStatus: 200,
    async arrange() {
      return {
        method: 'GET',
        path: '/v1/dictionary',
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          const { items } = response.json as { items: DictionaryListBody[] };
          expect(items.map((item) => item.type)).toEqual([...DICTIONARY_TYPES]);
        },
      };
    },
  },
  getDictionaryType: {
    target: 'collection',
    successStatus: 200,
    async arrange() {
      return {
        method: 'GET',
        path: '/v1/dictionary/customer-levels',
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          const list = response.json as DictionaryListBody;
          expect(list.entries.map((entry) => entry.code)).toContain('ordinary');
          expect(response.headers.get('etag')).toBe(`"${list.version}"`);
        },
      };
    },
  },
  replaceDictionaryType: {
    target: 'collection',
    successStatus: 200,
    async arrange(client) {
      const current = await arrangeSandbox(client);
      const added = uniqueCode('e2e-matrix');
      return {
        method: 'PUT',
        path: SANDBOX_PATH,
        body: { entries: [...current.entries, { code: added, label: `矩阵 ${added}` }] },
        headers: { 'if-match': `"${current.version}"` },
        assertUnchanged: async () => {
          const after = await readList(client);
          expect(after.entries.map((entry) => entry.code)).not.toContain(added);
        },
        assertSuccess: (response) => {
          const list = response.json as DictionaryListBody;
          expect(list.version).toBe(current.version + 1);
          expect(list.entries.at(-1)).toEqual({ code: added, label: `矩阵 ${added}`, active: true });
        },
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
