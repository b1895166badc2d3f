import fc from 'fast-check';
import * as z from 'zod';

/**
 * fast-check arbitraries derived from a route's zod contract, through its JSON Schema (`z.toJSONSchema`, input
 * side). No published generator fits here: zod-fast-check and @anatine/zod-mock target zod 3, and what the
 * contracts use is a small subset of JSON Schema (object, array, string with length / pattern / format, integer,
 * number, boolean, null, enum, const, anyOf, $ref). The values are *candidates*: tests classify each request as
 * valid or invalid with the very zod schema the handler uses (refinements and trims included), so the generator
 * never has to be exact — only to land on both sides of the line often.
 */
type Json = Record<string, unknown>;

export const jsonSchemaOf = (schema: z.ZodType): Json =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Json;

/**
 * Strings that have broken systems like ours: DynamoDB key separators, prototype keys, CJK, emoji (astral,
 * ZWJ sequences), whitespace-only, control and null characters, a lone surrogate, injection-looking text, and
 * values far beyond any field's limit.
 */
export const NASTY_STRINGS: readonly string[] = [
  '#',
  ':',
  'CUSTOMER#01JZZZZZZZZZZZZZZZZZZZZZZZ',
  'a:b#c',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '上海明远贸易有限公司',
  '張三 李四',
  'ｆｕｌｌｗｉｄｔｈ',
  '😀',
  '👩‍👩‍👧‍👦🇨🇳',
  ' ',
  '   \t  ',
  '\u3000',
  '\u0000',
  'a\u0000b',
  '\u0007',
  '\n',
  '\uD800',
  '\u202E',
  '"',
  "' OR 1=1 --",
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  'x'.repeat(129),
  'y'.repeat(2_049),
  '长'.repeat(5_000),
  'z'.repeat(70_000),
];

/** Any string: mostly short random text, often one of the nasty ones, sometimes a nasty one inside text. */
export const anyString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...NASTY_STRINGS.filter((s) => s.length < 100)), fc.string({ maxLength: 10 }))
        .map((parts) => parts.join('')),
    },
  );

/** Any JSON-ish value of any type, for "wrong type" mutations. */
export const anyValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    anyString(),
    fc.constantFrom(null, true, false, 0, -1, 1.5, -0, 1e21, Number.MAX_SAFE_INTEGER + 2, [], {}, [null], { '': 1 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  );

const resolve = (node: Json, root: Json): Json => {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  if (!ref.startsWith('#/')) return {};
  const target = ref
    .slice(2)
    .split('/')
    .reduce<unknown>((at, segment) => (at as Json | undefined)?.[segment.replaceAll('~1', '/').replaceAll('~0', '~')], root);
  return resolve((target ?? {}) as Json, root);
};

const ISO_DATE = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });

const stringFor = (node: Json): fc.Arbitrary<string> => {
  const min = typeof node.minLength === 'number' ? node.minLength : 0;
  const max = typeof node.maxLength === 'number' ? node.maxLength : Math.max(min, 60);
  const fits = (value: string) => [...value].length >= min && [...value].length <= max;
  let valid: fc.Arbitrary<string>;
  switch (node.format) {
    case 'date-time':
      valid = ISO_DATE.map((date) => date.toISOString());
      break;
    case 'date':
      valid = ISO_DATE.map((date) => date.toISOString().slice(0, 10));
      break;
    case 'email':
      valid = fc.emailAddress();
      break;
    case 'uri':
    case 'url':
      valid = fc.webUrl({ withQueryParameters: true });
      break;
    default:
      valid =
        typeof node.pattern === 'string'
          ? fc.stringMatching(new RegExp(node.pattern as string))
          : fc.string({ unit: 'grapheme', minLength: Math.max(min, 1), maxLength: Math.min(max, 60) });
  }
  // Mostly values that fit the declared shape; a fifth are nasty strings (kept when they fit, else left as the
  // invalid candidates they are: the zod oracle decides).
  return fc.oneof({ weight: 4, arbitrary: valid.filter(fits) }, { weight: 1, arbitrary: anyString() });
};

const numberFor = (node: Json, integer: boolean): fc.Arbitrary<number> => {
  const lower = typeof node.minimum === 'number' ? node.minimum : typeof node.exclusiveMinimum === 'number' ? node.exclusiveMinimum + 1 : -1e6;
  const upper = typeof node.maximum === 'number' ? node.maximum : typeof node.exclusiveMaximum === 'number' ? node.exclusiveMaximum - 1 : 1e9;
  const edges = fc.constantFrom(lower, upper, lower - 1, upper + 1);
  const inRange = integer
    ? fc.integer({ min: Math.max(Math.ceil(lower), Number.MIN_SAFE_INTEGER), max: Math.min(Math.floor(upper), Number.MAX_SAFE_INTEGER) })
    : fc.double({ min: lower, max: upper, noNaN: true, noDefaultInfinity: true });
  return fc.oneof({ weight: 6, arbitrary: inRange }, { weight: 1, arbitrary: edges });
};

