import { isObject, type JsonObject } from './json';
import type { KubeObject } from '../types';

/** What defaulting needs from the server: a ClusterIP allocator. */
export interface DefaultingContext {
  allocateClusterIP(): string;
}

/**
 * The few defaults the fake applies, on create and on every update, like the real server's defaulting:
 * Deployment spec and its pod template, Pod spec, Service type/ports/clusterIP, Secret `stringData` folded
 * into `data`, Namespace finalizer/phase/name label. Everything else is stored as sent. Mutates `object`.
 */
export function applyDefaults(
  object: KubeObject,
  previous: KubeObject | undefined,
  ctx: DefaultingContext,
): void {
  const key = `${object.apiVersion}/${object.kind}`;
  const spec = isObject(object.spec) ? object.spec : undefined;
  switch (key) {
    case 'apps/v1/Deployment':
      if (spec) defaultDeployment(spec);
      break;
    case 'v1/Pod':
      if (spec) defaultPodSpec(spec);
      break;
    case 'v1/Service':
      if (spec) defaultService(spec, isObject(previous?.spec) ? previous.spec : undefined, ctx);
      break;
    case 'v1/Secret':
      defaultSecret(object);
      break;
    case 'v1/Namespace':
      object.metadata.labels = {
        ...object.metadata.labels,
        'kubernetes.io/metadata.name': object.metadata.name!,
      };
      object.spec = { finalizers: ['kubernetes'], ...(spec ?? {}) };
      if (!previous) object.status = { phase: 'Active' };
      break;
  }
}

function defaultDeployment(spec: JsonObject): void {
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  const strategy = isObject(spec.strategy) ? spec.strategy : {};
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rolling = isObject(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
    rolling.maxUnavailable ??= '25%';
    rolling.maxSurge ??= '25%';
    strategy.rollingUpdate = rolling;
  }
  spec.strategy = strategy;
  const template = isObject(spec.template) ? spec.template : undefined;
  if (template && isObject(template.spec)) defaultPodSpec(template.spec);
}

function defaultPodSpec(spec: JsonObject): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  for (const list of ['initContainers', 'containers']) {
    const containers = Array.isArray(spec[list]) ? spec[list] : [];
    for (const c of containers) if (isObject(c)) defaultContainer(c);
  }
}

function defaultContainer(container: JsonObject): void {
  const image = typeof container.image === 'string' ? container.image : '';
  const tag = /:([^/:@]+)$/.exec(image)?.[1];
  container.imagePullPolicy ??=
    !image.includes('@') && (tag === undefined || tag === 'latest') ? 'Always' : 'IfNotPresent';
  container.terminationMessagePath ??= '/dev/termination-log';
  container.terminationMessagePolicy ??= 'File';
  container.resources ??= {};
  for (const port of Array.isArray(container.ports) ? container.ports : [])
    if (isObject(port)) port.protocol ??= 'TCP';
}

function defaultService(spec: JsonObject, previous: JsonObject | undefined, ctx: DefaultingContext): void {
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  for (const port of Array.isArray(spec.ports) ? spec.ports : []) {
    if (!isObject(port)) continue;
    port.protocol ??= 'TCP';
    port.targetPort ??= port.port;
  }
  if (spec.type === 'ExternalName') return;
  // clusterIP is immutable: an update that omits it keeps the allocated one.
  spec.clusterIP ??= previous?.clusterIP ?? ctx.allocateClusterIP();
  spec.clusterIPs ??= spec.clusterIP === 'None' ? ['None'] : [spec.clusterIP];
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  spec.internalTrafficPolicy ??= 'Cluster';
}

function defaultSecret(object: KubeObject): void {
  object.type ??= 'Opaque';
  if (isObject(object.stringData)) {
    const data: JsonObject = isObject(object.data) ? { ...object.data } : {};
    for (const [k, v] of Object.entries(object.stringData))
      data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    object.data = data;
  }
  delete object.stringData;
}
