import type { MiddlewareObj, Request } from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import type { z } from 'zod';
import { principalFromEvent, type Principal } from '#shared/auth/principal';
import { lockedAccounts } from '#shared/auth/account-lock';
import { accountLocked } from '#shared/read-guard/customer-read-guard';
import { scopeOf, type Scope } from '#shared/auth/permissions';
import { DomainError, ErrorCode, isDomainError, type FieldError } from '#shared/core/errors';
import { logger } from '#shared/core/logger';
import { findRoute, type OperationId, type RouteDefinition } from '#shared/routes';
import { internalProblem, problemFromDomainError } from './problem';
import { problemResponse, type HttpResult } from './responses';

/** What the middlewares learn about a request, for the route handler to use. */
export interface RequestState<B = unknown, Q = unknown, P = unknown> {
  route: RouteDefinition;
  principal: Principal;
  /** `all` or `own` — a role without the capability never reaches the handler. */
  scope: Exclude<Scope, 'none'>;
  body: B;
  query: Q;
  params: P;
}

export type ApiEvent<B = unknown, Q = unknown, P = unknown> = APIGatewayProxyEventV2WithJWTAuthorizer & {
  crm: RequestState<B, Q, P>;
};

type Middleware = MiddlewareObj<ApiEvent, HttpResult, Error, Context>;

const CORRELATION_HEADER = 'x-correlation-id';
const SAFE_CORRELATION_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Correlation id (the caller's `x-correlation-id` when well-formed, else the API Gateway request id) on every
 * log line and every response; one access log line per request with route, status and duration — no PII.
 */
export const requestContext = (): Middleware => {
  // Keyed by event, not held in closure variables: the local gateway runs invocations concurrently in one process.
  const started = new WeakMap<object, { at: number; correlationId: string }>();
  const finish = (request: Request<ApiEvent, HttpResult, Error, Context>): void => {
    const state = started.get(request.event);
    if (request.response && state) {
      request.response.headers = { ...request.response.headers, [CORRELATION_HEADER]: state.correlationId };
    }
    logger.info('request', {
      routeKey: request.event.routeKey,
      status: request.response?.statusCode,
      durationMs: state ? Math.round(performance.now() - state.at) : undefined,
    });
  };
  return {
    before: (request) => {
      const given = request.event.headers?.[CORRELATION_HEADER];
      const correlationId =
        given && SAFE_CORRELATION_ID.test(given) ? given : request.event.requestContext?.requestId ?? 'unknown';
      started.set(request.event, { at: performance.now(), correlationId });
      logger.setCorrelationId(correlationId);
    },
    after: finish,
    onError: finish,
  };
};

/**
 * Authenticates (role from the token only), refuses a locked account (403 AccountLocked: the read guard locked it,
 * and its tokens stay valid until they expire — see shared/auth/account-lock.ts; an in-memory check on almost every
 * request) and applies the permission table: 403 when the role lacks it.
 */
export const authorize = (operationId: OperationId): Middleware => {
  const route = findRoute(operationId);
  return {
    before: async (request) => {
      const principal = principalFromEvent(request.event);
      if (await lockedAccounts().isLocked(principal.username)) throw accountLocked();
      const scope = scopeOf(route.capability, principal.role);
      if (scope === 'none') {
        throw new DomainError(ErrorCode.Forbidden, `Your role (${principal.role}) lacks the capability ${route.capability}.`);
      }
      request.event.crm = { route, principal, scope, body: undefined, query: undefined, params: undefined };
    },
  };
};

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * JSON bodies: size cap before anything is parsed (413), then middy's parser, whose two 415s are told apart
 * here: a wrong content type stays 415, malformed JSON becomes a 400 that says so.
 */
export const jsonBody = (options: { maxBytes?: number } = {}): Middleware => {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  const parser = httpJsonBodyParser();
  return {
    before: async (request) => {
      const { body, isBase64Encoded } = request.event;
      const size = body === undefined ? 0 : Buffer.byteLength(body, isBase64Encoded ? 'base64' : 'utf8');
      if (size > maxBytes) {
        throw new DomainError(ErrorCode.PayloadTooLarge, `The body is ${size} bytes; at most ${maxBytes} are accepted.`);
      }
      try {
        await parser.before!(request as never);
      } catch (error) {
        if (error instanceof Error && error.message === 'Unsupported Media Type') {
          throw new DomainError(ErrorCode.UnsupportedMediaType, 'Send the body as application/json.');
        }
        throw new DomainError(ErrorCode.MalformedJson, 'The body is not valid JSON.');
      }
    },
  };
};

export interface RequestSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

const fieldErrorsOf = (part: string, error: z.ZodError): FieldError[] =>
  error.issues.flatMap((issue) => {
    const base = [part, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: `${base}.${key}`, message: 'Unknown or read-only field.' }));
    }
    return [{ path: base, message: issue.message }];
  });