/** A candidate value for a JSON Schema node: valid most of the time, with edges and nasty values mixed in. */
export const arbitraryFor = (input: Json, root: Json = input, depth = 0): fc.Arbitrary<unknown> => {
  const node = resolve(input, root);
  if ('const' in node) return fc.constant(node.const);
  if (Array.isArray(node.enum)) return fc.constantFrom(...(node.enum as unknown[]));
  const alternatives = (node.anyOf ?? node.oneOf) as Json[] | undefined;
  if (Array.isArray(alternatives) && alternatives.length > 0) {
    return fc.oneof(...alternatives.map((alternative) => arbitraryFor(alternative, root, depth + 1)));
  }
  if (Array.isArray(node.allOf) && node.allOf.length > 0) return arbitraryFor((node.allOf as Json[])[0]!, root, depth + 1);
  const type = Array.isArray(node.type) ? (node.type as string[])[0] : (node.type as string | undefined);
  switch (type) {
    case 'string':
      return stringFor(node);
    case 'integer':
      return numberFor(node, true);
    case 'number':
      return numberFor(node, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (depth > 6) return fc.constant([]);
      const minLength = typeof node.minItems === 'number' ? node.minItems : 0;
      const maxLength = Math.min(typeof node.maxItems === 'number' ? node.maxItems : 5, minLength + 4);
      const items = node.items && typeof node.items === 'object' ? (node.items as Json) : {};
      return fc.array(arbitraryFor(items, root, depth + 1), { minLength, maxLength });
    }
    case 'object':
      return objectFor(node, root, depth);
    default:
      return anyValue();
  }
};

const objectFor = (node: Json, root: Json, depth: number): fc.Arbitrary<Record<string, unknown>> => {
  const properties = (node.properties ?? {}) as Record<string, Json>;
  const required = new Set((node.required ?? []) as string[]);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) record[name] = arbitraryFor(property, root, depth + 1);
  const requiredKeys = Object.keys(properties).filter((name) => required.has(name));
  return fc.record(record, { requiredKeys });
};

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) is sent as the bytes a careless client would
 * send (WTF-8, i.e. invalid UTF-8): the gateway and the handlers must survive those too.
 */
export const encodeLoose = (value: string): string =>
  value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[^\uD800-\uDFFF]+|[\uD800-\uDBFF][\uDC00-\uDFFF]/g, (part) => {
    if (part.length === 1 && part.charCodeAt(0) >= 0xd800 && part.charCodeAt(0) <= 0xdfff) {
      const code = part.charCodeAt(0);
      return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
    }
    return encodeURIComponent(part);
  });

/** `{ a: 1 }` → `?a=1`, scalars only (what a query string can carry). */
export const queryStringOf = (query: Record<string, unknown>): string => {
  const entries = Object.entries(query).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return '';
  return `?${entries.map(([key, value]) => `${encodeLoose(key)}=${encodeLoose(typeof value === 'string' ? value : JSON.stringify(value))}`).join('&')}`;
};

type Path = (string | number)[];

const valueAt = (root: unknown, path: readonly PropertyKey[]): { found: boolean; value?: unknown } => {
  let at: unknown = root;
  for (const segment of path) {
    if (!at || typeof at !== 'object' || !Object.prototype.hasOwnProperty.call(at, segment)) return { found: false };
    at = (at as Record<PropertyKey, unknown>)[segment];
  }
  return { found: true, value: at };
};

/** A copy of `root` with `path` set (own keys even for `__proto__`, as JSON.parse makes them). */
export const setAt = (root: unknown, path: Path, value: unknown): unknown => {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy = (Array.isArray(root) ? [...(root as unknown[])] : { ...(root && typeof root === 'object' ? (root as object) : {}) }) as Record<string | number, unknown>;
  Object.defineProperty(copy, head!, { value: setAt(copy[head!], rest, value), enumerable: true, writable: true, configurable: true });
  return copy;
};

/** A copy of `root` without `path`. */
export const deleteAt = (root: unknown, path: Path): unknown => {
  if (path.length === 0 || !root || typeof root !== 'object') return root;
  const [head, ...rest] = path;
  if (rest.length > 0) return setAt(root, [head!], deleteAt((root as Record<string | number, unknown>)[head!], rest));
  if (Array.isArray(root)) return root.filter((_, index) => index !== head);
  const copy = { ...(root as Record<string, unknown>) };
  delete copy[head as string];
  return copy;
};

/**
 * Makes a generated value pass the schema's refinements that JSON Schema cannot say (a currency limited to CNY, a
 * date range in order, a trimmed text): each field zod rejects is put back to the arranged (known good) value, or
 * dropped when the arrangement has none. The other generated fields stay, so the use case sees varied input.
 */
export const repair = (schema: z.ZodType, candidate: unknown, baseline: unknown): unknown => {
  let value = candidate;
  for (let round = 0; round < 5; round += 1) {
    const result = schema.safeParse(value);
    if (result.success) return value;
    for (const issue of result.error.issues) {
      const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) value = deleteAt(value, [...path, key]);
        continue;
      }
      if (path.length === 0) return baseline;
      let prefix = path.length;
      while (prefix > 0 && !valueAt(baseline, path.slice(0, prefix)).found) prefix -= 1;
      value = prefix > 0 ? setAt(value, path.slice(0, prefix), valueAt(baseline, path.slice(0, prefix)).value) : deleteAt(value, path.slice(0, 1));
    }
  }
  return value;
};
