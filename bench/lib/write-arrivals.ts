/**
 * Write → arrival measurements shared by the events and webhooks sections: a write through the API, then the time
 * its consequence (an event on the bus, a webhook POST at a subscriber) is first seen. A write whose consequence
 * never comes within the wait is a MISS: counted and reported, never a crash — a lost event is the finding.
 */

/** When the consequence of the write `id` was first seen (performance.now()), or undefined while it has not been. */
export type FirstArrival = (id: string) => number | undefined;

/** Polls every 5 ms until `id` has arrived or `withinMs` have passed: the arrival time, or undefined (a miss). */
export const waitForArrival = async (firstArrival: FirstArrival, id: string, withinMs: number): Promise<number | undefined> => {
  const deadline = performance.now() + withinMs;
  for (;;) {
    const at = firstArrival(id);
    if (at !== undefined) return at;
    if (performance.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/**
 * `samples` writes one at a time, each followed by the wait for its arrival: the latencies of those that arrived
 * (write sent → first arrival, ms) and the misses.
 */
export const sampleWriteLatencies = async (options: {
  readonly samples: number;
  /** One write; answers the id whose arrival is awaited. */
  readonly write: (sample: number) => Promise<string>;
  readonly firstArrival: FirstArrival;
  readonly withinMs: number;
}): Promise<{ latencies: number[]; misses: number }> => {
  const latencies: number[] = [];
  let misses = 0;
  for (let sample = 0; sample < options.samples; sample += 1) {
    const begin = performance.now();
    const id = await options.write(sample);
    const at = await waitForArrival(options.firstArrival, id, options.withinMs);
    if (at === undefined) misses += 1;
    else latencies.push(at - begin);
  }
  return { latencies, misses };
};

/**
 * `writes` writes, `concurrency` at a time, then the wait for every committed one's arrival: the ids committed,
 * those whose arrival never came (misses), and the seconds from the first write to the last arrival (or give-up).
 */
export const loadAndAwait = async (options: {
  readonly writes: number;
  readonly concurrency: number;
  /** One write (the n-th, from 1); answers the committed id, or undefined when the API refused it. */
  readonly write: (n: number) => Promise<string | undefined>;
  readonly firstArrival: FirstArrival;
  readonly withinMs: number;
}): Promise<{ ids: string[]; missed: string[]; seconds: number }> => {
  const ids: string[] = [];
  let started = 0;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (started < options.writes) {
        started += 1;
        const id = await options.write(started);
        if (id !== undefined) ids.push(id);
      }
    }),
  );
  const arrivals = await Promise.all(ids.map((id) => waitForArrival(options.firstArrival, id, options.withinMs)));
  const seconds = (performance.now() - begin) / 1000;
  return { ids, missed: ids.filter((_, index) => arrivals[index] === undefined), seconds };
};
