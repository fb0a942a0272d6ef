import type { Logger } from 'pino';

/**
 * Loads a model on first use, once per process, and logs how long it took. A failed load is not
 * cached, so a transient error (a full disk, memory pressure) can be retried by the next job.
 */
export function lazyModel<T>(
  name: string,
  logger: Logger | undefined,
  load: () => Promise<T>,
): () => Promise<T> {
  let model: Promise<T> | undefined;
  return () => {
    model ??= (async () => {
      const started = performance.now();
      const loaded = await load();
      logger?.info({ model: name, ms: Math.round(performance.now() - started) }, 'tagging model loaded');
      return loaded;
    })();
    model.catch(() => {
      model = undefined;
    });
    return model;
  };
}
