import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { CONTRACTS, PORTAL_CONTRACTS } from '#functions/contracts';
import { LOCAL_SERVER_URL, OPENAPI_PATH, buildOpenApiDocument, renderOpenApi } from '#scripts/openapi-document';
import { renderSdkTypes, SDK_TYPES_PATH } from '#scripts/sdk-types';
import { PORTAL_ROUTES, PUBLIC_ROUTES, ROUTES } from '#shared/routes';

type Json = Record<string, unknown>;
const OAS_BASE_DIALECT = 'https://spec.openapis.org/oas/3.1/dialect/base';
const document = buildOpenApiDocument() as {
  info: Json;
  servers: { url: string; description?: string; variables?: Record<string, Json> }[];
  tags: { name: string; description?: string }[];
  jsonSchemaDialect?: string;
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; responses: Record<string, Json> };
};

/** Every JSON-schema node of a tree, with its path. */
const walk = function* (node: unknown, at: string): Generator<[string, Json]> {
  if (!node || typeof node !== 'object') return;
  if (!Array.isArray(node)) yield [at, node as Json];
  for (const [key, child] of Object.entries(node)) yield* walk(child, `${at}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
};

describe('OpenAPI document', () => {
  it('docs/openapi.json is up to date (run `npm run openapi` after changing routes or schemas)', async () => {
    expect(await readFile(OPENAPI_PATH, 'utf8')).toBe(renderOpenApi());
  });

  it('the typed client\'s types (clients/typescript/src/openapi.ts) are generated from it (`npm run openapi` writes both)', async () => {
    expect(await readFile(SDK_TYPES_PATH, 'utf8')).toBe(await renderSdkTypes(renderOpenApi()));
  }, 60_000); // openapi-typescript walks the whole document: seconds of CPU, more on a loaded machine

  it('is an OpenAPI 3.1 document with a bearer JWT scheme', () => {
    expect(document).toMatchObject({ openapi: '3.1.0', components: { securitySchemes: { cognitoJwt: { type: 'http', scheme: 'bearer' } } } });
  });

  it('keeps the default OAS 3.1 dialect (Swagger UI warns of any other), and no schema declares its own', () => {
    // The OAS 3.1 base dialect is draft 2020-12 plus annotations, so the schemas validate as under 2020-12.
    expect(document.jsonSchemaDialect ?? OAS_BASE_DIALECT).toBe(OAS_BASE_DIALECT);
    for (const [at, node] of walk(document, '#')) expect(Object.keys(node), at).not.toContain('$schema');
  });

  it('every schema is plain draft 2020-12: it compiles with strict keyword checking', () => {
    const ajv = new Ajv2020({ strict: true, strictTypes: false, strictTuples: false, strictRequired: false, allowUnionTypes: true });
    (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
    ajv.addKeyword('example');
    const $defs = JSON.parse(JSON.stringify(document.components.schemas).replaceAll('#/components/schemas/', '#/$defs/')) as Json;
    ajv.addSchema({ $id: 'https://crm.local/schemas', $defs });
    for (const name of Object.keys($defs)) {
      expect(() => ajv.compile({ $ref: `https://crm.local/schemas#/$defs/${name}` }), name).not.toThrow();
    }
    // Compiling ~600 KB of schemas takes 2–7 s on a loaded 2-core machine: a timeout here is not a finding.
  }, 30_000);

  it('names the local gateway and a deployed stage (the ApiUrl output) as servers', () => {
    expect(document.servers[0]?.url).toBe(LOCAL_SERVER_URL);
    const deployed = document.servers.find((server) => server.url === '{apiUrl}');
    expect(deployed?.description).toContain('ApiUrl');
    expect(deployed?.variables?.apiUrl?.default).toMatch(/^https:\/\/[^/]+\.execute-api\.[^/]+\.amazonaws\.com$/);
  });

  it('has a contact, a license and a described tag per feature function (spectral and redocly ask for them)', () => {
    expect(document.info.contact).toBeTruthy();
    expect(document.info.license).toMatchObject({ name: expect.any(String) });
    expect(document.tags.map((tag) => tag.name).sort()).toEqual([...new Set(ROUTES.map((route) => route.fn))].sort());
    for (const tag of document.tags) expect(tag.description, tag.name).toMatch(/\w{3}/);
  });

  it.each(ROUTES.map((route) => [route.operationId, route] as const))('%s: documented from the route table, secured, with its problems', (operationId, route) => {
    expect(CONTRACTS[operationId], 'a contract in functions/contracts.ts').toBeDefined();
    const operation = document.paths[route.path]?.[route.method.toLowerCase()] as Json & { responses: Record<string, unknown> };
    expect(operation?.operationId).toBe(operationId);
    expect(operation.security).toEqual([{ cognitoJwt: [] }]);
    const statuses = Object.keys(operation.responses);
    expect(statuses.some((status) => status.startsWith('2'))).toBe(true);
    for (const status of ['400', '401', '403', '500', '503']) expect(statuses).toContain(status);
    if (route.path.includes('{')) expect(statuses).toContain('404');
    if (route.kind === 'update' || route.kind === 'delete') expect(statuses).toEqual(expect.arrayContaining(['412', '428']));
  });

  it('documents no operation that is not in the route table', () => {
    const documented = Object.values(document.paths).flatMap((operations) => Object.values(operations).map((operation) => operation.operationId));
    expect(documented.sort()).toEqual([...ROUTES, ...PORTAL_ROUTES, ...PUBLIC_ROUTES].map((route) => route.operationId).sort());
  });

  it.each(PUBLIC_ROUTES.map((route) => [route.operationId, route] as const))(
    '%s: a public route (a campaign mail\'s link), documented with no security, 400 and 404 and never 401 or 403',
    (operationId, route) => {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()] as Json & { responses: Record<string, unknown> };
      expect(operation?.operationId).toBe(operationId);
      expect(operation.security).toEqual([]);
      const statuses = Object.keys(operation.responses);
      expect(statuses.some((status) => /^[23]/.test(status))).toBe(true);
      for (const status of ['400', '404', '500', '503']) expect(statuses).toContain(status);
      expect(statuses).not.toContain('401');
      expect(statuses).not.toContain('403');
    },
  );

  it.each(PORTAL_ROUTES.map((route) => [route.operationId, route] as const))(
    '%s: a portal route, documented under the portal pool scheme only, 401 and never 403',
    (operationId, route) => {
      expect(PORTAL_CONTRACTS[operationId], 'a contract in functions/portal/portal-routes.contract.ts').toBeDefined();
      const operation = document.paths[route.path]?.[route.method.toLowerCase()] as Json & { responses: Record<string, unknown> };
      expect(operation?.operationId).toBe(operationId);
      expect(operation.security).toEqual([{ portalJwt: [] }]);
      const statuses = Object.keys(operation.responses);
      expect(statuses.some((status) => status.startsWith('2'))).toBe(true);
      for (const status of ['400', '401', '500', '503']) expect(statuses).toContain(status);
      expect(statuses).not.toContain('403');
      if (route.path.includes('{')) expect(statuses).toContain('404');
      if (route.kind === 'update' || route.kind === 'action') expect(statuses).toEqual(expect.arrayContaining(['412', '428']));
    },
  );

  it('has a second bearer scheme for the portal pool, and no staff operation under it', () => {
    expect(document.components).toMatchObject({ securitySchemes: { portalJwt: { type: 'http', scheme: 'bearer' } } });
    const portalPaths = new Set(PORTAL_ROUTES.map((route) => route.path as string));
    const publicPaths = new Set(PUBLIC_ROUTES.map((route) => route.path as string));
    for (const [path, operations] of Object.entries(document.paths)) {
      if (publicPaths.has(path)) continue;
      for (const operation of Object.values(operations)) {
        expect(operation.security, path).toEqual([{ [portalPaths.has(path) ? 'portalJwt' : 'cognitoJwt']: [] }]);
      }
    }
  });

  it('closes every object it answers (additionalProperties: false) and names no storage attribute', () => {
    const responseSchemas = Object.entries(document.components.schemas).filter(([name]) => !name.endsWith('Request'));
    for (const [name, schema] of responseSchemas) {
      for (const [at, node] of walk(schema, name)) {
        if (node.type === 'object' && node.properties) expect(node.additionalProperties, at).toBe(false);
        if (node.properties) {
          for (const key of Object.keys(node.properties as Json)) expect(key, at).not.toMatch(/^(pk|sk|gsi\d*(pk|sk)?)$/i);
        }
      }
    }
  });

  it('gives examples that are valid against their own schemas', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
    ajv.addSchema({ ...document, $id: 'https://crm.local/openapi.json' });
    let examples = 0;
    for (const [at, node] of walk(document.paths, '#/paths')) {
      if (!('example' in node) || !node.schema) continue;
      examples += 1;
      const validate = ajv.compile({ $ref: `https://crm.local/openapi.json${at}/schema` });
      expect(validate(node.example), `${at}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(examples).toBeGreaterThan(0);
    // CPU-bound: Ajv compiles the document and one validator per example (~3 s alone, more in a loaded full run),
    // growing with every route; the default 5 s is not a limit this test is about.
  }, 60_000);
});
