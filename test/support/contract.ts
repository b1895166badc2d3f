import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { OPENAPI_PATH } from '#scripts/openapi-document';

/**
 * Contract checks against docs/openapi.json (the committed document: what clients read). Every response the e2e
 * client `api()` receives for a documented operation must have a declared status, and a body valid against the
 * declared schema for its content type — objects are `additionalProperties: false`, so a leaked key fails.
 */
type Json = Record<string, unknown>;

const DOCUMENT_ID = 'https://crm.local/openapi.json';
const document = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as Json;
const paths = document.paths as Record<string, Record<string, Json>>;

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
(addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
ajv.addSchema({ ...document, $id: DOCUMENT_ID });

const pointer = (...segments: string[]): string => segments.map((s) => s.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

interface Template {
  readonly path: string;
  readonly method: string;
  readonly pattern: RegExp;
}

/** Literal segments before parameters, position by position: the route API Gateway picks (`/v1/customers/duplicates` over `/v1/customers/{customerId}`). */
const specificity = (path: string): string => path.split('/').map((segment) => (segment.startsWith('{') ? '1' : '0')).join('');

const templates: Template[] = Object.entries(paths)
  .flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => ({
      path,
      method: method.toUpperCase(),
      pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    })),
  )
  .sort((a, b) => specificity(a.path).localeCompare(specificity(b.path)));

/** The documented operation a request is for (method + path template), if any. */
export const operationFor = (method: string, url: string): { path: string; method: string; operation: Json } | undefined => {
  const rawPath = new URL(url, 'http://x').pathname;
  const template = templates.find((candidate) => candidate.method === method.toUpperCase() && candidate.pattern.test(rawPath));
  if (!template) return undefined;
  return { path: template.path, method: template.method, operation: paths[template.path]![template.method.toLowerCase()]! };
};

const validators = new Map<string, ValidateFunction>();
const validatorAt = (ref: string): ValidateFunction => {
  let validator = validators.get(ref);
  if (!validator) {
    validator = ajv.compile({ $ref: ref });
    validators.set(ref, validator);
  }
  return validator;
};

const resolveResponse = (response: Json): { json: Json; base: string } => {
  const ref = response.$ref as string | undefined;
  if (!ref) return { json: response, base: '' };
  const name = ref.split('/').pop()!;
  return { json: (document.components as { responses: Record<string, Json> }).responses[name]!, base: `#/components/responses/${pointer(name)}` };
};

export interface ObservedResponse {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
}

/** The contract violations of a response (empty when it keeps the contract). */
export const contractViolations = (method: string, url: string, response: ObservedResponse): string[] => {
  const match = operationFor(method, url);
  if (!match) return [];
  const { operation } = match;
  const where = `${match.method} ${match.path} → ${response.status}`;
  const responses = operation.responses as Record<string, Json>;
  const declared = responses[String(response.status)];
  if (!declared) {
    return [`${where}: status not declared (declared: ${Object.keys(responses).join(', ')}); body ${response.text.slice(0, 300)}`];
  }
  const { json: resolved, base } = resolveResponse(declared);
  const content = resolved.content as Record<string, Json> | undefined;
  if (!content) return response.text === '' ? [] : [`${where}: no body declared, got ${response.text.slice(0, 200)}`];
  const mediaType = (response.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!(mediaType in content)) return [`${where}: content type ${mediaType || '(none)'} not declared (${Object.keys(content).join(', ')})`];
  if (!mediaType.endsWith('json')) return [];
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    return [`${where}: the body is not JSON`];
  }
  const schemaPointer = base
    ? `${DOCUMENT_ID}${base}/content/${pointer(mediaType)}/schema`
    : `${DOCUMENT_ID}#/paths/${pointer(match.path)}/${match.method.toLowerCase()}/responses/${response.status}/content/${pointer(mediaType)}/schema`;
  const validate = validatorAt(schemaPointer);
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (error) => `${where}: ${error.instancePath || '(body)'} ${error.message}${error.params && 'additionalProperty' in error.params ? ` '${String(error.params.additionalProperty)}'` : ''}`,
  );
};

export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

/** Throws when the response breaks the documented contract of its operation. */
export const assertKeepsContract = (method: string, url: string, response: ObservedResponse): void => {
  const violations = contractViolations(method, url, response);
  if (violations.length > 0) throw new ContractViolation(`the response breaks docs/openapi.json:\n  ${violations.join('\n  ')}`);
};
