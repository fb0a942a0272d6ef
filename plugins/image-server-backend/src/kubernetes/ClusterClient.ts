import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  type CoreV1Event,
  type KubeConfig,
  type V1Deployment,
  type V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import {
  IMAGE_SERVER_GROUP,
  IMAGE_SERVER_PLURAL,
  IMAGE_SERVER_VERSION,
  type ImageServerResource,
} from '@imageserver/plugin-image-server-common';
import { ClusterRequestError, classifyKubeError } from './errors';

/** Everything the portal reads about one ImageServer besides the resource itself. */
export interface ServerChildren {
  deployment?: V1Deployment;
  autoscaler?: V2HorizontalPodAutoscaler;
  events: CoreV1Event[];
}

/**
 * The calls the portal makes to one cluster. Every failure comes out as a
 * {@link ClusterRequestError}; every call is bounded by the configured timeout, so an unreachable
 * cluster answers quickly instead of holding the request.
 */
export class ClusterClient {
  private readonly custom: CustomObjectsApi;
  private readonly apps: AppsV1Api;
  private readonly autoscaling: AutoscalingV2Api;
  private readonly core: CoreV1Api;

  constructor(
    readonly name: string,
    kubeConfig: KubeConfig,
    private readonly options: { timeoutMs: number; namespaces?: string[] },
  ) {
    this.custom = kubeConfig.makeApiClient(CustomObjectsApi);
    this.apps = kubeConfig.makeApiClient(AppsV1Api);
    this.autoscaling = kubeConfig.makeApiClient(AutoscalingV2Api);
    this.core = kubeConfig.makeApiClient(CoreV1Api);
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ClusterRequestError(
              this.name,
              'UNREACHABLE',
              `cluster ${this.name} did not answer ${what} within ${this.options.timeoutMs} ms`,
            ),
          ),
        this.options.timeoutMs,
      );
    });
    try {
      return await Promise.race([fn(), timeout]);
    } catch (err) {
      throw classifyKubeError(this.name, err);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Missing objects are `undefined`, not errors. */
  private async optional<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await this.call(what, fn);
    } catch (err) {
      if (err instanceof ClusterRequestError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** ImageServers in the configured namespaces (all namespaces when none are configured). */
  async listServers(): Promise<ImageServerResource[]> {
    const base = { group: IMAGE_SERVER_GROUP, version: IMAGE_SERVER_VERSION, plural: IMAGE_SERVER_PLURAL };
    const lists = this.options.namespaces
      ? await Promise.all(
          this.options.namespaces.map((namespace) =>
            this.call('list', () => this.custom.listNamespacedCustomObject({ ...base, namespace })),
          ),
        )
      : [await this.call('list', () => this.custom.listClusterCustomObject(base))];
    return lists.flatMap((l) => (l as { items: ImageServerResource[] }).items);
  }

  async getServer(namespace: string, name: string): Promise<ImageServerResource | undefined> {
    return this.optional('get', () =>
      this.custom.getNamespacedCustomObject({
        group: IMAGE_SERVER_GROUP,
        version: IMAGE_SERVER_VERSION,
        plural: IMAGE_SERVER_PLURAL,
        namespace,
        name,
      }),
    ) as Promise<ImageServerResource | undefined>;
  }

  async createServer(resource: ImageServerResource): Promise<ImageServerResource> {
    return (await this.call('create', () =>
      this.custom.createNamespacedCustomObject({
        group: IMAGE_SERVER_GROUP,
        version: IMAGE_SERVER_VERSION,
        plural: IMAGE_SERVER_PLURAL,
        namespace: resource.metadata.namespace!,
        body: resource,
        fieldManager: 'backstage-image-server',
      }),
    )) as ImageServerResource;
  }

  async deleteServer(namespace: string, name: string): Promise<void> {
    await this.call('delete', () =>
      this.custom.deleteNamespacedCustomObject({
        group: IMAGE_SERVER_GROUP,
        version: IMAGE_SERVER_VERSION,
        plural: IMAGE_SERVER_PLURAL,
        namespace,
        name,
      }),
    );
  }

  /** The Deployment and HPA the operator named after the server, and the latest Events about them. */
  async getChildren(namespace: string, name: string): Promise<ServerChildren> {
    const [deployment, autoscaler, events] = await Promise.all([
      this.optional('get deployment', () => this.apps.readNamespacedDeployment({ namespace, name })),
      this.optional('get autoscaler', () =>
        this.autoscaling.readNamespacedHorizontalPodAutoscaler({ namespace, name }),
      ),
      this.call('list events', () =>
        this.core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.name=${name}` }),
      ),
    ]);
    return { deployment, autoscaler, events: events.items };
  }

  /** One key of a Secret, decoded; undefined when the Secret or key is missing. */
  async readSecretKey(namespace: string, name: string, key: string): Promise<string | undefined> {
    const secret = await this.optional('read secret', () =>
      this.core.readNamespacedSecret({ namespace, name }),
    );
    const value = secret?.data?.[key];
    return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
  }
}
