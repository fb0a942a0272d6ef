import type { ServerResponse } from 'node:http';
import { errors, KubeApiError } from '../errors';
import type { ObjectStore } from '../store';
import { ExpiredError } from '../store';
import type { KubeObject, ResourceType } from '../types';
import { watchEventFor, type WatchEvent } from './watchEventFor';

/** Watch parameters from the query string. */
export interface WatchParams {
  resourceVersion?: string;
  /** Objects must match (namespace, label and field selectors), already parsed by the caller. */
  matches: (o: KubeObject) => boolean;
  timeoutSeconds?: number;
  allowWatchBookmarks: boolean;
  sendInitialEvents: boolean;
}

/** Serves watch streams from the store's history and live changes, and ends them all on `closeAll()`. */
export class WatchHub {
  private readonly open = new Set<() => void>();

  constructor(
    private readonly store: ObjectStore,
    private readonly bookmarkIntervalMs: number,
  ) {}

  /**
   * Streams events for `type` as JSON lines. A resourceVersion older than the kept history is answered,
   * like the real server, with 200 and a single ERROR event carrying a 410 Expired Status.
   * @throws KubeApiError 400 when the resourceVersion is not a number (before anything is written)
   */
  serve(res: ServerResponse, type: ResourceType, params: WatchParams): void {
    const from = parseResourceVersion(params.resourceVersion);
    const send = (event: WatchEvent) => res.write(`${JSON.stringify(event)}\n`);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    // Clients wait for the headers before they consider the watch established.
    res.flushHeaders();
    const convert = (o: KubeObject): KubeObject =>
      o.apiVersion === type.apiVersion ? o : { ...o, apiVersion: type.apiVersion };

    let backlog: WatchEvent[];
    if (from === undefined) {
      backlog = this.store
        .list(type.storageKey, undefined, params.matches)
        .map((o) => ({ type: 'ADDED' as const, object: convert(o) }));
      if (params.sendInitialEvents && params.allowWatchBookmarks) {
        backlog.push({
          type: 'BOOKMARK',
          object: this.bookmark(type, { 'k8s.io/initial-events-end': 'true' }),
        });
      }
    } else {
      try {
        backlog = this.store
          .eventsAfter(from)
          .filter((e) => e.storageKey === type.storageKey)
          .map((e) => watchEventFor(e, params.matches))
          .filter((e): e is WatchEvent => e !== undefined)
          .map((e) => ({ ...e, object: convert(e.object as KubeObject) }));
      } catch (err) {
        if (!(err instanceof ExpiredError)) throw err;
        send({ type: 'ERROR', object: errors.expired(err.requested, err.oldest).toStatus() });
        res.end();
        return;
      }
    }

    const unsubscribe = this.store.subscribe((e) => {
      if (e.storageKey !== type.storageKey) return;
      const event = watchEventFor(e, params.matches);
      if (event) send({ ...event, object: convert(event.object as KubeObject) });
    });
    const timers: NodeJS.Timeout[] = [];
    if (params.allowWatchBookmarks) {
      timers.push(
        setInterval(() => send({ type: 'BOOKMARK', object: this.bookmark(type) }), this.bookmarkIntervalMs),
      );
    }
    const close = () => {
      if (!this.open.delete(close)) return;
      unsubscribe();
      for (const t of timers) clearTimeout(t);
      if (!res.writableEnded) res.end();
    };
    if (params.timeoutSeconds !== undefined && params.timeoutSeconds > 0)
      timers.push(setTimeout(close, params.timeoutSeconds * 1000));
    this.open.add(close);
    res.on('close', close);
    for (const event of backlog) send(event);
  }

  /** Number of watch streams open now. */
  openCount(): number {
    return this.open.size;
  }

  /** Ends every open watch stream (the client sees a clean end of stream). */
  closeAll(): void {
    for (const close of [...this.open]) close();
  }

  private bookmark(type: ResourceType, annotations?: Record<string, string>): unknown {
    return {
      kind: type.kind,
      apiVersion: type.apiVersion,
      metadata: {
        resourceVersion: String(this.store.currentRevision()),
        ...(annotations ? { annotations } : {}),
      },
    };
  }
}

function parseResourceVersion(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '' || raw === '0') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new KubeApiError(400, 'BadRequest', `invalid resource version: ${raw}`);
  return n;
}
