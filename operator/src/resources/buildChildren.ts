import type { ImageServer } from '../crd/types';
import { buildConfigMap } from './configMap';
import { buildDeployment } from './deployment';
import { buildHorizontalPodAutoscaler } from './horizontalPodAutoscaler';
import { buildIngress } from './ingress';
import { names } from './labels';
import { buildNetworkPolicy } from './networkPolicy';
import { buildPodDisruptionBudget } from './podDisruptionBudget';
import { buildCredentialsSecret } from './secret';
import { buildService } from './service';
import { buildServiceAccount } from './serviceAccount';
import type { BuildContext, KubeObject } from './types';
import { buildWorkerDeployment } from './workerDeployment';

/** A child the spec no longer asks for; the reconciler deletes it when it exists and is ours. */
export interface AbsentChild {
  apiVersion: string;
  kind: string;
  name: string;
}

export interface Children {
  /** In apply order: what pods reference comes before the pods. */
  desired: KubeObject[];
  absent: AbsentChild[];
}

/** Every Kubernetes object one ImageServer becomes, without owner references (see `withOwner`). */
export function buildChildren(server: ImageServer, ctx: BuildContext): Children {
  const optional: [AbsentChild, KubeObject | undefined][] = [
    [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: names.worker(server) },
      buildWorkerDeployment(server, ctx) as KubeObject | undefined,
    ],
    [
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: names.server(server) },
      buildHorizontalPodAutoscaler(server) as KubeObject | undefined,
    ],
    [
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: names.server(server) },
      buildIngress(server, ctx) as KubeObject | undefined,
    ],
  ];
  const present = (o: KubeObject | undefined): o is KubeObject => o !== undefined;
  const [worker, hpa, ingress] = optional.map(([, o]) => o);
  const desired = [
    buildCredentialsSecret(server, ctx),
    buildServiceAccount(server),
    buildConfigMap(server, ctx),
    buildDeployment(server, ctx),
    worker,
    buildService(server),
    hpa,
    buildPodDisruptionBudget(server),
    ingress,
    buildNetworkPolicy(server, ctx),
  ] as (KubeObject | undefined)[];
  return {
    desired: desired.filter(present),
    absent: optional.filter(([, o]) => o === undefined).map(([ref]) => ref),
  };
}
