import type { EventBus, EventHandler, EventName, ImageEvents } from './types';

export class InProcessEventBus implements EventBus {
  private readonly handlers = new Map<EventName, Set<EventHandler<never>>>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly onError: (event: EventName, err: unknown) => void) {}

  publish<E extends EventName>(event: E, payload: ImageEvents[E]): void {
    for (const handler of this.handlers.get(event) ?? []) {
      // Next macrotask, so the publisher's response is never delayed by a subscriber.
      const delivery = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => (handler as EventHandler<E>)(payload))
        .catch((err: unknown) => this.onError(event, err))
        .finally(() => this.pending.delete(delivery));
      this.pending.add(delivery);
    }
  }

  subscribe<E extends EventName>(event: E, handler: EventHandler<E>): () => void {
    const set = this.handlers.get(event) ?? new Set();
    set.add(handler as EventHandler<never>);
    this.handlers.set(event, set);
    return () => set.delete(handler as EventHandler<never>);
  }

  async drain(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}
