import type { ImageRecord } from '../db';

/** Events the server publishes. Later subscribers (auto-tagging) plug in without touching uploads. */
export interface ImageEvents {
  'image.uploaded': { readonly image: ImageRecord };
  'image.updated': { readonly image: ImageRecord; readonly previous: ImageRecord };
  'image.deleted': { readonly image: ImageRecord };
}

export type EventName = keyof ImageEvents;
export type EventHandler<E extends EventName> = (payload: ImageEvents[E]) => void | Promise<void>;

/**
 * Publishing never waits for or fails because of a subscriber: events are delivered after the
 * response path, and a subscriber's error is reported, not thrown. A durable queue backend
 * implements the same interface.
 */
export interface EventBus {
  publish<E extends EventName>(event: E, payload: ImageEvents[E]): void;
  subscribe<E extends EventName>(event: E, handler: EventHandler<E>): () => void;
  /** Resolves when every delivery started so far has settled (for shutdown and tests). */
  drain(): Promise<void>;
}
