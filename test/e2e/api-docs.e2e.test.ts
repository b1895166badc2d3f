import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway } from '#test/support/e2e';

/** The local gateway serves the API reference without a token, offline (swagger-ui-dist from node_modules). */
let baseUrl: string;
let stopGateway: () => Promise<void>;
beforeAll(async () => {
  ({ baseUrl, stop: stopGateway } = await startTestGateway());
});
afterAll(() => stopGateway());

describe('API reference on the local gateway', () => {
  it('GET /openapi.json answers docs/openapi.json, no token needed', async () => {
    const response = await fetch(`${baseUrl}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.text()).toBe(await readFile('docs/openapi.json', 'utf8'));
  });

  it('GET /docs is a Swagger UI page whose assets are served locally with their content types', async () => {
    const page = await fetch(`${baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain("url: '/openapi.json'");
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
