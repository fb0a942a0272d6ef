import { useCallback, useEffect, useRef, useState } from 'react';

export interface PollingState<T> {
  value?: T;
  error?: Error;
  /** True until the first answer (or failure) arrives. */
  loading: boolean;
  /** Loads again now, without waiting for the next tick. */
  retry: () => void;
}

/**
 * Calls `load` once and then every `intervalMs` (0 turns polling off), keeping the last good
 * value while a later call fails. Calls never overlap: a tick that finds one in flight is skipped.
 * `deps` restart the polling and clear the value (a different server, a different filter).
 */
export function usePolling<T>(load: () => Promise<T>, intervalMs: number, deps: unknown[]): PollingState<T> {
  const [state, setState] = useState<{ value?: T; error?: Error; loading: boolean }>({ loading: true });
  const inFlight = useRef(false);
  const generation = useRef(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const stableLoad = useCallback(load, deps);

  const run = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    const mine = generation.current;
    stableLoad()
      .then(
        (value) => {
          if (mine === generation.current) setState({ value, loading: false });
        },
        (error: unknown) => {
          if (mine === generation.current) {
            setState((s) => ({
              value: s.value,
              error: error instanceof Error ? error : new Error(String(error)),
              loading: false,
            }));
          }
        },
      )
      .finally(() => {
        if (mine === generation.current) inFlight.current = false;
      });
  }, [stableLoad]);

  useEffect(() => {
    generation.current++;
    inFlight.current = false;
    setState({ loading: true });
    run();
    if (intervalMs <= 0) return undefined;
    const timer = setInterval(run, intervalMs);
    return () => clearInterval(timer);
  }, [run, intervalMs]);

  return { ...state, retry: run };
}