/** Validates path parameters, query and body with zod; every problem is reported at once (400). */
export const validate = (schemas: RequestSchemas): Middleware => ({
  before: (request) => {
    const { event } = request;
    const inputs = {
      params: event.pathParameters ?? {},
      query: event.queryStringParameters ?? {},
      body: event.body as unknown,
    };
    const errors: FieldError[] = [];
    for (const part of ['params', 'query', 'body'] as const) {
      const schema = schemas[part];
      if (!schema) continue;
      const result = schema.safeParse(inputs[part]);
      if (result.success) event.crm[part] = result.data;
      else errors.push(...fieldErrorsOf(part, result.error));
    }
    if (errors.length > 0) {
      throw new DomainError(ErrorCode.ValidationFailed, 'Some input is not valid; see errors.', { errors });
    }
  },
});

/** DynamoDB (and generic AWS) errors that mean "throttled": the SDK already retried them with backoff. */
const THROTTLING_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);
/** The service or the network failed us: a 5xx from DynamoDB, a timeout, a dropped or refused connection. */
const UNAVAILABLE_ERRORS = new Set(['InternalServerError', 'ServiceUnavailable', 'ServiceUnavailableException', 'InternalFailure', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError']);
const NETWORK_ERROR_CODES = new Set(['ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH']);
/** Cancellation reasons of a TransactWriteItems that say "throttled" for one of its items. */
const THROTTLED_REASONS = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded']);

interface AwsLikeError {
  name?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; attempts?: number };
  CancellationReasons?: { Code?: string }[];
}

/**
 * The one place where infrastructure failures become problems (RELIABILITY-CHECKLIST E1, D6): throttling,
 * DynamoDB 5xx, timeouts and network errors answer 503 with Retry-After; a transaction conflict that outlived
 * `withConflictRetry` answers 409 with Retry-After (the request was fine, the records were busy). Anything else
 * is not known here and stays a generic 500. Nothing of the error reaches the client; the caller logs it.
 */
export const problemOfAwsFault = (error: unknown): DomainError | undefined => {
  const fault = (error ?? {}) as AwsLikeError;
  const name = fault.name ?? '';
  const reasons = name === 'TransactionCanceledException' ? (fault.CancellationReasons ?? []).map((reason) => reason.Code ?? '') : [];
  if (name === 'TransactionConflictException' || reasons.includes('TransactionConflict')) {
    return new DomainError(ErrorCode.ConcurrentChange, 'Another change to the same records was in progress; retry after a moment.', {
      retryAfterSeconds: 1,
    });
  }
  const throttled = THROTTLING_ERRORS.has(name) || reasons.some((reason) => THROTTLED_REASONS.has(reason));
  const unavailable =
    UNAVAILABLE_ERRORS.has(name) ||
    NETWORK_ERROR_CODES.has(fault.code ?? '') ||
    (fault.$fault === 'server' && fault.$metadata !== undefined) ||
    (fault.$metadata?.httpStatusCode ?? 0) >= 500;
  if (!throttled && !unavailable) return undefined;
  return new DomainError(ErrorCode.ServiceBusy, 'The service is busy; retry after a moment.', { retryAfterSeconds: throttled ? 1 : 2 });
};

/**
 * The error handler, registered last. Domain errors become their problem response; retryable AWS errors 503;
 * anything else a generic 500 that names nothing internal (logged once, with the correlation id).
 */
export const problemErrorHandler = (): Middleware => ({
  onError: (request) => {
    const error = request.error;
    const fault = isDomainError(error) ? undefined : problemOfAwsFault(error);
    const known = isDomainError(error) ? error : fault;
    if (known) {
      const problem = { ...problemFromDomainError(known), instance: request.event.rawPath };
      // One error line per failed request, with the correlation id (set by requestContext); the AWS error's name
      // and status go to the log only, never into the answer.
      if (fault) {
        const { name, $metadata } = (error ?? {}) as AwsLikeError;
        logger.error('dependency failure', { code: known.code, status: problem.status, errorName: name, httpStatusCode: $metadata?.httpStatusCode, attempts: $metadata?.attempts });
      } else if (problem.status >= 500) logger.error('request refused: service busy', { code: known.code });
      const retryAfter = known.details.retryAfterSeconds;
      request.response = problemResponse(problem, retryAfter ? { 'retry-after': String(retryAfter) } : {});
      return;
    }
    logger.error('unhandled error', { errorName: (error as Error | undefined)?.name, error: error as Error });
    request.response = problemResponse({ ...internalProblem(), instance: request.event.rawPath });
  },
});
