import { cpus, loadavg } from 'node:os';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import { storedAnswersIn } from '#functions/orders/orders.container';
import { DynamoDbOrderRepository } from '#functions/orders/order/order.repository';
import { createProduct } from '#functions/orders/products/create-product.use-case';
import { DynamoDbProductRepository } from '#functions/orders/products/product.repository';
import { acceptQuote } from '#functions/orders/quotes/accept-quote.use-case';
import { createQuote } from '#functions/orders/quotes/create-quote.use-case';
import type { QuotesDependencies } from '#functions/orders/quotes/quote.ports';
import { DynamoDbQuoteRepository } from '#functions/orders/quotes/quote.repository';
import type { Quote } from '#functions/orders/quotes/quote.schema';
import { sendQuote } from '#functions/orders/quotes/send-quote.use-case';
import { seededRandom, systemClock, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import type { BenchStack } from '../lib/bench-stack';
import { DynamoDbRequestCounter } from '../lib/dynamodb-request-counter';
import { table } from '../lib/markdown';
import { runBenchSection, type SectionRunOptions } from '../lib/section-run';

/**
 * Quotations (issue 20): DynamoDB requests of one acceptance (quote → placed order in one transaction) with 1 and 50
 * lines, through the use case and its repositories on DynamoDB Local (requests counted at the SDK); and the PDF of a
 * 50-line quote with Chinese names — render time (the first render loads and parses the ~10 MiB font; later ones
 * reuse it) and size (pdfkit embeds a subset of the font).
 */
export const QUOTE_MARKERS = { start: '<!-- bench:quotes:start -->', end: '<!-- bench:quotes:end -->' } as const;
const LINE_COUNTS = [1, 50] as const;
const admin = { username: 'admin', scope: 'all' } as const;
const cny = (amount: number) => ({ amount, currency: 'CNY' });

export interface QuoteFigures {
  readonly acceptance: { lines: number; requests: Readonly<Record<string, number>>; ms: number }[];
  readonly pdf: { lines: number; firstMs: number; warmMs: number; bytes: number };
}

export const measureQuotes = async (stack: BenchStack, log: (line: string) => void): Promise<QuoteFigures> => {
  const { tableName, region, dynamodbEndpoint } = stack.info;
  const client = createDocumentClient({ region, endpoint: dynamodbEndpoint });
  const ids = ulidGenerator(seededRandom(2020));
  const orders = new DynamoDbOrderRepository(client, tableName);
  const idempotency = storedAnswersIn(client, tableName);
  const orderDeps = { products: new DynamoDbProductRepository(client, tableName), orders, idempotency, clock: systemClock, ids };
  const deps: QuotesDependencies = { quotes: new DynamoDbQuoteRepository(client, tableName), orders, idempotency, clock: systemClock, ids };
  const customers = new DynamoDbCustomerRepository(client, tableName);
  const products = [];
  for (let index = 0; index < 50; index += 1) {
    const input = { code: `BQ-${ids.next().slice(-10)}`, name: `数控机床配件 ${index + 1} 号`, unit: '件', unitPrice: cny(1_234_56 + index), active: true, stockOnHand: 1_000 };
    products.push((await createProduct(orderDeps, { caller: admin, input })).value);
  }
  const counter = new DynamoDbRequestCounter();
  counter.attach(client, { returnConsumedCapacity: false });
  const acceptance: QuoteFigures['acceptance'] = [];
  let fiftyLines: Quote | undefined;
  for (const lines of LINE_COUNTS) {
    const customerId = ids.next();
    const at = new Date().toISOString();
    await customers.create({
      id: customerId, customerNo: `BQ-${customerId.slice(-10)}`, name: `华东精密机械有限公司 ${customerId.slice(-4)}`, level: 'ordinary', status: 'active',
      ownerId: 'am1', ownerName: 'am1', tags: [], address: '上海市浦东新区张江路 88 号', version: 1, createdAt: at, createdBy: 'admin', updatedAt: at, updatedBy: 'admin',
    });
    const validUntil = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const input = { lines: products.slice(0, lines).map((product, index) => ({ productId: product.id, quantity: 1 + (index % 5), discountPercent: (index % 4) * 2.5 })), validUntil, currency: 'CNY' as const, terms: '含税价；款到发货；质保一年' };
    const draft = (await createQuote(deps, { caller: admin, customerId, input })).value;
    const sent = await sendQuote(deps, { caller: admin, quoteId: draft.id, expectedVersion: 1 });
    counter.reset();
    const begin = performance.now();
    const { quote } = await acceptQuote(deps, { caller: admin, quoteId: sent.id, input: {}, expectedVersion: sent.version });
    acceptance.push({ lines, requests: counter.snapshot().commands, ms: performance.now() - begin });
    if (lines === 50) fiftyLines = quote;
    log(`bench: accepted a ${lines}-line quote`);
  }
  client.destroy();
  const { renderQuotePdf } = await import('#functions/orders/quotes/quote-pdf.renderer');
  let begin = performance.now();
  const first = await renderQuotePdf(fiftyLines!);
  const firstMs = performance.now() - begin;
  begin = performance.now();
  const samples = 5;
  for (let sample = 0; sample < samples; sample += 1) await renderQuotePdf(fiftyLines!);
  const warmMs = (performance.now() - begin) / samples;
  return { acceptance, pdf: { lines: 50, firstMs, warmMs, bytes: first.length } };
};

const requestsOf = (requests: Readonly<Record<string, number>>): string =>
  Object.entries(requests)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([command, count]) => `${command} ${count}`)
    .join(', ');

export const renderQuoteSection = (figures: QuoteFigures, provenance: string): string =>
  [
    '## Quotations: requests per acceptance, PDF time and size (issue 20)',
    '',
    provenance,
    '',
    'Accepting a sent quote (functions/orders/quotes/accept-quote.use-case.ts, an administrator, so no scope read) on DynamoDB Local, requests counted at the SDK: the quote, the placement\'s read (customer, recent orders, products), and ONE transaction of the placement\'s parts plus the quote — the count does not grow with the lines (the transaction does: 14 + one item per product).',
    '',
    table(
      ['lines', 'DynamoDB requests', 'total', 'time'],
      figures.acceptance.map((row) => [row.lines, requestsOf(row.requests), Object.values(row.requests).reduce((sum, count) => sum + count, 0), `${row.ms.toFixed(0)} ms`]),
    ),
    '',
    table(
      ['PDF of a quote with', 'first render (loads the font)', 'later renders (mean of 5)', 'size'],
      [[`${figures.pdf.lines} lines, Chinese names and terms`, `${figures.pdf.firstMs.toFixed(0)} ms`, `${figures.pdf.warmMs.toFixed(0)} ms`, `${(figures.pdf.bytes / 1024).toFixed(1)} KiB`]],
    ),
    '',
    `Times vary with the machine's load (os.loadavg ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores when measured); the request counts and the size do not.`,
  ].join('\n');

/** `BENCH_ONLY=quotes npm run bench`: the emulators and this section only, in its own block of docs/benchmarks.md. */
export const runQuoteBench = (options: SectionRunOptions & { samples?: number }): Promise<void> =>
  runBenchSection(
    { file: 'bench/sections/quotes.ts', markers: QUOTE_MARKERS, measure: measureQuotes, render: renderQuoteSection },
    options,
  );
