import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { LambdaHandler } from '#local/gateway';

/** Milliseconds `run` took (performance.now(): monotonic, sub-millisecond). */
export const timed = async (run: () => Promise<unknown>): Promise<number> => {
  const started = performance.now();
  await run();
  return performance.now() - started;
};

/** The gateway fills in the context per invocation; a replay of a captured one in-process needs its own, with time left. */
export const freshContext = (captured: Context): Context => ({
  ...captured,
  awsRequestId: randomUUID(),
  getRemainingTimeInMillis: () => 10_000,
});

/** One read measured three ways: through the local gateway, its handler in-process, and the raw DynamoDB read beside it. */
export type ReadSeries = Record<'gateway' | 'handler' | 'raw', () => Promise<void>>;

/**
 * The three ways of a read: `fetch(url)` through the gateway, the captured gateway event replayed into `handler`
 * (a fresh context each time), and `raw` (the DynamoDB floor); each throws on anything but a success.
 */
export const readSeries = (read: {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly handler: LambdaHandler;
  readonly invocation: { readonly event: Parameters<LambdaHandler>[0]; readonly context: Context };
  readonly raw: () => Promise<void>;
}): ReadSeries => ({
  gateway: async () => {
    const response = await fetch(read.url, { headers: read.headers });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`gateway answered ${response.status}`);
  },
  handler: async () => {
    const result = (await read.handler(structuredClone(read.invocation.event), freshContext(read.invocation.context))) as { statusCode?: number };
    if (result.statusCode !== 200) throw new Error(`handler answered ${String(result.statusCode)}`);
  },
  raw: read.raw,
});

/**
 * `samples` timings of each series, taken round-robin and starting one further each round, so drift and noise spread
 * evenly over them; the first rounds (a tenth, at least 10) warm up and are not kept.
 */
export const interleavedSamples = async <N extends string>(series: Readonly<Record<N, () => Promise<void>>>, samples: number): Promise<Record<N, number[]>> => {
  const names = Object.keys(series) as N[];
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<N, number[]>;
  const warmup = Math.max(10, Math.round(samples / 10));
  for (let round = 0; round < warmup + samples; round += 1) {
    for (let index = 0; index < names.length; index += 1) {
      const name = names[(index + round) % names.length]!;
      const elapsed = await timed(series[name]);
      if (round >= warmup) times[name].push(elapsed);
    }
  }
  return times;
};
