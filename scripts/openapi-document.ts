import * as z from 'zod';
import { CONTRACTS, PORTAL_CONTRACTS } from '#functions/contracts';
import type { RouteContract, SuccessResponse } from '#shared/http/contract';
import { publicOperations } from './openapi-public-operations';
import { PORTAL_ROUTES, ROUTES, type FeatureFunction, type OperationId, type PortalOperationId, type PortalRouteDefinition, type RouteDefinition } from '#shared/routes';

/**
 * The OpenAPI 3.1 document, generated from the route table (shared/routes.ts) and each route's contract
 * (functions/contracts.ts: the handlers' own zod schemas). `npm run openapi` writes it to docs/openapi.json;
 * test/unit/openapi.test.ts fails when that file is out of date; the local gateway serves it at /openapi.json;
 * the e2e client (test/support/e2e.ts) validates every response against it.
 */
export const OPENAPI_PATH = 'docs/openapi.json';

type Json = Record<string, unknown>;

const TARGET = 'draft-2020-12' as const;
const SCHEMA_REF = (name: string) => `#/components/schemas/${name}`;

/** RFC 9457 problem details, as shared/http/problem.ts builds them. Strict, like every object we answer. */
export const problemSchema = z.strictObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string(),
  instance: z.string().optional(),
  code: z.string(),
  errors: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
  // Extensions of `/problems/possible-duplicate` (shared/duplicates/duplicate-candidates.ts): the matching
  // customers the caller may see, and how many others match.
  candidates: z
    .array(
      z.strictObject({
        id: z.string(),
        customerNo: z.string(),
        name: z.string(),
        ownerId: z.string(),
        ownerName: z.string(),
        matchedBy: z.array(z.enum(['name', 'phone', 'domain', 'tax'])),
      }),
    )
    .optional(),
  hiddenCandidates: z.number().int().min(0).optional(),
  // Extension of a customer's 404 (and of a second merge's 409) when the customer was merged into another
  // (functions/customers/merge/): the survivor's id, to follow.
  mergedInto: z.string().optional(),
});

/** What API Gateway itself answers (401 from the JWT authorizer, 404 no route, 413, 500, 503 timeout). */
export const gatewayMessageSchema = z.strictObject({ message: z.string() });

const strip = (schema: Json): Json => {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
};

const jsonSchemaOf = (schema: z.ZodType, io: 'input' | 'output'): Json =>
  strip(z.toJSONSchema(schema, { target: TARGET, io, unrepresentable: 'any' }) as Json);

interface ProblemResponse {
  readonly name: string;
  readonly description: string;
  /** API Gateway may answer this status itself, with `{ message }`. */
  readonly gateway?: boolean;
  readonly headers?: Json;
}

/** Each problem status, once, in `components.responses`. */
const PROBLEM_RESPONSES: Record<number, ProblemResponse> = {
  400: { name: 'BadRequest', description: 'Invalid input (path, query or body; malformed JSON; unknown fields; bad cursor)' },
  401: {
    name: 'Unauthorized',
    description: 'No valid bearer token (answered by the JWT authorizer before any function runs)',
    gateway: true,
    headers: { 'WWW-Authenticate': { schema: { type: 'string' }, description: 'Bearer challenge with the reason' } },
  },
  403: { name: 'Forbidden', description: "The caller's role lacks the capability (also a token with no or an unknown group)" },
  404: { name: 'NotFound', description: 'No such record, or one the caller may not see (answered exactly alike)' },
  406: { name: 'NotAcceptable', description: '`Accept` allows neither application/json nor text/csv' },
  409: {
    name: 'Conflict',
    description: 'Duplicate, invalid state transition, insufficient stock, limit reached; or a concurrent change (ConcurrentChange: retry after Retry-After)',
    headers: { 'Retry-After': { schema: { type: 'integer', minimum: 0 }, description: 'Seconds to wait before retrying (ConcurrentChange only)' } },
  },
  410: { name: 'Gone', description: 'A change-feed cursor older than the 30 days kept (ChangeFeedExpired): re-sync from the lists, then follow the feed from a new cursor' },
  412: { name: 'PreconditionFailed', description: '`If-Match` does not match the current version' },
  413: { name: 'PayloadTooLarge', description: 'The body is too large (64 KiB per route; 10 MiB at the gateway)', gateway: true },
  415: { name: 'UnsupportedMediaType', description: 'The body is not sent as application/json' },
  422: { name: 'IdempotencyKeyReused', description: 'The `Idempotency-Key` was used before with another body' },
  428: { name: 'PreconditionRequired', description: '`If-Match` is required' },
  429: {
    name: 'TooManyRequests',
    description: 'A quota is spent (exports: the export quota, docs/import-export.md); `Retry-After` says when to try again',
    headers: { 'Retry-After': { schema: { type: 'integer', minimum: 0 }, description: 'Seconds to wait before retrying' } },
  },
  500: { name: 'InternalError', description: 'Unexpected error; names nothing internal. Quote the correlation id', gateway: true },
  503: {
    name: 'ServiceBusy',
    description: 'The database is busy or failing (throttling, a DynamoDB 5xx, a timeout) or the function timed out; retry',
    gateway: true,
    headers: { 'Retry-After': { schema: { type: 'integer', minimum: 0 }, description: 'Seconds to wait before retrying' } },
  },
};

