import type { HealthInput, HealthVerdict } from './types';

const condition = (input: HealthInput, type: string) => input.conditions.find((c) => c.type === type);
const describe = (c: { reason?: string; message?: string }) =>
  [c.reason, c.message].filter(Boolean).join(': ');

/**
 * Health of a cluster server from what the operator reports and what the cluster shows. The
 * conditions are the operator's view; the Deployment, HPA and Events are checked against it so
 * that a resource whose pods are failing is not shown as healthy because a condition lags.
 *
 * Order: being deleted, then Degraded, then a spec change not yet processed, then Ready; a Ready
 * server is still degraded when its Deployment is missing or has no available pod, and
 * progressing while pods roll out (degraded when Warning events say why they do not come up).
 */
export function deriveHealth(input: HealthInput): HealthVerdict {
  if (input.deleting) return { health: 'progressing', reason: 'Being deleted' };
  const degraded = condition(input, 'Degraded');
  if (degraded?.status === 'True') return { health: 'degraded', reason: describe(degraded) || 'Degraded' };
  if (input.conditions.length === 0) {
    return { health: 'unknown', reason: 'The operator has not reported any status yet (is it running?)' };
  }
  if (input.generation !== undefined && (input.observedGeneration ?? 0) < input.generation) {
    return { health: 'progressing', reason: 'The operator has not processed the latest change yet' };
  }
  const ready = condition(input, 'Ready');
  const warning = input.recentWarnings[0];
  if (ready?.status !== 'True') {
    const progressing = condition(input, 'Progressing');
    if (progressing?.status === 'True') {
      if (warning) return { health: 'degraded', reason: `${warning.reason}: ${warning.message}` };
      return {
        health: 'progressing',
        reason: describe(progressing) || describe(ready ?? {}) || 'Progressing',
      };
    }
    if (!ready || ready.status === 'Unknown')
      return { health: 'unknown', reason: ready ? describe(ready) : 'No Ready condition' };
    return { health: 'degraded', reason: describe(ready) || 'Not ready' };
  }
  if (input.deploymentChecked) {
    const d = input.deployment;
    if (!d) return { health: 'degraded', reason: 'Ready is True but the server Deployment does not exist' };
    if (d.desired > 0 && d.available === 0) {
      return {
        health: 'degraded',
        reason: warning ? `No pod available: ${warning.reason}: ${warning.message}` : 'No pod available',
      };
    }
    if (d.ready < d.desired || d.updated < d.desired) {
      if (warning)
        return {
          health: 'degraded',
          reason: `${d.ready}/${d.desired} pods ready: ${warning.reason}: ${warning.message}`,
        };
      return { health: 'progressing', reason: `${d.ready}/${d.desired} pods ready` };
    }
  }
  const hpa = input.autoscaler;
  if (hpa?.scalingActive === false) {
    return {
      health: 'degraded',
      reason: `Autoscaler cannot scale: ${hpa.scalingMessage ?? 'ScalingActive is False'}`,
    };
  }
  return { health: 'healthy', reason: describe(ready) || undefined };
}
