import type { Metrics } from './Metrics';

interface MiddlewareClient {
  middlewareStack: {
    add(
      mw: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/** Counts every call an AWS SDK v3 client makes in `metrics.awsCalls`. Returns the client. */
export function observeAws<T>(client: T, service: string, metrics: Metrics | undefined): T {
  if (!metrics) return client;
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
      try {
        const out = await next(args);
        metrics.awsCalls.inc({ service, operation, outcome: 'ok' });
        return out;
      } catch (err) {
        metrics.awsCalls.inc({ service, operation, outcome: (err as { name?: string }).name ?? 'error' });
        throw err;
      }
    },
    { step: 'initialize', name: 'imageserverMetrics' },
  );
  return client;
}
