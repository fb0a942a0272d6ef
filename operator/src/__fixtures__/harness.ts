/**
 * Runs the real operator (informers, queue, reconcile, leader election) against the shared fake
 * API server and the test S3, the way it runs in a cluster. The fake has no controllers of its
 * own: `markDeploymentReady` plays the Deployment controller.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { FakeKubeApiServer } from '@imageserver/fake-kube-apiserver';
import pino from 'pino';
import { loadOperatorConfig } from '../config/loadOperatorConfig';
import { Operator, type OperatorOptions } from '../controller/Operator';
import { applyDefaults, buildCrd, imageServerSchema, type ImageServer } from '../crd';
import { KubeClient } from '../kube/KubeClient';
import type { KubeObject } from '../resources/types';
import { startTestS3, type TestS3 } from './s3';

export const OPERATOR_NS = 'imageserver-system';

export interface Harness {
  api: FakeKubeApiServer;
  s3: TestS3;
  /** A client acting as a human with kubectl. */
  kubectl: KubeClient;
  startOperator(env?: Record<string, string>, options?: Partial<OperatorOptions>): Promise<Operator>;
  /** Creates an ImageServer (defaults applied, as the API server would) and returns it. */
  createImageServer(server: Omit<ImageServer, 'apiVersion' | 'kind'> & Partial<ImageServer>): KubeObject;
  get(kind: string, namespace: string, name: string): KubeObject | undefined;
  /** Read-modify-write as kubectl edit does, retrying on 409 (the operator writes status meanwhile). */
  edit<T extends KubeObject>(
    kind: string,
    namespace: string,
    name: string,
    mutate: (obj: T) => void,
  ): Promise<void>;
  getServer(namespace: string, name: string): ImageServer | undefined;
  /** Plays the Deployment controller: every replica of the Deployment's current generation is ready. */
  markDeploymentReady(namespace: string, name: string): void;
  stop(): Promise<void>;
}

const API_VERSIONS: Record<string, string> = {
  ImageServer: 'imageserver.dev/v1alpha1',
  Secret: 'v1',
  ConfigMap: 'v1',
  ServiceAccount: 'v1',
  Service: 'v1',
  Event: 'v1',
  Deployment: 'apps/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  PodDisruptionBudget: 'policy/v1',
  Ingress: 'networking.k8s.io/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  Lease: 'coordination.k8s.io/v1',
};

export const apiVersionOf = (kind: string) => API_VERSIONS[kind]!;

export async function startHarness(namespaces: string[]): Promise<Harness> {
  const api = new FakeKubeApiServer({ namespaces: ['default', 'kube-system', OPERATOR_NS, ...namespaces] });
  await api.start();
  api.create(buildCrd() as unknown as KubeObject);
  const s3 = await startTestS3();
  const kc = new KubeConfig();
  kc.loadFromString(api.kubeconfig());
  const operators: Operator[] = [];
  const kubectl = new KubeClient(kc);
  const get = (kind: string, namespace: string, name: string) =>
    api.get({ apiVersion: apiVersionOf(kind), kind, namespace, name }) as KubeObject | undefined;
  return {
    api,
    s3,
    kubectl,
    async startOperator(env = {}, options = {}) {
      const config = loadOperatorConfig({
        OPERATOR_NAMESPACE: OPERATOR_NS,
        LEADER_ELECTION: 'false',
        RESYNC_SECONDS: '3600',
        CONCURRENCY: '4',
        POD_NAME: `operator-${operators.length}`,
        ...env,
      });
      const operatorKc = new KubeConfig();
      operatorKc.loadFromString(api.kubeconfig());
      const operator = new Operator({
        config,
        kubeConfig: operatorKc,
        log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
        s3: () => s3.client,
        queue: { baseDelayMs: 20, maxDelayMs: 1000 },
        ...options,
      });
      operators.push(operator);
      await operator.start();
      return operator;
    },
    createImageServer(server) {
      const full = applyDefaults(imageServerSchema, {
        apiVersion: API_VERSIONS.ImageServer,
        kind: 'ImageServer',
        ...server,
      });
      return api.create(full as unknown as KubeObject) as KubeObject;
    },
    get,
    async edit(kind, namespace, name, mutate) {
      for (;;) {
        const live = structuredClone(get(kind, namespace, name)) as never as Parameters<typeof mutate>[0];
        delete (live.metadata as { managedFields?: unknown }).managedFields;
        mutate(live);
        try {
          await kubectl.replace(live, 'kubectl');
          return;
        } catch (err) {
          if ((err as { statusCode?: number }).statusCode !== 409) throw err;
        }
      }
    },
    getServer: (namespace, name) => get('ImageServer', namespace, name) as unknown as ImageServer | undefined,
    markDeploymentReady(namespace, name) {
      const d = get('Deployment', namespace, name);
      if (!d) throw new Error(`no Deployment ${namespace}/${name}`);
      const replicas = (d.spec as { replicas?: number }).replicas ?? 1;
      api.setStatus(
        { apiVersion: 'apps/v1', kind: 'Deployment', namespace, name },
        {
          observedGeneration: d.metadata.generation,
          replicas,
          updatedReplicas: replicas,
          readyReplicas: replicas,
          availableReplicas: replicas,
        },
      );
    },
    async stop() {
      for (const op of operators) await op.stop();
      await api.stop();
      await s3.stop();
    },
  };
}

/** Polls until `fn` returns a truthy value; fails with `what` if it never does. */
export async function waitFor<T>(
  what: string,
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const start = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits until the operator has nothing queued or in progress (after a change settles). */
export async function settled(operator: Operator): Promise<void> {
  // Two consecutive idle observations: an informer event may be in flight between them.
  await waitFor('operator idle', async () => {
    if (!operator.idle()) return false;
    await new Promise((r) => setTimeout(r, 50));
    return operator.idle();
  });
}

export const condition = (server: ImageServer | undefined, type: string) =>
  server?.status?.conditions?.find((c) => c.type === type);
