import type { Condition, ConditionStatus, ConditionType } from '../crd/types';

export interface ConditionUpdate {
  type: ConditionType;
  status: ConditionStatus;
  reason: string;
  message: string;
}

/** Condition types in the order they appear in status. */
export const CONDITION_TYPES: readonly ConditionType[] = [
  'Ready',
  'Progressing',
  'Degraded',
  'StorageReady',
  'DatabaseReady',
  'CacheReady',
];

/**
 * Returns `conditions` with `update` applied: `lastTransitionTime` moves only when the status
 * changes, so rewriting the same condition changes nothing (and a no-op reconcile writes nothing).
 */
export function setCondition(
  conditions: readonly Condition[],
  update: ConditionUpdate,
  generation: number | undefined,
  now: Date,
): Condition[] {
  const existing = conditions.find((c) => c.type === update.type);
  const next: Condition = {
    type: update.type,
    status: update.status,
    observedGeneration: generation,
    lastTransitionTime:
      existing && existing.status === update.status ? existing.lastTransitionTime : now.toISOString(),
    reason: update.reason,
    message: update.message,
  };
  if (next.observedGeneration === undefined) delete next.observedGeneration;
  const others = conditions.filter((c) => c.type !== update.type);
  return [...others, next].sort((a, b) => CONDITION_TYPES.indexOf(a.type) - CONDITION_TYPES.indexOf(b.type));
}

export function findCondition(
  conditions: readonly Condition[] | undefined,
  type: ConditionType,
): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}
