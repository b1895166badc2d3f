import { createRequire } from 'node:module';

type PinyinModule = typeof import('pinyin-pro');
type Pinyin = PinyinModule['pinyin'];

/**
 * pinyin-pro is ~450 KiB of dictionaries: loaded on the first Chinese name, never at cold start and never for a
 * Latin name. In the Lambda asset it is not bundled but shipped as a file in node_modules (`sideLoadedModules`,
 * lib/function-bundling.ts), and `require` (defined by the bundle's banner) reads it from there on first call;
 * under tsx / vitest (plain ESM, no `require`) node loads the package the same way.
 */
let loaded: Pinyin | undefined;
const pinyin: Pinyin = ((...args: Parameters<Pinyin>) => {
  loaded ??= (
    (typeof require === 'function' ? require('pinyin-pro') : createRequire(import.meta.url)('pinyin-pro')) as PinyinModule
  ).pinyin;
  return (loaded as (...parameters: Parameters<Pinyin>) => unknown)(...args);
}) as Pinyin;

/**
 * Name search keys. Every customer is indexed under ONE sort key so that a name search is one Query:
 * - a name that starts with a Chinese character is keyed by its pinyin initials (北京石油 → `bjsy`), which is
 *   also how Chinese users expect lists to be ordered;
 * - any other name is keyed by its normalised lower-case form (`acme trading`).
 * A Latin query (`bjsy`, `acme`) is then a plain prefix of the key. A Chinese query (`北京`) is turned into the
 * initials prefix of its unambiguous leading characters, and the exact name prefix is checked by a filter.
 * See docs/data-model.md for the limits (polyphonic first characters read more items).
 */
const HAN = /\p{Script=Han}/u;

export const normalizeName = (value: string): string =>
  value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

const startsWithHan = (value: string): boolean => {
  const first = [...value][0];
  return first !== undefined && HAN.test(first);
};

const initialsOf = (value: string): string =>
  pinyin(value, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/\s+/g, '');

export const searchKeyOf = (name: string): string => {
  const normalized = normalizeName(name);
  return startsWithHan(normalized) ? initialsOf(normalized) : normalized;
};

export interface SearchPrefix {
  /** begins_with condition on the index sort key. May be empty (then only the filter narrows). */
  readonly keyPrefix: string;
  /** For Chinese queries: the normalised name must also begin with this. */
  readonly namePrefix?: string;
}

/** Each leading character must have exactly one possible initial; stop at the first polyphonic one (重: z/c). */
const unambiguousInitialsPrefix = (query: string): string => {
  let prefix = '';
  for (const char of query) {
    if (/\s/.test(char)) continue;
    if (!HAN.test(char)) {
      prefix += char;
      continue;
    }
    const initials = new Set(pinyin(char, { pattern: 'first', toneType: 'none', multiple: true, type: 'array' }));
    if (initials.size !== 1) break;
    prefix += [...initials][0]!.toLowerCase();
  }
  return prefix;
};

export const searchPrefixOf = (query: string): SearchPrefix => {
  const normalized = normalizeName(query);
  if (!startsWithHan(normalized)) return { keyPrefix: normalized };
  return { keyPrefix: unambiguousInitialsPrefix(normalized), namePrefix: normalized };
};
