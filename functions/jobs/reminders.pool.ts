/**
 * Runs `work` over `items` with at most `limit` at a time, in the items' order of start. The source is read only as
 * fast as slots free up (a Query page is never read far ahead of the work). When one piece of work throws, no new one
 * starts; the ones in flight are awaited (each is a whole, conditional transaction: never half done), then the first
 * error is thrown.
 */
export const forEachAtMost = async <T>(items: AsyncIterable<T> | Iterable<T>, limit: number, work: (item: T) => Promise<void>): Promise<void> => {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  for await (const item of items) {
    if (failure) break;
    const task: Promise<void> = work(item)
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => running.delete(task));
    running.add(task);
    while (running.size >= Math.max(1, limit)) await Promise.race(running);
  }
  await Promise.all(running);
  if (failure) throw failure.error;
};
