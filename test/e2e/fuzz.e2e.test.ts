import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { CONTRACTS, PORTAL_CONTRACTS } from '#functions/contracts';
import { scopeOf } from '#shared/auth/permissions';
import { ROLES } from '#shared/auth/roles';
import type { RouteContract } from '#shared/http/contract';
import { PORTAL_ROUTES, PUBLIC_ROUTES, ROUTES, routeKey, type PortalOperationId, type PortalRouteDefinition, type PublicOperationId, type PublicRouteDefinition, type RouteDefinition } from '#shared/routes';
import { forgetCustomFields } from '#test/support/custom-fields-isolation';
import { api, startTestGateway, useLocalStack, type ApiResponse } from '#test/support/e2e';
import { anyString, anyValue, arbitraryFor, deleteAt, encodeLoose, jsonSchemaOf, queryStringOf, repair, setAt } from '#test/support/json-schema-arbitrary';
import { USER_OF_ROLE } from './scenarios/demo-users';
import { arrangePortalCaller, PORTAL_ROUTE_SCENARIOS } from './scenarios/portal-routes.scenarios';
import { PUBLIC_ROUTE_SCENARIOS } from './scenarios/public-routes.scenarios';
import { ROUTE_SCENARIOS, type ArrangedRequest } from './scenarios/route-scenarios';

/**
 * Property-based fuzzing of every route of the table (RELIABILITY-CHECKLIST C3, C4), driven by each route's zod
 * contract (functions/contracts.ts) and its scenario (test/e2e/scenarios): a route without either fails here, so
 * a new route cannot escape. The customer portal's routes (PORTAL_ROUTES) are fuzzed the same way, as a portal user of
 * a company of their own with a token of the second pool (functions/portal/portal-routes.contract.ts,
 * test/e2e/scenarios/portal-routes.scenarios.ts).
 *
 * Per route, against the real handlers on DynamoDB Local and cognito-local tokens:
 * 1. refused inputs — the arranged request with one or two things broken (a field of the wrong type or out of
 *    range, a nasty string, an unknown or prototype key, a missing field, malformed JSON, a bad limit, a forged
 *    cursor, a bad If-Match or Idempotency-Key) — answer a 4xx RFC 9457 problem, and afterwards the scenario's
 *    `assertUnchanged` proves none of them wrote anything;
 * 2. generated inputs (from the schemas' JSON Schema) answer a declared 2xx, or a declared 4xx business refusal
 *    when the inputs are valid, a 4xx problem when the route's zod schema rejects them — never a 5xx.
 * Every response goes through `api()`, which checks it against docs/openapi.json (status declared, body valid).
 * Whether a request is valid is decided by the route's own zod schemas, so the generators need not be exact.
 *
 * `FUZZ_RUNS` (default 200) requests per route, half per phase, in concurrent batches of 8 (2 CI cores: the
 * handlers run in this worker, DynamoDB Local in its JVM, so a batch overlaps their latencies).
 * `FUZZ_SEED` replays a run: fast-check prints the seed and the failing batch, and the assertion names the request.
 * No shrinking (`endOnFailure`): each step would be eight more requests against a live stack, and a replayable seed
 * plus the exact request is what it takes to fix the bug.
 */
const RUNS = Math.max(16, Number(process.env.FUZZ_RUNS ?? 200));
const BATCH = 8;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);

type Client = ReturnType<typeof api>;
/** A staff route, or a route of the customer portal (PORTAL_ROUTES). */
type FuzzedRoute = RouteDefinition | PortalRouteDefinition;
type Part = 'params' | 'query' | 'body';

interface FuzzRequest {
  readonly as: string;
  readonly params: Record<string, unknown>;
  readonly query: Record<string, unknown>;
  /** The body as sent: JSON text, or deliberately broken text. */
  readonly body?: string;
  readonly headers: Record<string, string>;
  /** Why this request must be refused although its parts may parse (a header or a cursor), if it must. */
  readonly refusal?: string;
}

