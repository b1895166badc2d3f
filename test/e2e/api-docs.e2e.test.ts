import { readFile } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '#local/cognito-local';
import { api, startTestGateway } from '#test/support/e2e';

type ServedDocument = { servers: { url: string }[]; jsonSchemaDialect?: string } & Record<string, unknown>;
const OAS_BASE_DIALECT = 'https://spec.openapis.org/oas/3.1/dialect/base';

/**
 * The local gateway serves the API reference without a token, offline (swagger-ui-dist from node_modules), with
 * a sign-in for the demo users (local/api-docs.ts).
 */
let baseUrl: string;
let stopGateway: () => Promise<void>;
beforeAll(async () => {
  ({ baseUrl, stop: stopGateway } = await startTestGateway());
});
afterAll(() => stopGateway());

const signIn = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${baseUrl}/docs/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('API reference on the local gateway', () => {
  it('GET /openapi.json answers docs/openapi.json naming the address it was served from, no token needed', async () => {
    const response = await fetch(`${baseUrl}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const served = (await response.json()) as ServedDocument;
    const { servers, ...committed } = JSON.parse(await readFile('docs/openapi.json', 'utf8')) as ServedDocument;
    const { servers: servedServers, ...rest } = served;
    expect(rest).toEqual(committed);
    // The port is a free one (not 3000): "Try it out" calls this gateway, and the deployed stage stays offered.
    expect(servedServers[0]?.url).toBe(baseUrl);
    expect(servedServers.slice(1)).toEqual(servers.filter((server) => !server.url.startsWith('http://127.0.0.1')));
    expect(servedServers.some((server) => server.url === '{apiUrl}')).toBe(true);
    // Swagger UI shows a warning for any dialect other than the OAS 3.1 default.
    expect(served.jsonSchemaDialect ?? OAS_BASE_DIALECT).toBe(OAS_BASE_DIALECT);
  });

  it('GET /openapi.json names the host the page was opened on (localhost or 127.0.0.1)', async () => {
    const port = new URL(baseUrl).port;
    const served = await new Promise<ServedDocument>((resolve, reject) => {
      httpGet({ host: '127.0.0.1', port, path: '/openapi.json', headers: { host: `localhost:${port}` } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ServedDocument));
      }).on('error', reject);
    });
    expect(served.servers[0]?.url).toBe(`http://localhost:${port}`);
  });

  it('POST /docs/sign-in signs a demo user in; the token calls GET /v1/me', async () => {
    const response = await signIn({ username: 'am1', password: DEMO_PASSWORD }, { origin: baseUrl });
    expect(response.status).toBe(200);
    const { idToken, username } = (await response.json()) as { idToken: string; username: string };
    expect(username).toBe('am1');
    const me = await api(baseUrl).get<{ username: string; role: string }>('/v1/me', { token: idToken });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ username: 'am1', role: 'account-manager' });
  });

  it('POST /docs/sign-in refuses a wrong password, a bad body and pages of other sites', async () => {
    const wrong = await signIn({ username: 'am1', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { message: string }).message).toMatch(/password/i);
    expect((await signIn({ user: 'am1' })).status).toBe(400);
    expect((await signIn({ username: 'admin', password: DEMO_PASSWORD }, { origin: 'http://evil.example' })).status).toBe(403);
  });

  it('GET /docs is a Swagger UI page whose assets are served locally with their content types', async () => {
    const page = await fetch(`${baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain("url: '/openapi.json'");
    // The sign-in form: every demo user, and the call that hands the token to Swagger UI's Authorize.
    for (const user of DEMO_USERS) expect(html).toContain(`<option value="${user.username}"`);
    expect(html).toContain("fetch('/docs/sign-in'");
    expect(html).toContain("preauthorizeApiKey('cognitoJwt'");
    expect(html).not.toMatch(/https?:\/\//);
    for (const [asset, type] of [
      ['swagger-ui-bundle.js', /^text\/javascript/],
      ['swagger-ui-standalone-preset.js', /^text\/javascript/],
      ['swagger-ui.css', /^text\/css/],
    ] as const) {
      expect(html).toContain(`/docs/${asset}`);
      const response = await fetch(`${baseUrl}/docs/${asset}`);
      expect(response.status, asset).toBe(200);
      expect(response.headers.get('content-type')).toMatch(type);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
  });

  it('serves nothing else from the package (no path traversal)', async () => {
    for (const path of ['/docs/package.json', '/docs/..%2Fpackage.json', '/docs/index.html']) {
      expect((await fetch(`${baseUrl}${path}`)).status, path).toBe(404);
    }
  });
});
