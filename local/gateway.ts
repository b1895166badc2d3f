import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { PORTAL_ROUTE_PREFIX, PORTAL_ROUTES, PUBLIC_ROUTES, isPublicPath, ROUTES, routeKey, type PortalRouteDefinition, type PublicRouteDefinition, type RouteDefinition } from '#shared/routes';
import { apiDocsResource } from '#local/api-docs';
import { createJwtAuthorizer, type JwtAuthorizer, type JwtAuthorizerOptions } from '#local/jwt-authorizer';
import { LOCAL_REGION } from '#local/local-aws';
import { LOOPBACK } from '#local/ports';
import { CORS_POLICY } from '#shared/http/cors';

/**
 * A local stand-in for the API Gateway HTTP API: it serves the route table, authorizes every route with the
 * JWT authorizer, and calls the very handler modules that Lambda runs with payload-format-2.0 events.
 * Where API Gateway's behaviour is observable by a client or a handler, this reproduces it.
 */
export type LambdaHandler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyResultV2<unknown>>;

/** Resolves the handler of a feature function (`fn` of the route table). Called once per function. */
export type HandlerLoader = (fn: string) => Promise<LambdaHandler>;

export interface CorsOptions {
  readonly allowOrigins: readonly string[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAgeSeconds: number;
}

export interface GatewayOptions extends JwtAuthorizerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  routes?: readonly RouteDefinition[];
  /**
   * The customer portal (issue 21): its routes (`/portal/…`), authorized by the SECOND pool's authorizer, as the portal
   * API does in AWS (lib/constructs/portal-api.ts). The gateway picks the authorizer by the path's prefix, so a portal
   * token is refused (401) on every staff route and a staff token on every portal route. Without it, `/portal/…` is 404.
   */
  portal?: JwtAuthorizerOptions;
  portalRoutes?: readonly PortalRouteDefinition[];
  /** The PUBLIC routes (`/u/…`: a campaign mail's unsubscribe link), served without any authorizer as in AWS. */
  publicRoutes?: readonly PublicRouteDefinition[];
  loadHandler?: HandlerLoader;
  cors?: CorsOptions;
  /** HTTP APIs give an integration at most 30 s; past this the client gets 503 and the late result is dropped. */
  integrationTimeoutMs?: number;
  /** One line per request (method, path, status, duration). Silent by default. */
  log?: (line: string) => void;
}

export interface GatewayHandle {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** API Gateway's payload limit for HTTP APIs. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
const LOCAL_ACCOUNT_ID = '123456789012';

/**
 * The CDK stack's CORS policy (shared/http/cors.ts) with every origin allowed, as suits a dev machine.
 * CORS is answered here only, never by the functions.
 */
export const DEFAULT_CORS: CorsOptions = {
  allowOrigins: ['*'],
  allowMethods: [...CORS_POLICY.allowMethods],
  allowHeaders: [...CORS_POLICY.allowHeaders],
  exposeHeaders: [...CORS_POLICY.exposeHeaders],
  maxAgeSeconds: CORS_POLICY.maxAgeSeconds,
};

const loadFeatureFunction: HandlerLoader = async (fn) => {
  const module = (await import(`#functions/${fn}/index`)) as { handler?: unknown };
  if (typeof module.handler !== 'function') throw new Error(`functions/${fn}/index.ts exports no handler`);
  return module.handler as LambdaHandler;
};

// ---------------------------------------------------------------------------------------------- routing

interface CompiledRoute {
  readonly route: Pick<RouteDefinition, 'method' | 'path' | 'fn'>;
  readonly key: string;
  /** A literal segment, or `null` for a `{param}`, with its name. */
  readonly segments: readonly { literal: string | null; param: string | null }[];
}

const specificity = (route: Pick<CompiledRoute, 'segments'>): string =>
  route.segments.map((segment) => (segment.literal === null ? '1' : '0')).join('');

const compileRoutes = (routes: readonly CompiledRoute['route'][]): CompiledRoute[] =>
  routes
    .map((route) => ({
      route,
      key: routeKey(route),
      segments: route.path
        .split('/')
        .slice(1)
        .map((segment) => {
          const param = /^\{(\w+)\}$/.exec(segment)?.[1] ?? null;
          return { literal: param ? null : segment, param };
        }),
    }))
    // API Gateway picks the most specific route: a literal segment beats a parameter at the same position.
    .sort((a, b) => specificity(a).localeCompare(specificity(b)));

const decodeSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/**
 * The route for this method and path, with the decoded path parameters. HTTP APIs have no 405: a path that
 * exists for another method is a 404 like an unknown path.
 */
const matchRoute = (
  routes: readonly CompiledRoute[],
  method: string,
  rawPath: string,
): { route: CompiledRoute; pathParameters: Record<string, string> } | undefined => {
  const segments = rawPath.split('/').slice(1).map(decodeSegment);
  for (const candidate of routes) {
    if (candidate.route.method !== method || candidate.segments.length !== segments.length) continue;
    const pathParameters: [string, string][] = [];
    const matches = candidate.segments.every((template, index) => {
      const segment = segments[index]!;
      if (template.param === null) return template.literal === segment;
      pathParameters.push([template.param, segment]);
      return segment !== '';
    });
    if (matches) return { route: candidate, pathParameters: Object.fromEntries(pathParameters) };
  }
  return undefined;
};

// ---------------------------------------------------------------------------------------------- the event

/** Content types API Gateway passes as text; any other body arrives base64-encoded. */
const isTextContentType = (contentType: string | undefined): boolean => {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!mediaType) return false;
  return (
    mediaType.startsWith('text/') ||
    /^application\/(json|xml|javascript|[\w.+-]+\+(json|xml))$/.test(mediaType)
  );
};