/** If-Match values that can never match the arranged version `n` (garbage, negative, huge, stale, unquoted). */
const ifMatchRefused = (n: number): string[] => [
  '', 'garbage', '-1', '"-1"', '"0"', '"99999999999999999999"', '"1e3"', '*', `"${n + 1}"`, `W/"${n + 1}"`, `"${n}", "${n + 1}"`, String(n), `'${n}'`, `"${n}.0"`, `"0${n}"`, `"${'9'.repeat(4_000)}"`,
];
const IDEMPOTENCY_KEY_REFUSED = ['short', 'k'.repeat(129), 'has spaces in it', 'a/b/c/d/e/f/g', '%00%00%00%00%00', '../../../..', 'clé-12345678', 'x'.repeat(5_000), ''];
const BROKEN_JSON = ['', '{', '{"a":', '[', 'nul', '{"x":1e309}', '1e309', "{'single':'quotes'}", '{"a":1,}', '\u0000', '{"__proto__":{"isAdmin":true}}', '[]', 'null', '"text"', '42', 'true'];
const BAD_LIMITS = ['0', '-1', '101', 'abc', '1e309', '1.5', '', ' ', '0x10', 'Infinity', '-0', '1e2'];
const UNKNOWN_KEYS = ['__proto__', 'constructor', 'prototype', 'id', 'pk', 'sk', 'gsi1pk', 'version', 'createdAt', 'createdBy', 'updatedBy', '#', ':', '😀', ''];

const isStaleSocket = (error: unknown): boolean => {
  const code = ((error as { cause?: { code?: string } }).cause ?? {}).code;
  return error instanceof TypeError && (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET');
};

/** Header values fetch can send: no control characters, nothing beyond Latin-1. */
const sendable = (value: string): boolean => /^[\u0020-\u007E\u00A0-\u00FF]*$/.test(value);

const parseJson = (text: string | undefined): { ok: true; value: unknown } | { ok: false } => {
  if (text === undefined) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
};

/** The parts the route's own zod schemas reject, fed exactly as the gateway hands them to `validate()`. */
const rejectedParts = (contract: RouteContract, request: FuzzRequest): Part[] => {
  const rejected: Part[] = [];
  const query = Object.fromEntries(Object.entries(request.query).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
  const inputs: Record<Part, unknown> = { params: request.params, query, body: undefined };
  if (contract.body) {
    // An empty body is no body (API Gateway sends none): a route whose contract says the body is optional reads
    // it as `{}`, any other route refuses it.
    const parsed = request.body === '' ? { ok: true as const, value: contract.optionalBody ? {} : undefined } : parseJson(request.body);
    if (!parsed.ok) return ['body'];
    inputs.body = parsed.value;
  }
  for (const part of ['params', 'query', 'body'] as const) {
    const schema = contract[part] as z.ZodType | undefined;
    if (schema && !schema.safeParse(inputs[part]).success) rejected.push(part);
  }
  return rejected;
};

const pathOf = (route: FuzzedRoute, request: FuzzRequest): string =>
  route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = request.params[name];
    return encodeLoose(typeof value === 'string' ? value : JSON.stringify(value ?? ''));
  }) + queryStringOf(request.query);

/**
 * API Gateway refuses a request line and headers beyond 10 KiB before any function runs (and node's server, the
 * local gateway, at 16 KiB with a 431 no contract declares): longer URLs test the gateway, not our code.
 */
const MAX_URL = 8 * 1024;
const fitsGateway = (route: FuzzedRoute) => (request: FuzzRequest): boolean =>
  pathOf(route, request).length <= MAX_URL && Object.values(request.headers).every(sendable);

/** The arranged request, taken apart: path parameters by the route's template, the query, the body. */
const baselineOf = (route: FuzzedRoute, arranged: ArrangedRequest) => {
  const url = new URL(arranged.path, 'http://fuzz');
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  const pattern = new RegExp(`^${route.path.replace(/\{\w+\}/g, '([^/]+)')}$`);
  const values = pattern.exec(url.pathname);
  if (!values) throw new Error(`${routeKey(route)}: the scenario's path ${arranged.path} does not fit the route`);
  return {
    params: Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(values[index + 1]!)])) as Record<string, unknown>,
    query: Object.fromEntries(url.searchParams) as Record<string, unknown>,
    body: arranged.body as unknown,
    headers: arranged.headers ?? {},
  };
};
type Baseline = ReturnType<typeof baselineOf>;

const leafPaths = (value: unknown, prefix: (string | number)[] = []): (string | number)[][] => {
  if (Array.isArray(value)) return value.length === 0 ? [prefix] : value.flatMap((item, index) => leafPaths(item, [...prefix, index]));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? [prefix] : entries.flatMap(([key, item]) => [[...prefix, key], ...leafPaths(item, [...prefix, key])]);
  }
  return [prefix];
};

/**
 * Writes need If-Match (a missing or stale one is refused), unless the route carries its conditions in the body (a
 * bulk edit: `conditionsInBody`), which takes none — an If-Match there is ignored, never a reason to refuse.
 */
const needsIfMatch = (route: FuzzedRoute, contract: RouteContract): boolean =>
  (route.kind === 'update' || route.kind === 'delete' || route.kind === 'action') && contract.conditionsInBody !== true;

