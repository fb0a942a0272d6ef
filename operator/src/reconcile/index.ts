export { applyOwned, FIELD_MANAGER, mergeForUpdate, type ApplyOutcome } from './applyOwned';
export { CONDITION_TYPES, findCondition, setCondition, type ConditionUpdate } from './conditions';
export { decideCredentials } from './decideCredentials';
export { EventRecorder } from './EventRecorder';
export { nextStatus, patchStatus } from './patchStatus';
export { Reconciler, type ReconcileResult, type ReconcileResultKind } from './Reconciler';
export { isSubset, parseQuantity } from './semanticDiff';
export { steps } from './steps';
export type { ObjectCache, ReconcileContext, ReconcileDeps, Step, StepResult } from './types';
