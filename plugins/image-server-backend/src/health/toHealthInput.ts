import type { CoreV1Event, V1Deployment, V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import type { ImageServerResource, ServerEvent } from '@imageserver/plugin-image-server-common';
import type { HealthInput } from './types';

/** Warning events older than this no longer count against health. */
export const RECENT_WARNING_MS = 10 * 60 * 1000;

const iso = (t: Date | string | undefined): string | undefined =>
  t === undefined ? undefined : t instanceof Date ? t.toISOString() : t;

/** Deployment replica counts, reduced to numbers. */
export function deploymentCounts(d: V1Deployment) {
  return {
    desired: d.spec?.replicas ?? 1,
    ready: d.status?.readyReplicas ?? 0,
    available: d.status?.availableReplicas ?? 0,
    updated: d.status?.updatedReplicas ?? 0,
  };
}

/** HPA figures, reduced to numbers. */
export function autoscalerFigures(h: V2HorizontalPodAutoscaler) {
  const target = h.spec?.metrics?.find((m) => m.resource?.name === 'cpu')?.resource?.target
    .averageUtilization;
  const current = h.status?.currentMetrics?.find((m) => m.resource?.name === 'cpu')?.resource?.current
    .averageUtilization;
  const scaling = h.status?.conditions?.find((c) => c.type === 'ScalingActive');
  return {
    min: h.spec?.minReplicas ?? 1,
    max: h.spec?.maxReplicas ?? 1,
    current: h.status?.currentReplicas ?? 0,
    desired: h.status?.desiredReplicas ?? 0,
    targetCPUUtilization: target,
    currentCPUUtilization: current,
    scalingActive: scaling ? scaling.status === 'True' : undefined,
    scalingMessage: scaling?.message,
  };
}

/** Events as the portal shows them, newest first. */
export function toServerEvents(events: CoreV1Event[]): ServerEvent[] {
  return events
    .map((e) => ({
      type: (e.type === 'Warning' ? 'Warning' : 'Normal') as ServerEvent['type'],
      reason: e.reason ?? '',
      message: e.message ?? '',
      count: e.count,
      lastTimestamp: iso(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp),
    }))
    .sort((a, b) => (b.lastTimestamp ?? '').localeCompare(a.lastTimestamp ?? ''));
}

/** Gathers what `deriveHealth` needs from the resource and, when read, its children. */
export function toHealthInput(
  resource: ImageServerResource,
  children?: { deployment?: V1Deployment; autoscaler?: V2HorizontalPodAutoscaler; events: ServerEvent[] },
  now: Date = new Date(),
): HealthInput {
  const recentWarnings = (children?.events ?? []).filter(
    (e) =>
      e.type === 'Warning' &&
      e.lastTimestamp &&
      now.getTime() - Date.parse(e.lastTimestamp) <= RECENT_WARNING_MS,
  );
  return {
    generation: resource.metadata.generation,
    observedGeneration: resource.status?.observedGeneration,
    deleting: Boolean(resource.metadata.deletionTimestamp),
    conditions: resource.status?.conditions ?? [],
    deploymentChecked: children !== undefined,
    deployment: children?.deployment ? deploymentCounts(children.deployment) : undefined,
    autoscaler: children?.autoscaler ? autoscalerFigures(children.autoscaler) : undefined,
    recentWarnings,
  };
}
