import { BlobNotFoundError } from './BlobNotFoundError';
import type { BlobStore } from './types';

/** Receives one observation per store call, e.g. to feed a Prometheus histogram. */
export type BlobStoreObserver = (op: keyof BlobStore, seconds: number, outcome: 'ok' | 'error') => void;

/**
 * Wraps a store so that every call reports its duration and outcome to `onCall`. For `get` the
 * time is until the stream is open (not until it is read); for `list`, until the iteration ends
 * or the consumer stops. A `BlobNotFoundError` counts as 'ok': the backend answered, and a
 * missing key is an ordinary result, not a storage failure worth alerting on.
 *
 * @example
 * const store = timedBlobStore(createBlobStore(config), (op, seconds, outcome) =>
 *   histogram.observe({ op, outcome, store: inner.kind }, seconds));
 */
export function timedBlobStore(store: BlobStore, onCall: BlobStoreObserver): BlobStore {
  async function timed<T>(op: keyof BlobStore, call: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    let outcome: 'ok' | 'error' = 'error';
    try {
      const result = await call();
      outcome = 'ok';
      return result;
    } catch (err) {
      if (err instanceof BlobNotFoundError) outcome = 'ok';
      throw err;
    } finally {
      onCall(op, secondsSince(started), outcome);
    }
  }
  return {
    kind: store.kind,
    putFile: (key, localPath, options) => timed('putFile', () => store.putFile(key, localPath, options)),
    put: (key, body, options) => timed('put', () => store.put(key, body, options)),
    get: (key, range) => timed('get', () => store.get(key, range)),
    head: (key) => timed('head', () => store.head(key)),
    delete: (key) => timed('delete', () => store.delete(key)),
    deletePrefix: (prefix) => timed('deletePrefix', () => store.deletePrefix(prefix)),
    ping: () => timed('ping', () => store.ping()),
    list: (prefix) => timedList(store, prefix, onCall),
  };
}

async function* timedList(
  store: BlobStore,
  prefix: string,
  onCall: BlobStoreObserver,
): AsyncGenerator<{ key: string; size: number }> {
  const started = process.hrtime.bigint();
  // 'ok' unless the store throws: a consumer that stops early (break) ends a successful list.
  let outcome: 'ok' | 'error' = 'ok';
  try {
    yield* store.list(prefix);
  } catch (err) {
    outcome = 'error';
    throw err;
  } finally {
    onCall('list', secondsSince(started), outcome);
  }
}

function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
