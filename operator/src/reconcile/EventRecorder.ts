import type { Logger } from 'pino';
import type { ImageServer } from '../crd/types';
import type { KubeClient } from '../kube/KubeClient';

const COMPONENT = 'imageserver-operator';

/**
 * Records core/v1 Events on an ImageServer (what `kubectl describe imgs` shows). An Event that
 * cannot be written is logged and dropped: events are for humans and must never fail a reconcile.
 */
export class EventRecorder {
  private sequence = 0;

  constructor(
    private readonly kube: KubeClient | undefined,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
    private readonly host = COMPONENT,
  ) {}

  normal(server: ImageServer, reason: string, message: string): Promise<void> {
    return this.record(server, 'Normal', reason, message);
  }

  warning(server: ImageServer, reason: string, message: string): Promise<void> {
    return this.record(server, 'Warning', reason, message);
  }

  private async record(
    server: ImageServer,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ): Promise<void> {
    const at = this.now().toISOString();
    const { name, namespace, uid, resourceVersion } = server.metadata;
    this.log[type === 'Normal' ? 'info' : 'warn']({ imageServer: `${namespace}/${name}`, reason }, message);
    if (!this.kube) return;
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        // Unique per event like client-go's recorder: owner name plus a time-ordered suffix.
        name: `${name}.${Date.parse(at).toString(16)}${(this.sequence++ % 4096).toString(16).padStart(3, '0')}`,
        namespace,
      },
      involvedObject: {
        apiVersion: server.apiVersion,
        kind: server.kind,
        name,
        namespace,
        uid,
        resourceVersion,
      },
      type,
      reason,
      message: message.slice(0, 1024),
      source: { component: COMPONENT, host: this.host },
      reportingComponent: COMPONENT,
      reportingInstance: this.host,
      firstTimestamp: at,
      lastTimestamp: at,
      eventTime: new Date(at).toISOString().replace('Z', '000Z'),
      action: reason,
      count: 1,
    };
    try {
      await this.kube.create(event, COMPONENT);
    } catch (err) {
      this.log.warn({ err, reason }, 'could not record event');
    }
  }
}