/**
 * The problem statuses a route can answer: derived from its kind, its path and its body, plus its own. A portal route
 * (no capability: the caller is a portal user, never a role) answers no 403 — any caller it refuses is 401.
 */
export const problemStatusesOf = (route: RouteDefinition | PortalRouteDefinition, contract: RouteContract): number[] => {
  const statuses = new Set<number>([400, 401, 500, 503]);
  if ('capability' in route) statuses.add(403);
  if (route.path.includes('{')) statuses.add(404);
  if (contract.body) [413, 415].forEach((status) => statuses.add(status));
  if (route.kind === 'create') [409, 422].forEach((status) => statuses.add(status));
  if (contract.idempotencyKey) statuses.add(422);
  if (route.kind === 'update' || route.kind === 'delete' || route.kind === 'action') {
    // A write with its conditions in the body (a bulk edit) answers a stale item in that item: no 412 / 428.
    (contract.conditionsInBody ? [409] : [409, 412, 428]).forEach((status) => statuses.add(status));
  }
  for (const status of contract.problems ?? []) statuses.add(status);
  return [...statuses].sort((a, b) => a - b);
};

const parametersOf = (schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] => {
  if (!schema) return [];
  const json = jsonSchemaOf(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
};

const header = (description: string, schema: Json = { type: 'string' }, required = false): Json => ({
  description,
  required,
  schema,
});

/** One tag per feature function, described (the linters ask for it; a new function fails typecheck here). */
const TAG_DESCRIPTIONS: Record<FeatureFunction, string> = {
  customers: 'Customers: create, search (name prefix, pinyin initials), update, archive, transfer, and the 360 view',
  opportunities: 'Sales opportunities and their development plans; winning one creates the customer',
  orders: 'Products, stock, orders and payments: every business write one transaction',
  contacts: "Contacts of a customer (one primary per customer)",
  activities: "Activities with customers and each user's follow-ups",
  services: 'Service requests (assign, handle, feedback) and lost customers with their retention measures',
  reports: 'Reports (contribution, composition, services, churn, pipeline, receivables) as JSON or CSV, and their snapshots',
  admin: 'The caller (`/v1/me`), staff accounts and roles, the data dictionary and the audit trail',
  workbench: 'The workbench: tasks (delegate, complete, recurring by RRULE, reminders)',
  imports: 'Imports of customers from CSV or XLSX: a presigned upload, an asynchronous job with progress, a row report, revert',
  dunning: 'Dunning (催款): overdue balances by due date, dunning notes with promises to pay, letters to the customer',
  exports: 'Exports of customers, contacts, activities and orders as CSV or XLSX with the lists\' filters: an asynchronous job, a presigned download, the export quota',
  attachments: 'Attachments (contracts, scans, photos) on customers, opportunities, orders and service requests: a presigned upload (type and size signed), a check after the upload, presigned downloads, soft delete',
  campaigns: 'Marketing campaigns (营销活动): plan with budget and dates, the life cycle draft → scheduled → running → completed | cancelled, actual cost',
  webhooks: 'Webhooks (issue 22): subscriptions to domain events, delivered signed by the Standard Webhooks scheme, retried for 24 hours; delivery logs, redelivery, replay',
  changes: 'The change feed (issue 22): every change the caller may see, in recorded order after a signed cursor, for offline sync and polling integrators; kept 30 days (410 after)',
  portal: "The customer portal's staff side: invite a customer's contact to the portal (a second user pool), list and disable portal users; the portal's own routes are under /portal/v1",
};

/**
 * Where the API is served. The local gateway (`npm start`) serves this document with its first entry replaced by
 * the address it was requested from (local/api-docs.ts); a deployed stage's base URL is the `ApiUrl` output of
 * the `crm-<stage>-stateless` stack, pasted into the `apiUrl` variable.
 */
export const LOCAL_SERVER_URL = 'http://127.0.0.1:3000';
const SERVERS: Json[] = [
  { url: LOCAL_SERVER_URL, description: 'The local gateway (npm start; CRM_API_PORT changes the port)' },
  {
    url: '{apiUrl}',
    description: 'A deployed stage: set apiUrl to the ApiUrl output of the crm-<stage>-stateless stack',
    variables: {
      apiUrl: {
        default: 'https://api-id.execute-api.region.amazonaws.com',
        description: 'The `ApiUrl` stack output (`npx cdk deploy` prints it), e.g. https://a1b2c3d4e5.execute-api.eu-central-1.amazonaws.com',
      },
    },
  },
];

const ETAG = header('The version as a strong ETag (`"7"`); send it back in `If-Match`');

export const buildOpenApiDocument = (): Json => {
  // Named schemas: responses in their output form, request bodies in their input form. Nested named schemas
  // become $refs (a Customer inside the 360 view is the same Customer).
  const outputs = z.registry<{ id: string }>();
  const inputs = z.registry<{ id: string }>();
  outputs.add(problemSchema, { id: 'Problem' });
  outputs.add(gatewayMessageSchema, { id: 'GatewayMessage' });
  for (const contract of [...Object.values(CONTRACTS), ...Object.values(PORTAL_CONTRACTS)]) {
    for (const response of Object.values(contract.responses) as SuccessResponse[]) {
      if (response.schema && response.name && !outputs.has(response.schema)) outputs.add(response.schema, { id: response.name });
    }
    if (contract.body && contract.bodyName) inputs.add(contract.body, { id: contract.bodyName });
  }
  const registryOptions = { target: TARGET, unrepresentable: 'any', uri: SCHEMA_REF } as const;
  const named = {
    ...(z.toJSONSchema(outputs, { ...registryOptions, io: 'output' }).schemas as Record<string, Json>),
    ...(z.toJSONSchema(inputs, { ...registryOptions, io: 'input' }).schemas as Record<string, Json>),
  };
  const schemas = Object.fromEntries(Object.entries(named).map(([name, schema]) => [name, strip(schema)]));
  const refOr = (schema: z.ZodType, io: 'input' | 'output'): Json => {
    const meta = (io === 'output' ? outputs : inputs).get(schema);
    return meta ? { $ref: SCHEMA_REF(meta.id) } : jsonSchemaOf(schema, io);
  };

  const problemContent = (gateway: boolean | undefined): Json => ({
    'application/problem+json': { schema: { $ref: SCHEMA_REF('Problem') } },
    ...(gateway ? { 'application/json': { schema: { $ref: SCHEMA_REF('GatewayMessage') } } } : {}),
  });
  const responses = Object.fromEntries(
    Object.values(PROBLEM_RESPONSES).map((problem) => [
      problem.name,
      { description: problem.description, ...(problem.headers ? { headers: problem.headers } : {}), content: problemContent(problem.gateway) },
    ]),
  );

  const paths: Record<string, Json> = {};
  /** One operation; a staff route names its capability, a portal route the portal pool (`portalJwt`). */
  const addOperation = (route: RouteDefinition | PortalRouteDefinition, contract: RouteContract): void => {
    const writes = (route.kind === 'update' || route.kind === 'delete' || route.kind === 'action') && !contract.conditionsInBody;
    const parameters = [
      ...parametersOf(contract.params, 'path'),
      ...parametersOf(contract.query, 'query'),
      ...(writes ? [{ name: 'If-Match', in: 'header', required: true, description: 'The ETag last read', schema: { type: 'string' } }] : []),
      ...(route.kind === 'create' || contract.idempotencyKey
        ? [{ name: 'Idempotency-Key', in: 'header', required: false, description: 'The same key and body replay the first answer', schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,128}$' } }]
        : []),
      { name: 'X-Correlation-Id', in: 'header', required: false, description: 'Echoed, and on every log line (8–64 of A-Z a-z 0-9 _ -)', schema: { type: 'string' } },
    ];
    const success: Record<string, Json> = {};
    for (const [status, response] of Object.entries(contract.responses) as [string, SuccessResponse][]) {
      const content: Json = {};
      if (response.schema) {
        content['application/json'] = {
          schema: refOr(response.schema, 'output'),
          ...(response.example === undefined ? {} : { example: response.example }),
        };
      } else if (status !== '204') {
        content['application/json'] = { schema: { type: 'object' } };
      }
      if (response.csv) content['text/csv'] = { schema: { type: 'string' } };
      if (response.pdf) content['application/pdf'] = { schema: { type: 'string', format: 'binary' } };
      const headers: Json = { 'X-Correlation-Id': header('The correlation id of the request') };
      if (status === '201' || status === '202') {
        headers.Location = header('Where to read the created resource', { type: 'string' }, true);
        headers.ETag = ETAG;
        headers['Idempotent-Replayed'] = header('`true` when this is the replay of an earlier answer');
      } else if (status === '200' && route.kind !== 'read') headers.ETag = ETAG;
      else if (status === '200' && (route.path.endsWith('}') || response.etag)) headers.ETag = ETAG;
      success[status] = { description: response.description, headers, ...(Object.keys(content).length ? { content } : {}) };
    }
    const problems = Object.fromEntries(
      problemStatusesOf(route, contract).map((status) => [String(status), { $ref: `#/components/responses/${PROBLEM_RESPONSES[status]!.name}` }]),
    );
    const operation: Json = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.fn],
      description:
        'capability' in route
          ? `Capability \`${route.capability}\` (see docs/permissions.md). Served by the \`crm-${route.fn}\` function.`
          : `Customer portal: a token of the PORTAL user pool (\`portalJwt\`), on the portal API; staff tokens are refused (401). Every record is the portal user's own customer's (another customer's id: 404). Served by the \`crm-${route.fn}\` function.`,
      security: [{ ['capability' in route ? 'cognitoJwt' : 'portalJwt']: [] }],
      parameters,
      ...(contract.body
        ? {
            requestBody: {
              required: contract.optionalBody !== true,
              content: {
                'application/json': {
                  schema: refOr(contract.body, 'input'),
                  ...(contract.bodyExample === undefined ? {} : { example: contract.bodyExample }),
                },
              },
            },
          }
        : {}),
      responses: { ...success, ...problems },
    };
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  };
  for (const route of ROUTES as readonly RouteDefinition[]) addOperation(route, CONTRACTS[route.operationId as OperationId]);
  for (const route of PORTAL_ROUTES as readonly PortalRouteDefinition[]) addOperation(route, PORTAL_CONTRACTS[route.operationId as PortalOperationId]);
  // The public routes (a campaign mail's unsubscribe and tracked links: no token, HTML or a redirect).
  for (const { route, operation } of publicOperations((status) => ({ $ref: `#/components/responses/${PROBLEM_RESPONSES[status]!.name}` }))) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'CRM API',
      version: '1.0.0',
      description:
        'The CRM backend: one HTTP API, JSON in camelCase, RFC 9457 problems, ULID ids, ETag / If-Match on every change, ' +
        'Idempotency-Key on creates, signed cursors on lists. Generated from shared/routes.ts and the zod schemas by ' +
        '`npm run openapi`; see docs/api.md.',
      // package.json is private with no license: all rights reserved, as npm's UNLICENSED means.
      contact: { name: 'CRM backend team' },
      license: { name: 'UNLICENSED (proprietary, no rights granted)', url: 'https://docs.npmjs.com/cli/v10/configuring-npm/package-json#license' },
    },
    servers: SERVERS,
    security: [{ cognitoJwt: [] }],
    tags: [...new Set(ROUTES.map((route) => route.fn))].map((fn) => ({ name: fn, description: TAG_DESCRIPTIONS[fn] })),
    paths,
    components: {
      securitySchemes: {
        cognitoJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A Cognito ID token (USER_PASSWORD_AUTH or the hosted UI) of the app client; the role is the `cognito:groups` claim.',
        },
        portalJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "A token of the customer portal's user pool (the SECOND pool, its own app client; issue 21): the /portal/v1 routes only. The portal user's record decides the customer, never a claim.",
        },
      },
      schemas,
      responses,
    },
  };
};

export const renderOpenApi = (): string => `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
