import { CORS_POLICY } from '#shared/http/cors';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LambdaHandler } from '#local/gateway';
import { MAX_BODY_BYTES } from '#local/gateway';
import { api, startTestGateway, tokensFor, useLocalStack } from '#test/support/e2e';
import { handler as echoHandler, type EchoBody } from '#test/support/echo-handler';
import {
  idTokenClaims,
  signAsCognitoLocal,
  signWithForeignKey,
  tamperedToken,
  unsignedToken,
} from '#test/support/forged-tokens';

/**
 * The local gateway must behave like the HTTP API + JWT authorizer in front of the real functions. It runs here
 * with the real route table and a stand-in handler that echoes the event it receives.
 */
const info = useLocalStack();
let baseUrl: string;
let stopGateway: () => Promise<void>;
const loads: string[] = [];
let invocations = 0;
let behaviour: LambdaHandler = echoHandler;

beforeAll(async () => {
  ({ baseUrl, stop: stopGateway } = await startTestGateway({
    integrationTimeoutMs: 1_000,
    loadHandler: async (fn) => {
      loads.push(fn);
      return async (event, context) => {
        invocations += 1;
        return behaviour(event, context);
      };
    },
  }));
});
afterAll(() => stopGateway());
beforeEach(() => {
  invocations = 0;
  behaviour = echoHandler;
});

// The handlers here are stand-ins (an echo), so the contract of docs/openapi.json is not theirs to keep.
const client = () => api(baseUrl, { contract: false });

