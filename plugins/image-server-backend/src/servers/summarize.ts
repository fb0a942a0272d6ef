import {
  OWNER_ANNOTATION,
  type ImageServerDetails,
  type ImageServerResource,
  type ImageServerSummary,
} from '@imageserver/plugin-image-server-common';
import type { V1Deployment, V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import { autoscalerFigures, deploymentCounts, deriveHealth, toHealthInput, toServerEvents } from '../health';
import type { ServerChildren } from '../kubernetes';

const iso = (t: Date | string | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

/** The list entry of a cluster server: health from its status alone (lists do not read children). */
export function summarizeResource(cluster: string, resource: ImageServerResource): ImageServerSummary {
  return summaryWith(cluster, resource, undefined);
}

function summaryWith(
  cluster: string,
  resource: ImageServerResource,
  children:
    | {
        deployment?: V1Deployment;
        autoscaler?: V2HorizontalPodAutoscaler;
        events: ReturnType<typeof toServerEvents>;
      }
    | undefined,
  now?: Date,
): ImageServerSummary {
  const { metadata, status } = resource;
  const verdict = deriveHealth(toHealthInput(resource, children, now));
  const ready = status?.readyReplicas;
  const desired = status?.desiredReplicas;
  return {
    ref: { cluster, namespace: metadata.namespace ?? 'default', name: metadata.name },
    source: 'kubernetes',
    owner: metadata.annotations?.[OWNER_ANNOTATION],
    url: status?.url,
    health: verdict.health,
    healthReason: verdict.reason,
    replicas:
      ready !== undefined || desired !== undefined ? { ready: ready ?? 0, desired: desired ?? 0 } : undefined,
    createdAt: iso(metadata.creationTimestamp),
  };
}

/** The details of a cluster server: its status checked against the Deployment, HPA and Events. */
export function detailResource(
  cluster: string,
  resource: ImageServerResource,
  children: ServerChildren,
  now: Date = new Date(),
): ImageServerDetails {
  const events = toServerEvents(children.events).slice(0, 20);
  const summary = summaryWith(cluster, resource, { ...children, events }, now);
  const hpa = children.autoscaler ? autoscalerFigures(children.autoscaler) : undefined;
  const { spec } = resource;
  return {
    ...summary,
    spec,
    conditions: resource.status?.conditions ?? [],
    deployment: children.deployment ? deploymentCounts(children.deployment) : undefined,
    autoscaler: hpa && {
      min: hpa.min,
      max: hpa.max,
      current: hpa.current,
      desired: hpa.desired,
      targetCPUUtilization: hpa.targetCPUUtilization,
      currentCPUUtilization: hpa.currentCPUUtilization,
    },
    events,
    endpoints: {
      api: resource.status?.url,
      cdn: spec.cdn?.domain ? `https://${spec.cdn.domain}` : undefined,
    },
  };
}