/** `12/Mar/2020:19:03:58 +0000`, the format of `requestContext.time`. */
const apiGatewayTime = (date: Date): string => {
  const [, day, month, year, time] = date.toUTCString().replace(',', '').split(' ');
  return `${day}/${month}/${year}:${time} +0000`;
};

/** API Gateway request ids look like `Mc7UVioPPHcEKPA=`. */
const apiGatewayRequestId = (): string => randomBytes(11).toString('base64');

/**
 * Headers lower-cased, repeated ones joined by commas; `cookie` moves to `cookies`, as in payload 2.0.
 * Built with Object.fromEntries so that a header or parameter named `__proto__` stays an ordinary key.
 */
const eventHeaders = (rawHeaders: readonly string[]): { headers: Record<string, string>; cookies: string[] } => {
  const headers = new Map<string, string>();
  const cookies: string[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index]!.toLowerCase();
    const value = rawHeaders[index + 1]!;
    if (name === 'cookie') {
      cookies.push(...value.split(';').map((cookie) => cookie.trim()).filter(Boolean));
      continue;
    }
    const previous = headers.get(name);
    headers.set(name, previous === undefined ? value : `${previous},${value}`);
  }
  return { headers: Object.fromEntries(headers), cookies };
};

const queryParameters = (rawQueryString: string): Record<string, string> | undefined => {
  if (rawQueryString === '') return undefined;
  const parameters = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    const previous = parameters.get(name);
    parameters.set(name, previous === undefined ? value : `${previous},${value}`);
  }
  return Object.fromEntries(parameters);
};

