/**
 * Coalesces concurrent calls with the same key into one execution whose result (or error) every
 * caller shares; the key is free again once it settles. In-process only: replicas coalesce
 * through the blob store instead.
 *
 * @example
 * const once = singleFlight<Buffer>();
 * await Promise.all([once('k', render), once('k', render)]); // render runs once
 */
export function singleFlight<T>(): (key: string, task: () => Promise<T>) => Promise<T> {
  const inFlight = new Map<string, Promise<T>>();
  return (key, task) => {
    const running = inFlight.get(key);
    if (running) return running;
    const started = task().finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  };
}
