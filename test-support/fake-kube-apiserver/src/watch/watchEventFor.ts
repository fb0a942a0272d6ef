import type { StoreEvent } from '../store';
import type { KubeObject } from '../types';

/** What a watch sends for a store change. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: unknown;
}

/**
 * The event a filtered watch sees for a store change, as the real watch cache computes it: an object that
 * starts matching the selectors arrives as ADDED, one that stops matching leaves as DELETED.
 */
export function watchEventFor(
  event: StoreEvent,
  matches: (o: KubeObject) => boolean,
): WatchEvent | undefined {
  const now = matches(event.object);
  const before = event.previous !== undefined && matches(event.previous);
  switch (event.type) {
    case 'ADDED':
      return now ? { type: 'ADDED', object: event.object } : undefined;
    case 'DELETED':
      return now || before ? { type: 'DELETED', object: event.object } : undefined;
    case 'MODIFIED':
      if (now && before) return { type: 'MODIFIED', object: event.object };
      if (now) return { type: 'ADDED', object: event.object };
      return before ? { type: 'DELETED', object: event.object } : undefined;
  }
}