interface RouteFuzz {
  readonly route: FuzzedRoute;
  readonly contract: RouteContract;
  readonly baseline: Baseline;
  readonly callers: string[];
  readonly realCursor: string | undefined;
  /** The version the scenario's If-Match names (1 when it sends none). */
  readonly version: number;
}

const propertyNames = (schema: z.ZodType | undefined): string[] =>
  schema ? Object.keys(((jsonSchemaOf(schema).properties ?? {}) as Record<string, unknown>)) : [];

/**
 * One or two things broken in the arranged request: the refused inputs of phase 1. Undefined for a route that
 * takes no input at all (e.g. `GET /v1/me`): nothing of it can be broken, phase 2 still fuzzes what it ignores.
 */
const brokenRequest = (fuzz: RouteFuzz): fc.Arbitrary<FuzzRequest> | undefined => {
  const { route, contract, baseline } = fuzz;
  const writes = needsIfMatch(route, contract);
  const takesKey = route.kind === 'create' || contract.idempotencyKey === true;
  const queryKeys = propertyNames(contract.query);
  const bodyKeys = propertyNames(contract.body);
  type Mutation = (request: FuzzRequest) => FuzzRequest;
  const mutations: fc.Arbitrary<Mutation>[] = [];
  const bodyValue = (request: FuzzRequest): unknown => {
    const parsed = parseJson(request.body);
    return parsed.ok ? parsed.value : undefined;
  };
  const withBody = (request: FuzzRequest, body: unknown): FuzzRequest => ({ ...request, body: JSON.stringify(body) ?? 'null' });

  if (contract.body) {
    const paths = leafPaths(baseline.body).filter((path) => path.length > 0);
    const targets = [...paths, ...bodyKeys.map((key) => [key])];
    if (targets.length > 0) {
      mutations.push(fc.tuple(fc.constantFrom(...targets), anyValue()).map(([path, value]) => (request) => withBody(request, setAt(bodyValue(request), path, value))));
      mutations.push(fc.constantFrom(...targets).map((path) => (request) => withBody(request, deleteAt(bodyValue(request), path))));
    }
    mutations.push(
      fc.tuple(fc.constantFrom(...UNKNOWN_KEYS), anyValue()).map(([key, value]) => (request) => withBody(request, setAt(bodyValue(request), [key], value))),
      // An empty body is no body: on a route whose body is optional (`optionalBody`, e.g. a win with the defaults)
      // it is a valid request, not a refused one.
      fc.constantFrom(...BROKEN_JSON.filter((text) => !(contract.optionalBody && text === ''))).map((text) => (request) => ({ ...request, body: text })),
      anyValue().map((value) => (request) => withBody(request, value)),
      fc.constant((request: FuzzRequest) => ({ ...request, headers: { ...request.headers, 'content-type': 'text/plain' }, refusal: 'text/plain body' })),
    );
  }
  if (contract.params) {
    const names = Object.keys(baseline.params);
    mutations.push(fc.tuple(fc.constantFrom(...names), anyString()).map(([name, value]) => (request) => ({ ...request, params: { ...request.params, [name]: value } })));
  }
  if (contract.query) {
    const keys = [...new Set([...queryKeys, 'limit'].filter((key) => queryKeys.includes(key)))];
    if (keys.length > 0) {
      mutations.push(fc.tuple(fc.constantFrom(...keys), fc.oneof(anyString(), anyValue())).map(([key, value]) => (request) => ({ ...request, query: { ...request.query, [key]: value } })));
    }
    mutations.push(fc.tuple(fc.constantFrom(...UNKNOWN_KEYS.filter((key) => key !== '')), anyString()).map(([key, value]) => (request) => ({ ...request, query: { ...request.query, [key]: value } })));
    if (queryKeys.includes('limit')) {
      mutations.push(fc.constantFrom(...BAD_LIMITS).map((limit) => (request) => ({ ...request, query: { ...request.query, limit } })));
    }
    if (queryKeys.includes('cursor')) {
      const forged = fc.oneof(
        fc.constantFrom('garbage', 'eyJrIjp7InBrIjoiWCJ9fQ.AAAA', 'e30.e30', '.', 'a.b.c', '%', '#:__proto__'),
        fc.base64String({ minLength: 4, maxLength: 200 }),
        ...(fuzz.realCursor ? [tampered(fuzz.realCursor), fc.constant(fuzz.realCursor)] : []),
      );
      mutations.push(forged.map((cursor) => (request) => ({ ...request, query: { ...request.query, cursor }, refusal: `cursor ${cursor}` })));
    }
  }
  if (writes) {
    mutations.push(
      fc.oneof(fc.constantFrom(...ifMatchRefused(fuzz.version)), fc.constant(undefined)).map((ifMatch) => (request: FuzzRequest) => {
        const { 'if-match': _current, ...headers } = request.headers;
        return { ...request, headers: ifMatch === undefined ? headers : { ...headers, 'if-match': ifMatch }, refusal: `If-Match ${String(ifMatch)}` };
      }),
    );
  }
  if (takesKey) {
    mutations.push(
      fc.constantFrom(...IDEMPOTENCY_KEY_REFUSED).map((key) => (request) => ({ ...request, headers: { ...request.headers, 'idempotency-key': key }, refusal: `Idempotency-Key ${key}` })),
    );
  }
  if (mutations.length === 0) return undefined;
  return fc
    .tuple(fc.constantFrom(...fuzz.callers), fc.array(fc.oneof(...mutations), { minLength: 1, maxLength: 2 }))
    .map(([as, applied]) =>
      applied.reduce<FuzzRequest>((request, mutate) => mutate(request), {
        as,
        params: baseline.params,
        query: baseline.query,
        ...(contract.body ? { body: JSON.stringify(baseline.body ?? {}) } : {}),
        headers: baseline.headers,
      }),
    )
    .filter(fitsGateway(route))
    .filter((request) => request.refusal !== undefined || rejectedParts(contract, request).length > 0);
};

