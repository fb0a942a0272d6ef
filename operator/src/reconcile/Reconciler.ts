import type { ImageServer } from '../crd/types';
import { messageOf, OperatorError } from '../errors';
import { KubeApiError } from '../kube/KubeClient';
import { findCondition } from './conditions';
import { nextStatus, patchStatus } from './patchStatus';
import { steps as defaultSteps, toReason } from './steps';
import type { ReconcileContext, ReconcileDeps, Step } from './types';

export type ReconcileResultKind = 'success' | 'conflict' | 'terminal' | 'error';

export interface ReconcileResult {
  result: ReconcileResultKind;
  /** Reconcile again after this delay (success with a timer, e.g. waiting on AWS). */
  requeueAfterMs?: number;
  /** Set for `error` (retry with backoff) and `conflict` (retry soon). */
  error?: unknown;
  /** What was written, for logs and tests. */
  changes: string[];
}

/**
 * Runs the steps for one ImageServer and records the outcome in its status: conditions with
 * reasons and messages, observedGeneration. Decides what the queue should do next.
 */
export class Reconciler {
  constructor(
    private readonly deps: ReconcileDeps,
    private readonly steps: readonly Step[] = defaultSteps,
  ) {}

  async reconcile(server: ImageServer): Promise<ReconcileResult> {
    const ctx: ReconcileContext = { server, deps: this.deps, conditions: new Map(), status: {}, changes: [] };
    let requeueAfterMs: number | undefined;
    try {
      for (const step of this.steps) {
        const out = await step.run(ctx);
        if (out?.requeueAfterMs !== undefined)
          requeueAfterMs = Math.min(requeueAfterMs ?? Infinity, out.requeueAfterMs);
        if (out?.stop) return { result: 'success', requeueAfterMs, changes: ctx.changes };
      }
      await this.writeStatus(ctx);
      return { result: 'success', requeueAfterMs, changes: ctx.changes };
    } catch (err) {
      if (isConflict(err)) return { result: 'conflict', error: err, changes: ctx.changes };
      const terminal = err instanceof OperatorError && err.terminal;
      const code =
        err instanceof OperatorError ? err.code : err instanceof KubeApiError ? 'KUBERNETES_API' : 'INTERNAL';
      const reason = toReason(code);
      const message = messageOf(err);
      const previous = findCondition(server.status?.conditions, 'Degraded');
      ctx.conditions.set('Ready', { type: 'Ready', status: 'False', reason, message });
      ctx.conditions.set('Degraded', { type: 'Degraded', status: 'True', reason, message });
      // One Warning per distinct failure, not one per retry or resync.
      if (previous?.status !== 'True' || previous.message !== message) {
        await this.deps.events.warning(server, reason, message);
      }
      try {
        await this.writeStatus(ctx);
      } catch (statusErr) {
        this.deps.log.warn({ err: statusErr }, 'could not write status after a failed reconcile');
      }
      return { result: terminal ? 'terminal' : 'error', error: err, changes: ctx.changes };
    }
  }

  private async writeStatus(ctx: ReconcileContext): Promise<void> {
    const next = nextStatus(ctx.server, ctx.status, ctx.conditions.values(), this.deps.now());
    if (await patchStatus(this.deps, ctx.server, next)) ctx.changes.push('updated status');
  }
}

function isConflict(err: unknown): boolean {
  return (
    (err instanceof OperatorError && err.code === 'CONFLICT') ||
    (err instanceof KubeApiError && err.statusCode === 409)
  );
}