const traceId = (now: Date): string =>
  `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;

interface RequestFacts {
  readonly req: IncomingMessage;
  readonly requestId: string;
  readonly rawPath: string;
  readonly rawQueryString: string;
  readonly receivedAt: Date;
}

const buildEvent = (
  facts: RequestFacts,
  match: NonNullable<ReturnType<typeof matchRoute>>,
  authorizer: { claims: Record<string, string>; scopes: string[] | null },
  body: Buffer,
): APIGatewayProxyEventV2WithJWTAuthorizer => {
  const { req, requestId, rawPath, rawQueryString, receivedAt } = facts;
  const { headers, cookies } = eventHeaders(req.rawHeaders);
  const sourceIp = (req.socket.remoteAddress ?? LOOPBACK).replace(/^::ffff:/, '');
  // API Gateway adds these on the way in.
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${sourceIp}` : sourceIp;
  headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] ??= traceId(receivedAt);
  const domainName = headers['host'] ?? LOOPBACK;
  const isText = isTextContentType(headers['content-type']);
  const queryStringParameters = queryParameters(rawQueryString);
  const hasPathParameters = Object.keys(match.pathParameters).length > 0;

  return {
    version: '2.0',
    routeKey: match.route.key,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: 'local',
      authorizer: { jwt: authorizer },
      domainName,
      domainPrefix: domainName.split('.')[0]!,
      http: {
        method: req.method!,
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: match.route.key,
      stage: '$default',
      time: apiGatewayTime(receivedAt),
      timeEpoch: receivedAt.getTime(),
    },
    ...(hasPathParameters ? { pathParameters: match.pathParameters } : {}),
    ...(body.length > 0 ? { body: body.toString(isText ? 'utf8' : 'base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
  };
};

const lambdaContext = (fn: string, deadline: number): Context => {
  const functionName = `crm-${fn}`;
  const region = process.env['AWS_REGION'] ?? LOCAL_REGION;
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  const unsupported = (): never => {
    throw new Error('callback-style Lambda handlers are not supported; return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
};

// ---------------------------------------------------------------------------------------------- responses

const sendJson = (res: ServerResponse, statusCode: number, body: unknown, headers: Record<string, string> = {}): void => {
  const text = JSON.stringify(body);
  res.writeHead(statusCode, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

/** Headers the gateway owns: a handler cannot set them, as behind API Gateway. */
const GATEWAY_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'apigw-requestid']);

const isStructuredResult = (result: unknown): result is APIGatewayProxyStructuredResultV2 =>
  typeof result === 'object' && result !== null && 'statusCode' in result;

/**
 * A structured result is written as given (payload 2.0 has no multiValueHeaders: repeated cookies come in
 * `cookies`). Anything else follows API Gateway's inference: 200, `application/json`, the result as the body.
 */
const sendResult = (res: ServerResponse, result: unknown): void => {
  if (!isStructuredResult(result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  const { statusCode, headers = {}, cookies = [], body = '', isBase64Encoded = false } = result;
  if (!Number.isInteger(statusCode) || statusCode! < 100 || statusCode! > 599) {
    throw new Error(`the handler returned an invalid statusCode: ${String(statusCode)}`);
  }
  const payload = Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8');
  for (const [name, value] of Object.entries(headers)) {
    if (!GATEWAY_HEADERS.has(name.toLowerCase())) res.setHeader(name, String(value));
  }
  if (cookies.length > 0) res.appendHeader('set-cookie', cookies);
  res.setHeader('content-length', payload.length);
  res.writeHead(statusCode!);
  res.end(payload);
};

const NOT_FOUND = { message: 'Not Found' };
const UNAUTHORIZED = { message: 'Unauthorized' };
const TOO_LARGE = { message: 'Request Entity Too Large' };
const INTERNAL_ERROR = { message: 'Internal Server Error' };
const UNAVAILABLE = { message: 'Service Unavailable' };

class BodyTooLargeError extends Error {}

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
};

const TIMED_OUT = Symbol('timed out');
const withTimeout = async <T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

// ---------------------------------------------------------------------------------------------- the server

export const startGateway = async ({
  port,
  routes = ROUTES,
  portal,
  portalRoutes = PORTAL_ROUTES,
  publicRoutes = PUBLIC_ROUTES,
  loadHandler = loadFeatureFunction,
  cors = DEFAULT_CORS,
  integrationTimeoutMs = 30_000,
  log = () => {},
  ...authorizerOptions
}: GatewayOptions): Promise<GatewayHandle> => {
  const compiledRoutes = compileRoutes(routes);
  const authorize = createJwtAuthorizer(authorizerOptions);
  // Two APIs in AWS, one server here: the path's prefix says which API — its routes and its authorizer.
  const portalApi = portal ? { routes: compileRoutes(portalRoutes), authorize: createJwtAuthorizer(portal) } : undefined;
  // The public routes (no authorizer in AWS either: lib/constructs/api.ts): their token in the path is the credential.
  const noAuthorizer: JwtAuthorizer = async () => ({ ok: true, claims: {}, scopes: null });
  const publicApi = { routes: compileRoutes(publicRoutes), authorize: noAuthorizer };
  const apiOf = (rawPath: string) =>
    rawPath.startsWith(PORTAL_ROUTE_PREFIX) ? portalApi : isPublicPath(rawPath) ? publicApi : { routes: compiledRoutes, authorize };
  // One import per function for the life of the gateway, like a warm Lambda. A failed import is not kept,
  // so the next request retries it.
  const handlers = new Map<string, Promise<LambdaHandler>>();
  const handlerOf = (fn: string): Promise<LambdaHandler> => {
    let handler = handlers.get(fn);
    if (!handler) {
      handler = loadHandler(fn);
      handlers.set(fn, handler);
      handler.catch(() => handlers.delete(fn));
    }
    return handler;
  };

  const corsHeaders = (origin: string | undefined): Record<string, string> => {
    if (!origin) return {};
    const allowAll = cors.allowOrigins.includes('*');
    if (!allowAll && !cors.allowOrigins.includes(origin)) return {};
    return { 'access-control-allow-origin': allowAll ? '*' : origin, ...(allowAll ? {} : { vary: 'origin' }) };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, facts: RequestFacts): Promise<string> => {
    const allowed = corsHeaders(req.headers.origin);
    // With corsPreflight configured, API Gateway answers every OPTIONS request itself; no route sees it.
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...allowed,
        ...(allowed['access-control-allow-origin']
          ? {
              'access-control-allow-methods': cors.allowMethods.join(','),
              'access-control-allow-headers': cors.allowHeaders.join(','),
              'access-control-max-age': String(cors.maxAgeSeconds),
            }
          : {}),
      });
      res.end();
      return 'preflight';
    }
    for (const [name, value] of Object.entries(allowed)) res.setHeader(name, value);
    if (allowed['access-control-allow-origin']) res.setHeader('access-control-expose-headers', cors.exposeHeaders.join(','));

    // Documentation routes (local only, no token): /openapi.json, the /docs reference page and its sign-in.
    const docs = await apiDocsResource(req, facts.rawPath, authorizerOptions);
    if (docs) {
      res.writeHead(docs.status ?? 200, { 'content-type': docs.contentType, 'content-length': docs.body.length, 'cache-control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : docs.body);
      return 'docs';
    }

    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      res.setHeader('connection', 'close');
      sendJson(res, 413, TOO_LARGE);
      return 'body too large';
    }
    const api = apiOf(facts.rawPath);
    const match = api ? matchRoute(api.routes, req.method ?? '', facts.rawPath) : undefined;
    if (!api || !match) {
      sendJson(res, 404, NOT_FOUND);
      return 'no route';
    }
    const verdict = await api.authorize(req.headers.authorization);
    if (!verdict.ok) {
      sendJson(res, 401, UNAUTHORIZED, { 'www-authenticate': verdict.wwwAuthenticate });
      return verdict.reason;
    }
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      res.setHeader('connection', 'close');
      sendJson(res, 413, TOO_LARGE);
      return 'body too large';
    }

    const { fn } = match.route.route;
    const event = buildEvent(facts, match, verdict, body);
    const deadline = Date.now() + integrationTimeoutMs;
    try {
      const handler = await handlerOf(fn);
      const result = await withTimeout(handler(event, lambdaContext(fn, deadline)), Math.max(0, deadline - Date.now()));
      if (result === TIMED_OUT) {
        sendJson(res, 503, UNAVAILABLE);
        return `crm-${fn} timed out`;
      }
      sendResult(res, result);
      return fn;
    } catch (error) {
      // The event (and its token) is never logged; the error is.
      console.error(`[gateway] ${facts.requestId} ${match.route.key} → crm-${fn} failed:`, error);
      if (!res.headersSent) sendJson(res, 500, INTERNAL_ERROR);
      return `crm-${fn} failed`;
    }
  };

  const server = createServer((req, res) => {
    const receivedAt = new Date();
    const requestId = apiGatewayRequestId();
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const facts: RequestFacts = {
      req,
      requestId,
      rawPath: queryStart === -1 ? url : url.slice(0, queryStart),
      rawQueryString: queryStart === -1 ? '' : url.slice(queryStart + 1),
      receivedAt,
    };
    res.setHeader('apigw-requestid', requestId);
    handle(req, res, facts)
      .then((outcome) => {
        // The path only: query strings may carry personal data (searches by name).
        log(`${req.method} ${facts.rawPath} → ${res.statusCode} ${outcome} ${Date.now() - receivedAt.getTime()} ms`);
      })
      .catch((error: unknown) => {
        console.error(`[gateway] ${requestId} ${req.method} ${facts.rawPath} failed:`, error);
        if (!res.headersSent) sendJson(res, 500, INTERNAL_ERROR);
        else res.destroy();
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;

  return {
    url: `http://${LOOPBACK}:${actualPort}`,
    port: actualPort,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Idle keep-alive connections would hold close() open.
        server.closeAllConnections();
      }),
  };
};