/** A real cursor with one character changed, cut short or lengthened: signed, so each must be refused. */
const tampered = (cursor: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.tuple(fc.nat({ max: cursor.length - 1 }), fc.constantFrom('A', 'B', '_', '-', '0')).map(([at, char]) => {
      const next = cursor.slice(0, at) + char + cursor.slice(at + 1);
      return next === cursor ? `${cursor}A` : next;
    }),
    fc.nat({ max: cursor.length - 1 }).map((at) => cursor.slice(0, at)),
    fc.constant(`${cursor}x`),
  );

/** Requests generated from the schemas: mostly valid, with the arranged ids so they reach the use case. */
const generatedRequest = (fuzz: RouteFuzz): fc.Arbitrary<FuzzRequest> => {
  const { route, contract, baseline } = fuzz;
  const writes = needsIfMatch(route, contract);
  const takesKey = route.kind === 'create' || contract.idempotencyKey === true;
  const ofSchema = (schema: z.ZodType | undefined) => (schema ? arbitraryFor(jsonSchemaOf(schema)) : fc.constant(undefined));
  const params = contract.params
    ? fc.oneof({ weight: 4, arbitrary: fc.constant(baseline.params) }, { weight: 1, arbitrary: ofSchema(contract.params) as fc.Arbitrary<Record<string, unknown>> })
    : fc.constant(baseline.params);
  // Query values travel as strings: generated ones are stringified before zod (and `repair`) see them.
  const asQuery = (query: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(query).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
  const query = contract.query
    ? fc.oneof(
        { weight: 1, arbitrary: fc.constant(baseline.query) },
        { weight: 1, arbitrary: (ofSchema(contract.query) as fc.Arbitrary<Record<string, unknown>>).map(asQuery) },
        {
          weight: 3,
          arbitrary: (ofSchema(contract.query) as fc.Arbitrary<Record<string, unknown>>).map(
            (generated) => repair(contract.query!, asQuery({ ...baseline.query, ...generated }), baseline.query) as Record<string, unknown>,
          ),
        },
      )
    : // A route that takes no query must ignore one, whatever it holds.
      fc.oneof(fc.constant(baseline.query), fc.dictionary(fc.constantFrom('limit', 'cursor', '__proto__', 'constructor', '#', ':'), anyString(), { maxKeys: 2 }));
  // Raw generated bodies land on both sides of the line; repaired ones (refinements restored) mostly pass.
  const body = contract.body
    ? fc.oneof(
        { weight: 1, arbitrary: ofSchema(contract.body) },
        { weight: 3, arbitrary: ofSchema(contract.body).map((generated) => repair(contract.body!, JSON.parse(JSON.stringify(generated ?? null)) as unknown, baseline.body)) },
      )
    : fc.constant(undefined);
  const n = fuzz.version;
  const ifMatch = writes ? fc.constantFrom(`"${n}"`, `W/"${n}"`, ` "${n}" `, `"${n + 1}"`, `"${n + 2}"`) : fc.constant(undefined);
  // A fixed key is reused across the run: replays (same body) and 422s (another body) are both exercised.
  const key = takesKey
    ? fc.oneof(fc.constant(undefined), fc.constant(`fuzz-${route.operationId}-${SEED}`), fc.stringMatching(/^[A-Za-z0-9_.:-]{8,128}$/))
    : fc.constant(undefined);
  return fc.record({ as: fc.constantFrom(...fuzz.callers), params, query, body, ifMatch, key }).map((generated) => {
    const headers: Record<string, string> = { ...baseline.headers };
    delete headers['if-match'];
    if (generated.ifMatch !== undefined) headers['if-match'] = generated.ifMatch;
    if (generated.key !== undefined) headers['idempotency-key'] = generated.key;
    return {
      as: generated.as,
      params: generated.params,
      query: generated.query,
      ...(contract.body ? { body: JSON.stringify(generated.body) ?? 'null' } : {}),
      headers,
    };
  }).filter(fitsGateway(route));
};

describe('fuzzing every route from its contract (C3, C4)', () => {
  let client: Client;
  let stop: () => Promise<void>;
  let tableName: string;
  let realCursor: string | undefined;
  const tally: string[] = [];

  beforeAll(async () => {
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
    tableName = useLocalStack().tableName;
    // A real signed cursor (customers, filtered): replayed into another query or tampered with, it must be a 400.
    const page = await client.get<{ nextCursor: string | null }>('/v1/customers?limit=1&q=E2E', { as: 'admin' });
    realCursor = page.json.nextCursor ?? undefined;
    console.info(`fuzz: ${RUNS} requests per route, seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
  });
  afterEach(() => {
    // Generated custom-field definitions (required ones among them) must not bind the routes fuzzed next.
    forgetCustomFields();
    // A scenario may fake `Date` for its request (listOrders reads the feed 10 s on, past its settling window) and
    // restore it in `assertSuccess`, which the fuzz never calls: left fake, every later route ran on a frozen clock.
    vi.useRealTimers();
  });
  afterAll(async () => {
    console.info(`fuzz tally (route: refused / valid / generated-but-invalid):\n  ${tally.join('\n  ')}`);
    await stop();
  });

  it('has a contract and a scenario for every route of the table', () => {
    expect(ROUTES.filter((route) => !CONTRACTS[route.operationId] || !ROUTE_SCENARIOS[route.operationId]).map(routeKey)).toEqual([]);
  });

  /** What every answer must be: a declared status (api() checks) below 500, naming nothing internal. */
  const expectClean = (response: ApiResponse, label: string): void => {
    expect(response.status, `${label} → ${response.status} ${response.text.slice(0, 500)}`).toBeLessThan(500);
    expect(response.text).not.toContain(tableName);
    expect(response.text).not.toMatch(/Exception|\n\s+at |node_modules|\.ts:\d+/);
  };
  const expectProblem = (response: ApiResponse, label: string): void => {
    expect(response.status, `${label} → ${response.status} ${response.text.slice(0, 500)}`).toBeGreaterThanOrEqual(400);
    expect(response.status, `${label} → ${response.status} ${response.text.slice(0, 500)}`).toBeLessThan(500);
    // A refusal by a function is a problem; a path the gateway cannot route (an encoded `/` or `..`) is its 404.
    if (response.status !== 404 || response.headers.get('content-type')?.includes('problem')) {
      expect(response.headers.get('content-type'), label).toContain('application/problem+json');
      expect(response.json).toMatchObject({ status: response.status, title: expect.any(String), type: expect.any(String) });
    }
  };

  /**
   * One route's fuzz: phase 1 (refused inputs, then nothing written) and phase 2 (generated inputs, never 5xx). A caller
   * is named by `as` (a demo user, or `portal-user`); `credentialsOf` says what `as` sends.
   */
  const fuzzRoute = async (
    route: FuzzedRoute,
    contract: RouteContract,
    arranged: ArrangedRequest,
    callers: string[],
    credentialsOf: (as: string) => { as?: string; token?: string },
  ): Promise<void> => {
    const version = Number(/\d+/.exec(arranged.headers?.['if-match'] ?? '')?.[0] ?? 1);
    const fuzz: RouteFuzz = { route, contract, baseline: baselineOf(route, arranged), callers, realCursor, version };
    const describeRequest = (request: FuzzRequest) =>
      `${route.method} ${pathOf(route, request).slice(0, 300)} as ${request.as} headers ${JSON.stringify(request.headers).slice(0, 200)} body ${String(request.body).slice(0, 300)}`;
    const send = async (request: FuzzRequest) => {
      const once = () =>
        client.request(route.method, pathOf(route, request), {
          ...credentialsOf(request.as),
          headers: request.headers,
          ...(request.body !== undefined ? { body: request.body } : {}),
        });
      const sendOnce = async () => {
        try {
          return await once();
        } catch (error) {
          // A keep-alive socket the local gateway closed just as fetch reused it (a loaded 2-core CI box makes the
          // race likely): the request never reached a handler, so sending it again is what any client does.
          if (!isStaleSocket(error)) throw error;
          return await once();
        }
      };
      try {
        const response = await sendOnce();
        // ServiceBusy is only ever an emulator's fault (shared/http/middleware.ts, problemOfAwsFault: throttling,
        // 5xx, timeouts, dropped connections), never the input's: like any client, wait its Retry-After and send
        // once more. A second 503 fails the route; the tally counts the retries.
        if (response.status !== 503 || (response.json as { code?: string } | undefined)?.code !== 'ServiceBusy') return response;
        counts.busy += 1;
        await sleep(Math.min(Number(response.headers.get('retry-after') ?? 1), 5) * 1_000);
        return await sendOnce();
      } catch (error) {
        // A dropped connection or a contract violation: name the request that caused it.
        throw new Error(`${describeRequest(request)}: ${(error as Error).message}`, { cause: error });
      }
    };
    const counts = { refused: 0, valid: 0, invalid: 0, busy: 0 };

    // Phase 1: refused inputs, then one check that none of them wrote anything.
    const broken = brokenRequest(fuzz);
    if (broken) {
      await fc.assert(
        fc.asyncProperty(fc.array(broken, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
          await Promise.all(
            batch.map(async (request) => {
              const response = await send(request);
              counts.refused += 1;
              expectClean(response, describeRequest(request));
              expectProblem(response, describeRequest(request));
            }),
          );
        }),
        { numRuns: Math.ceil(RUNS / 2 / BATCH), seed: SEED, endOnFailure: true },
      );
    }
    await arranged.assertUnchanged();

    // Phase 2: generated inputs; valid ones may write (the record moves on, later ones may meet 412 / 409).
    await fc.assert(
      fc.asyncProperty(fc.array(generatedRequest(fuzz), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        await Promise.all(
          batch.map(async (request) => {
            const rejected = rejectedParts(contract, request);
            const response = await send(request);
            const label = `${describeRequest(request)} (zod rejects: ${rejected.join(', ') || 'nothing'})`;
            expectClean(response, label);
            if (rejected.length > 0) {
              counts.invalid += 1;
              expectProblem(response, label);
            } else {
              counts.valid += 1;
              if (response.status >= 400) expectProblem(response, label);
            }
          }),
        );
      }),
      { numRuns: Math.ceil(RUNS / 2 / BATCH), seed: SEED, endOnFailure: true },
    );
    tally.push(`${route.operationId}: ${counts.refused} / ${counts.valid} / ${counts.invalid}${counts.busy > 0 ? ` (${counts.busy} retried after 503)` : ''}`);
    // The generators must reach both sides of the line, or this test proves little for the route.
    expect(counts.valid, `${route.operationId}: no generated request was valid`).toBeGreaterThan(0);
  };

  for (const route of ROUTES as readonly RouteDefinition[]) {
    const scenario = ROUTE_SCENARIOS[route.operationId as keyof typeof ROUTE_SCENARIOS];
    const contract = CONTRACTS[route.operationId as keyof typeof CONTRACTS];
    it(`${routeKey(route)}: refused inputs write nothing; generated inputs never 5xx`, async () => {
      expect(scenario, `no scenario for ${route.operationId}`).toBeDefined();
      expect(contract, `no contract for ${route.operationId}`).toBeDefined();
      // Every role that has the capability takes part; account managers act on their own record (am1's).
      const callers = ROLES.filter((role) => scopeOf(route.capability, role) !== 'none').map((role) => USER_OF_ROLE[role]);
      await fuzzRoute(route, contract, await scenario.arrange(client, 'am1'), callers, (as) => ({ as }));
    });
  }

  // The customer portal's routes (issue 21): the same fuzz, as a portal user of a company of their own (the SECOND
  // pool's token); their fixture is that company's (test/e2e/scenarios/portal-routes.scenarios.ts).
  it('has a contract and a scenario for every portal route', () => {
    expect(PORTAL_ROUTES.filter((route) => !PORTAL_CONTRACTS[route.operationId] || !PORTAL_ROUTE_SCENARIOS[route.operationId]).map(routeKey)).toEqual([]);
  });

  for (const route of PORTAL_ROUTES as readonly PortalRouteDefinition[]) {
    const operationId = route.operationId as PortalOperationId;
    it(`${routeKey(route)}: refused inputs write nothing; generated inputs never 5xx`, async () => {
      const caller = await arrangePortalCaller(client, 'am1');
      const arranged = await PORTAL_ROUTE_SCENARIOS[operationId].arrange(client, caller);
      await fuzzRoute(route, PORTAL_CONTRACTS[operationId], arranged, ['portal-user'], () => ({ token: caller.token }));
    });
  }
});

/**
 * The public routes (shared/routes.ts, PUBLIC_ROUTES: a campaign mail's tracked link and its unsubscribe page and
 * one-click unsubscribe; issue 19) have no token and no zod contract — the signed token in the path is all they take —
 * so they are fuzzed by their token (test/e2e/scenarios/public-routes.scenarios.ts), with junk in whatever they ignore
 * (query, headers, the POST's body). Every answer goes through `api()`, so it is checked against docs/openapi.json
 * (scripts/openapi-public-operations.ts).
 * 1. hostile tokens — the scenario's named ones (tampered, truncated, another campaign's, signed for no member or no
 *    link, the other route's kind, oversized, empty: each with its exact answer) and generated ones (a real token
 *    tampered, cut or padded; unicode; path traversal; nasty strings) — answer a 400/404 problem, never a redirect,
 *    and afterwards the member, its contact and the campaign's effect are exactly as arranged;
 * 2. the real token with generated junk around it answers the route's success (302 to the template's URL, the page),
 *    or a 409 ConcurrentChange when a concurrent request on the same member won three times; afterwards what the
 *    successes wrote is checked exactly (every click counted once, an unsubscribe once whatever the posts).
 */
describe('fuzzing the public routes by their token (issue 19)', () => {
  let client: Client;
  let stop: () => Promise<void>;
  let tableName: string;
  const tally: string[] = [];

  beforeAll(async () => {
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
    tableName = useLocalStack().tableName;
  });
  afterAll(async () => {
    console.info(`public fuzz tally (route: hostile / valid / 409):\n  ${tally.join('\n  ')}`);
    await stop();
  });

  it('has a scenario for every public route', () => {
    expect(PUBLIC_ROUTES.filter((route) => !PUBLIC_ROUTE_SCENARIOS[route.operationId]).map(routeKey)).toEqual([]);
  });

  const TRAVERSALS = ['../../v1/customers', '..%2F..%2Fv1%2Fme', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '..\\..\\windows\\win.ini', '....//....//', '/v1/me', '%00', '%', '?#', 'token/../../v1/me'];
  const JUNK_HEADERS: Record<string, string>[] = [{}, { authorization: 'Bearer garbage' }, { 'content-type': 'text/plain' }, { 'if-match': '"1"' }, { 'idempotency-key': 'fuzz-public-key' }, { 'x-correlation-id': 'bad id!' }];

  /** A hostile token: the real one broken, or anything else; never `.` or `..` (the URL parser resolves those away). */
  const hostileToken = (real: string): fc.Arbitrary<string> =>
    fc
      .oneof(
        tampered(real),
        fc.nat({ max: real.length - 1 }).map((at) => real.slice(at)),
        fc.integer({ min: 1, max: 6_000 }).map((n) => `${real}${'A'.repeat(n)}`),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
        fc.constantFrom(...TRAVERSALS),
        anyString(),
      )
      .filter((token) => token !== '.' && token !== '..' && token !== real);

  const junk = (method: string) =>
    fc.record({
      query: fc.oneof(fc.constant({}), fc.dictionary(fc.constantFrom('url', 'next', 'redirect', 'token', '__proto__', '#'), anyString(), { maxKeys: 2 })),
      headers: fc.constantFrom(...JUNK_HEADERS),
      body: method === 'POST' ? fc.oneof(fc.constant(undefined), fc.constant('List-Unsubscribe=One-Click'), anyString()) : fc.constant(undefined),
    });

  for (const route of PUBLIC_ROUTES as readonly PublicRouteDefinition[]) {
    const operationId = route.operationId as PublicOperationId;
    it(`${routeKey(route)} (${operationId}): hostile tokens are refused and write nothing; the real token answers ${operationId === 'followCampaignLink' ? 302 : 200}`, async () => {
      // Prepare
      const arranged = await PUBLIC_ROUTE_SCENARIOS[operationId].arrange(client);
      const counts = { hostile: 0, valid: 0, conflicts: 0, busy: 0 };
      const send = async (segment: string, extra: { query: Record<string, unknown>; headers: Record<string, string>; body: string | undefined }) => {
        const path = arranged.pathOf(segment) + queryStringOf(extra.query);
        const label = `${route.method} ${path.slice(0, 300)} headers ${JSON.stringify(extra.headers)} body ${String(extra.body).slice(0, 100)}`;
        const once = () => client.request(route.method, path, { headers: extra.headers, ...(extra.body !== undefined ? { body: extra.body } : {}) });
        try {
          let response = await once().catch((error: unknown) => (isStaleSocket(error) ? once() : Promise.reject(error)));
          if (response.status === 503 && (response.json as { code?: string } | undefined)?.code === 'ServiceBusy') {
            counts.busy += 1;
            await sleep(Math.min(Number(response.headers.get('retry-after') ?? 1), 5) * 1_000);
            response = await once();
          }
          return { response, label };
        } catch (error) {
          throw new Error(`${label}: ${(error as Error).message}`, { cause: error });
        }
      };
      /** What the gateway takes before any function runs (the staff block's fitsGateway): longer URLs test it, not us. */
      const fits = (segment: string, extra: { query: Record<string, unknown>; headers: Record<string, string> }): boolean =>
        (arranged.pathOf(segment) + queryStringOf(extra.query)).length <= MAX_URL && Object.values(extra.headers).every(sendable);
      const expectRefused = (response: ApiResponse, label: string): void => {
        expectPublicClean(response, label, tableName);
        expect([400, 404], `${label} → ${response.status} ${response.text.slice(0, 300)}`).toContain(response.status);
        if (response.status !== 404 || response.headers.get('content-type')?.includes('problem')) {
          expect(response.headers.get('content-type'), label).toContain('application/problem+json');
          expect(response.json).toMatchObject({ status: response.status, title: expect.any(String), type: expect.any(String) });
        }
        expect(response.headers.get('location'), label).toBeNull();
      };

      // Act and assess, phase 1: the named hostile tokens, each its exact answer; then generated ones.
      for (const named of arranged.named) {
        const { response, label } = await send(encodeLoose(named.token), { query: {}, headers: {}, body: undefined });
        expect(response.status, `${named.label}: ${label} → ${response.text.slice(0, 300)}`).toBe(named.status);
        if (named.status >= 400) expectRefused(response, `${named.label}: ${label}`);
        else arranged.assertSuccess(response);
      }
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(hostileToken(arranged.token), fc.boolean(), junk(route.method)), { minLength: BATCH, maxLength: BATCH }),
          async (batch) => {
            await Promise.all(
              batch.map(async ([token, raw, extra]) => {
                // Mostly one encoded segment; sometimes as is, so a `/` in it makes a path no route has (the gateway's 404).
                const segment = raw && !/(^|\/)\.\.?(\/|$)/.test(token) ? token.replace(/[?#%\s]/g, encodeURIComponent) : encodeLoose(token);
                if (!fits(segment, extra)) return;
                const { response, label } = await send(segment, extra);
                counts.hostile += 1;
                expectRefused(response, label);
              }),
            );
          },
        ),
        { numRuns: Math.ceil(RUNS / 2 / BATCH), seed: SEED, endOnFailure: true },
      );
      await arranged.assertUnchanged();

      // Phase 2: the real token with junk around it.
      await fc.assert(
        fc.asyncProperty(fc.array(junk(route.method), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
          await Promise.all(
            batch.filter((extra) => fits(arranged.token, extra)).map(async (extra) => {
              const { response, label } = await send(arranged.token, extra);
              expectPublicClean(response, label, tableName);
              if (response.status === 409 && (response.json as { code?: string }).code === 'ConcurrentChange') {
                counts.conflicts += 1;
                return;
              }
              expect(response.status, `${label} → ${response.text.slice(0, 300)}`).toBe(arranged.successStatus);
              arranged.assertSuccess(response);
              counts.valid += 1;
            }),
          );
        }),
        { numRuns: Math.ceil(RUNS / 2 / BATCH), seed: SEED, endOnFailure: true },
      );
      await arranged.assertAfterValid(counts.valid);
      tally.push(`${operationId}: ${counts.hostile + arranged.named.length} / ${counts.valid} / ${counts.conflicts}${counts.busy > 0 ? ` (${counts.busy} retried after 503)` : ''}`);
      expect(counts.valid, `${operationId}: no valid request succeeded`).toBeGreaterThan(0);
    });
  }
});

/** What every public answer must be: below 500, naming nothing internal (the staff block's expectClean, for this block). */
const expectPublicClean = (response: ApiResponse, label: string, tableName: string): void => {
  expect(response.status, `${label} → ${response.status} ${response.text.slice(0, 500)}`).toBeLessThan(500);
  expect(response.text).not.toContain(tableName);
  expect(response.text).not.toMatch(/Exception|\n\s+at |node_modules|\.ts:\d+/);
};
