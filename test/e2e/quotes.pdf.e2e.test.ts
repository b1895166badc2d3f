import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '#lib/constructs/crm-function';
import { bundleFunction } from '#lib/function-bundling';
import type { LambdaHandler } from '#local/gateway';
import { api, startTestGateway, tokenFor } from '#test/support/e2e';
import { arrangeCustomer } from './scenarios/route-scenarios';
import { arrangeProduct } from './scenarios/orders.scenarios';
import { validUntilAhead } from './scenarios/quotes.scenarios';

/** The text of every stream of a PDF, inflated when compressed (pdfkit compresses content and the ToUnicode maps). */
const streamsOf = (pdf: Buffer): string[] => {
  const texts: string[] = [];
  let from = 0;
  for (;;) {
    const start = pdf.indexOf('stream', from);
    if (start < 0) break;
    const bodyStart = pdf[start + 6] === 0x0d ? start + 8 : start + 7;
    const end = pdf.indexOf('endstream', bodyStart);
    if (end < 0) break;
    const body = pdf.subarray(bodyStart, end);
    try {
      texts.push(inflateSync(body).toString('latin1'));
    } catch {
      texts.push(body.toString('latin1'));
    }
    from = end + 9;
  }
  return texts;
};

/** The code points a PDF's ToUnicode maps give its glyphs (`<glyph> <unicode>` pairs and ranges' targets). */
const mappedCodePoints = (pdf: Buffer): Set<number> => {
  const points = new Set<number>();
  for (const text of streamsOf(pdf).filter((stream) => stream.includes('beginbfchar') || stream.includes('beginbfrange'))) {
    for (const match of text.matchAll(/<([0-9a-fA-F]{4,8})>/g)) points.add(Number.parseInt(match[1]!, 16));
  }
  return points;
};

// The orders function as deployed (bundled, code-split, the font shipped beside it), inside the repository so that
// external `@aws-sdk/*` imports resolve as on Lambda.
const outdir = join(PROJECT_ROOT, '.bench', `quotes-pdf-${process.pid}`);

describe('a quote as a PDF (Accept: application/pdf), served by the deployed orders bundle', () => {
  let client: ReturnType<typeof api>;
  let baseUrl: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    mkdirSync(outdir, { recursive: true });
    bundleFunction('functions/orders/index.ts', outdir, PROJECT_ROOT);
    const gateway = await startTestGateway({
      loadHandler: async (fn) => {
        const module = (await import(fn === 'orders' ? pathToFileURL(join(outdir, 'index.mjs')).href : `#functions/${fn}/index`)) as { handler: LambdaHandler };
        return module.handler;
      },
    });
    client = api(gateway.baseUrl);
    baseUrl = gateway.baseUrl;
    stop = gateway.stop;
  }, 180_000);
  afterAll(async () => {
    await stop();
    rmSync(outdir, { recursive: true, force: true });
  });

  it('answers a valid PDF with the CJK font embedded (a subset) and the glyphs of the customer’s Chinese name', async () => {
    // Prepare
    const name = `华东精密机械有限公司 ${randomUUID().slice(0, 8)}`;
    const customer = await arrangeCustomer(client, 'am1', { name, address: '上海市浦东新区张江路 88 号' });
    const product = await arrangeProduct(client, { name: `数控车床 ${randomUUID().slice(0, 6)}`, price: 128_000_00 });
    const created = await client.post<{ id: string; quoteNo: string }>(
      `/v1/customers/${customer.id}/quotes`,
      { lines: [{ productId: product.id, quantity: 2, discountPercent: 5 }], validUntil: validUntilAhead(), terms: '含税价；款到发货；质保一年', currency: 'CNY' },
      { as: 'am1' },
    );
    expect(created.status, created.text).toBe(201);

    // Act
    const response = await fetch(`${baseUrl}/v1/quotes/${created.json.id}`, { headers: { authorization: `Bearer ${await tokenFor('am1')}`, accept: 'application/pdf' } });
    const pdf = Buffer.from(await response.arrayBuffer());
    const refused = await fetch(`${baseUrl}/v1/quotes/${created.json.id}`, { headers: { authorization: `Bearer ${await tokenFor('am1')}`, accept: 'image/png' } });
    const json = await client.get<{ id: string }>(`/v1/quotes/${created.json.id}`, { as: 'am1', headers: { accept: 'application/json' } });

    // Assess
    expect(existsSync(join(outdir, 'node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'))).toBe(true);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('etag')).toBe('"1"');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    // It parses: startxref points at the cross-reference table.
    const startxref = Number(/startxref\s+(\d+)/.exec(pdf.subarray(-64).toString('latin1'))?.[1]);
    expect(pdf.subarray(startxref, startxref + 4).toString('latin1')).toBe('xref');
    const text = pdf.toString('latin1');
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(text).toContain('/FontFile2');
    const points = mappedCodePoints(pdf);
    for (const character of `华东精密机械有限公司含税价款到发货质保一年数控车床`) expect(points, character).toContain(character.codePointAt(0));
    // A subset: far below the ~10 MiB font.
    expect(pdf.length).toBeLessThan(300_000);
    expect(refused.status).toBe(406);
    expect(json.status).toBe(200);
    expect(json.json.id).toBe(created.json.id);
  });
});
