import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

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
