/** Bounded concurrency: a Worker invocation may hold only about six outgoing connections at once. */

/**
 * Runs `work` over `items` with at most `limit` in flight, in order of start.
 * @example await eachBounded(batch.messages, 6, handle);
 */
export async function eachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await work(item);
    }
  });
  await Promise.all(lanes);
}