describe('JWT authorizer', () => {
  const expectRejected = async (authorization: string | undefined, description?: string) => {
    const response = await client().get('/v1/customers', authorization ? { headers: { authorization } } : {});
    expect(response.status).toBe(401);
    expect(response.json).toEqual({ message: 'Unauthorized' });
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    if (description) expect(response.headers.get('www-authenticate')).toContain(`error_description="${description}"`);
    expect(response.headers.get('apigw-requestid')).toBeTruthy();
    expect(invocations).toBe(0);
  };

  it('rejects a request without a token', () => expectRejected(undefined));

  it('rejects a malformed token', async () => {
    await expectRejected('Bearer not-a-jwt');
    await expectRejected('Bearer a.b.c');
    await expectRejected('Bearer ');
  });

  it('rejects an expired token, signed with the right key', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await signAsCognitoLocal(idTokenClaims(info, { iat: now - 7200, exp: now - 60 }));
    await expectRejected(`Bearer ${token}`, 'the token has expired');
  });

  it('refuses a token once it expired, though it passed (and was kept as verified) before', async () => {
    // Prepare: a genuine token that expires in 60 s, accepted once
    const now = Math.floor(Date.now() / 1000);
    const token = await signAsCognitoLocal(idTokenClaims(info, { iat: now, exp: now + 60 }));
    expect((await client().get('/v1/customers', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    // Act + Assess: the same text a minute later (only Date moves: sockets and timers stay real)
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime((now + 61) * 1000);
      invocations = 0;
      await expectRejected(`Bearer ${token}`, 'the token has expired');
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects a token that is not valid yet (nbf)', async () => {
    const token = await signAsCognitoLocal(idTokenClaims(info, { nbf: Math.floor(Date.now() / 1000) + 600 }));
    await expectRejected(`Bearer ${token}`);
  });

  it('rejects a token signed with another key under the same kid', async () => {
    await expectRejected(`Bearer ${await signWithForeignKey(idTokenClaims(info))}`, 'the token does not have a valid signature');
  });

  it('rejects a genuine token whose payload was changed', async () => {
    const { idToken } = await tokensFor('am1');
    const forged = tamperedToken(idToken, idTokenClaims(info, { 'cognito:groups': ['admin'] }));
    await expectRejected(`Bearer ${forged}`, 'the token does not have a valid signature');
  });

  it('rejects a token of another issuer, even one signed with the emulator key', async () => {
    const token = await signAsCognitoLocal(
      idTokenClaims(info, { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Production' }),
    );
    await expectRejected(`Bearer ${token}`, 'the token does not have a valid issuer');
  });

  it('rejects an ID token for another app client (aud)', async () => {
    await expectRejected(`Bearer ${await signAsCognitoLocal(idTokenClaims(info, { aud: 'another-client' }))}`,
      'the token does not have a valid audience');
  });

  it('checks aud, not client_id, when a token has both', async () => {
    const token = await signAsCognitoLocal(idTokenClaims(info, { aud: 'another-client', client_id: info.clientId }));
    await expectRejected(`Bearer ${token}`, 'the token does not have a valid audience');
  });

  it('rejects an access token for another app client (client_id)', async () => {
    const { aud: _aud, ...claims } = idTokenClaims(info, { token_use: 'access', client_id: 'another-client' });
    await expectRejected(`Bearer ${await signAsCognitoLocal(claims)}`, 'the token does not have a valid audience');
  });

  it('rejects alg "none"', () => expectRejected(`Bearer ${unsignedToken(idTokenClaims(info))}`));

  it('rejects a token without exp', async () => {
    const { exp: _exp, ...claims } = idTokenClaims(info);
    await expectRejected(`Bearer ${await signAsCognitoLocal(claims)}`);
  });

  it('passes a genuine ID token and hands the claims over as strings, groups flattened', async () => {
    const response = await client().get<EchoBody>('/v1/customers', { as: 'am1' });
    expect(response.status).toBe(200);
    expect(invocations).toBe(1);
    const { claims, scopes } = response.json.event.requestContext.authorizer.jwt;
    expect(claims['cognito:groups']).toBe('[account-manager]');
    expect(claims['cognito:username']).toBe('am1');
    expect(claims['aud']).toBe(info.clientId);
    expect(claims['iss']).toBe(info.issuer);
    expect(claims['token_use']).toBe('id');
    expect(Object.values(claims).every((value) => typeof value === 'string')).toBe(true);
    expect(claims['exp']).toMatch(/^\d+$/);
    expect(claims['email_verified']).toBe('true');
    expect(scopes).toBeNull();
  });

  it('passes a genuine access token, with or without the Bearer prefix, and splits its scopes', async () => {
    const { accessToken } = await tokensFor('sales');
    for (const authorization of [`Bearer ${accessToken}`, accessToken]) {
      const response = await client().get<EchoBody>('/v1/customers', { headers: { authorization } });
      expect(response.status).toBe(200);
      const { claims, scopes } = response.json.event.requestContext.authorizer.jwt;
      expect(claims['client_id']).toBe(info.clientId);
      expect(claims['username']).toBe('sales');
      expect(claims['cognito:groups']).toBe('[sales-manager]');
      expect(scopes).toEqual(['aws.cognito.signin.user.admin']);
    }
    expect(invocations).toBe(2);
  });
});

describe('routing and the payload-format-2.0 event', () => {
  it('matches path templates and decodes path parameters', async () => {
    const response = await client().get<EchoBody>('/v1/customers/abc%20%E5%8C%97', { as: 'am1' });
    expect(response.status).toBe(200);
    const { event, context } = response.json;
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('GET /v1/customers/{customerId}');
    expect(event.rawPath).toBe('/v1/customers/abc%20%E5%8C%97');
    expect(event.pathParameters).toEqual({ customerId: 'abc 北' });
    expect(event.requestContext).toMatchObject({
      routeKey: 'GET /v1/customers/{customerId}',
      stage: '$default',
      http: { method: 'GET', path: '/v1/customers/abc%20%E5%8C%97', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
    });
    expect(event.requestContext.requestId).toBe(response.headers.get('apigw-requestid'));
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(60_000);
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.body).toBeUndefined();
    expect(context.functionName).toBe('crm-customers');
    expect(context.invokedFunctionArn).toMatch(/^arn:aws:lambda:[\w-]+:\d{12}:function:crm-customers$/);
    expect(context.remainingTimeInMillis).toBeGreaterThan(0);
  });

  it('prefers the action route over the parameter route', async () => {
    const response = await client().post<EchoBody>('/v1/customers/01J0000000000000000000000/transfer', {}, { as: 'sales' });
    expect(response.json.event.routeKey).toBe('POST /v1/customers/{customerId}/transfer');
    expect(response.json.event.pathParameters).toEqual({ customerId: '01J0000000000000000000000' });
  });

  it('joins repeated query keys and repeated headers with commas, and moves cookies out of the headers', async () => {
    const response = await client().get<EchoBody>('/v1/customers?level=major&level=partner&q=%E5%8C%97%E4%BA%AC&empty=', {
      as: 'am1',
      headers: { 'X-Custom': 'One', cookie: 'session=abc; theme=dark' },
    });
    const { event } = response.json;
    expect(event.rawQueryString).toBe('level=major&level=partner&q=%E5%8C%97%E4%BA%AC&empty=');
    expect(event.queryStringParameters).toEqual({ level: 'major,partner', q: '北京', empty: '' });
    expect(event.headers['x-custom']).toBe('One');
    expect(event.headers['authorization']).toMatch(/^Bearer /);
    expect(event.headers['cookie']).toBeUndefined();
    expect(event.cookies).toEqual(['session=abc', 'theme=dark']);
    expect(event.headers['x-forwarded-proto']).toBe('http');
    expect(event.headers['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it('joins a header sent twice', async () => {
    const { idToken } = await tokensFor('am1');
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(`${baseUrl}/v1/customers`, {
        // An array value goes out as one header line per element (fetch would join them itself).
        headers: { authorization: `Bearer ${idToken}`, 'X-Twice': ['a', 'b'] },
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });
    expect((JSON.parse(body) as EchoBody).event.headers['x-twice']).toBe('a,b');
  });

  it('passes JSON bodies as UTF-8 text and binary bodies base64-encoded', async () => {
    const json = await client().post<EchoBody>('/v1/customers', { name: '上海华东电子' }, { as: 'am1' });
    expect(json.json.event.body).toBe('{"name":"上海华东电子"}');
    expect(json.json.event.isBase64Encoded).toBe(false);

    const bytes = Buffer.from([0, 1, 2, 255]);
    const binary = await fetch(`${baseUrl}/v1/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${(await tokensFor('am1')).idToken}`, 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    const echoed = ((await binary.json()) as EchoBody).event;
    expect(echoed.isBase64Encoded).toBe(true);
    expect(echoed.body).toBe(bytes.toString('base64'));
  });

  it('answers 404 for an unknown path and for a known path with another method, before authorization', async () => {
    for (const [method, path] of [
      ['GET', '/v1/nothing-here'],
      ['PUT', '/v1/customers'],
      ['GET', '/v1/customers/'],
      ['GET', '/v1/customers/a/b'],
    ] as const) {
      const response = await client().request(method, path);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.json).toEqual({ message: 'Not Found' });
    }
    expect(invocations).toBe(0);
  });

  it('imports each function module once', async () => {
    await client().get('/v1/customers', { as: 'am1' });
    await client().get('/v1/customers', { as: 'am1' });
    expect(loads).toEqual(['customers']);
  });
});

describe('responses', () => {
  it('writes status, headers and cookies back, with apigw-requestid and CORS headers for a browser origin', async () => {
    const response = await client().get('/v1/customers', { as: 'am1', headers: { origin: 'http://localhost:5173' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"echo"');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(response.headers.get('apigw-requestid')).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toBe(CORS_POLICY.exposeHeaders.join(','));
  });

  it('infers 200 JSON from a result without statusCode', async () => {
    behaviour = async () => ({ items: [], nextCursor: null });
    const response = await client().get('/v1/customers', { as: 'am1' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.json).toEqual({ items: [], nextCursor: null });
  });

  it('decodes a base64 result body', async () => {
    behaviour = async () => ({ statusCode: 200, headers: { 'content-type': 'text/csv' }, body: Buffer.from('a,b\n1,2\n').toString('base64'), isBase64Encoded: true });
    const response = await client().get('/v1/customers', { as: 'am1' });
    expect(response.text).toBe('a,b\n1,2\n');
  });

  it('answers 500 without details when the handler throws', async () => {
    behaviour = async () => {
      throw new Error('DynamoDB table crm-secret is on fire');
    };
    const response = await client().get('/v1/customers', { as: 'am1' });
    expect(response.status).toBe(500);
    expect(response.text).toBe('{"message":"Internal Server Error"}');
  });

  it('answers 503 when the function outlives the integration timeout', async () => {
    behaviour = () => new Promise(() => {});
    const response = await client().get('/v1/customers', { as: 'am1' });
    expect(response.status).toBe(503);
    expect(response.json).toEqual({ message: 'Service Unavailable' });
  });

  it('answers 413 for a body over 10 MB, without calling the function', async () => {
    const response = await client().post('/v1/customers', 'x'.repeat(MAX_BODY_BYTES + 1), {
      as: 'am1',
      headers: { 'content-type': 'text/plain' },
    });
    expect(response.status).toBe(413);
    expect(invocations).toBe(0);
  });

  it('answers a CORS preflight itself, for any path, without a token', async () => {
    const response = await client().request('OPTIONS', '/v1/customers/123', {
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization,if-match',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')?.split(',')).toEqual(
      expect.arrayContaining(['GET', 'POST', 'PATCH', 'DELETE']),
    );
    expect(response.headers.get('access-control-allow-headers')).toBe(CORS_POLICY.allowHeaders.join(','));
    expect(CORS_POLICY.allowHeaders).toEqual(expect.arrayContaining(['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key']));
    expect(invocations).toBe(0);
  });
});
