import type { Logger } from 'pino';
import { KubeApiError, type KubeClient } from '../kube/KubeClient';
import type { LeaderElectionConfig } from '../config/types';
import type { KubeObject } from '../resources/types';

type Lease = KubeObject & {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
};

/** Kubernetes MicroTime: RFC 3339 with microseconds. */
const microTime = (d: Date) => d.toISOString().replace(/Z$/, '000Z');

/**
 * Leader election on a `coordination.k8s.io/v1` Lease, as client-go does it: the holder renews
 * the Lease; others take it over when it has not changed for `leaseDurationSeconds` as measured
 * on their own clock (so clock skew between nodes does not matter). Writes are conditional on
 * resourceVersion, so two candidates can never both win. On shutdown the holder releases the
 * Lease so that another replica takes over at once.
 */
export class LeaderElector {
  private leading = false;
  private stopped = false;
  private observed?: { record: string; at: number };
  private lastRenew = 0;
  private wake?: () => void;

  constructor(
    private readonly kube: KubeClient,
    private readonly namespace: string,
    private readonly config: LeaderElectionConfig,
    private readonly log: Logger,
  ) {}

  get isLeader(): boolean {
    return this.leading;
  }

  /**
   * Campaigns until stopped. Calls `onStarted` on winning and `onStopped` when leadership is lost
   * (the Lease could not be renewed in time, or another holder appeared) or released.
   */
  async run(onStarted: () => Promise<void> | void, onStopped: () => Promise<void> | void): Promise<void> {
    while (!this.stopped) {
      const ok = await this.tryAcquireOrRenew().catch((err: unknown) => {
        this.log.warn({ err }, 'lease request failed');
        return false;
      });
      if (this.stopped) break;
      if (ok) {
        this.lastRenew = Date.now();
        if (!this.leading) {
          this.leading = true;
          this.log.info({ identity: this.config.identity }, 'became leader');
          // Not awaited: renewing the Lease must go on while the controllers start.
          void Promise.resolve()
            .then(onStarted)
            .catch((err: unknown) => this.log.error({ err }, 'starting the controllers failed'));
        }
      } else if (
        this.leading &&
        (!this.stillHolder() || Date.now() - this.lastRenew > this.renewDeadlineMs())
      ) {
        this.leading = false;
        this.log.warn({ identity: this.config.identity }, 'lost leadership');
        await onStopped();
      }
      await this.sleep(
        (this.leading ? this.config.renewPeriodSeconds : this.config.retryPeriodSeconds) * 1000,
      );
    }
  }

  /** Stops campaigning; a leader releases the Lease (holderIdentity emptied). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    if (!this.leading) return;
    this.leading = false;
    try {
      const lease = await this.kube.get<Lease>(this.ref());
      if (lease && lease.spec.holderIdentity === this.config.identity) {
        const now = microTime(new Date());
        await this.kube.replace(
          { ...lease, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: now } },
          'imageserver-operator',
        );
      }
    } catch (err) {
      this.log.warn({ err }, 'could not release the lease');
    }
  }

  private heldByOther = false;

  private stillHolder(): boolean {
    return !this.heldByOther;
  }

  private renewDeadlineMs(): number {
    return (this.config.leaseDurationSeconds * 1000 * 2) / 3;
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = new Date();
    const { identity, leaseDurationSeconds } = this.config;
    const lease = await this.kube.get<Lease>(this.ref());
    if (!lease) {
      const created: Lease = {
        ...this.ref(),
        metadata: { name: this.config.leaseName, namespace: this.namespace },
        spec: {
          holderIdentity: identity,
          leaseDurationSeconds,
          acquireTime: microTime(now),
          renewTime: microTime(now),
          leaseTransitions: 0,
        },
      };
      return this.write(() => this.kube.create(created, 'imageserver-operator'));
    }
    const holder = lease.spec.holderIdentity ?? '';
    const record = JSON.stringify([holder, lease.spec.renewTime, lease.spec.leaseDurationSeconds]);
    if (this.observed?.record !== record) this.observed = { record, at: now.getTime() };
    this.heldByOther = holder !== '' && holder !== identity;
    if (this.heldByOther) {
      const duration = (lease.spec.leaseDurationSeconds ?? leaseDurationSeconds) * 1000;
      if (now.getTime() < this.observed.at + duration) return false;
    }
    const mine = holder === identity;
    const next: Lease = {
      ...lease,
      spec: {
        holderIdentity: identity,
        leaseDurationSeconds,
        acquireTime: mine ? lease.spec.acquireTime : microTime(now),
        renewTime: microTime(now),
        leaseTransitions: (lease.spec.leaseTransitions ?? 0) + (mine ? 0 : 1),
      },
    };
    const ok = await this.write(() => this.kube.replace(next, 'imageserver-operator'));
    if (ok) this.heldByOther = false;
    return ok;
  }

  private async write(fn: () => Promise<unknown>): Promise<boolean> {
    try {
      await fn();
      return true;
    } catch (err) {
      if (err instanceof KubeApiError && (err.statusCode === 409 || err.statusCode === 422)) return false;
      throw err;
    }
  }

  private ref() {
    return {
      apiVersion: 'coordination.k8s.io/v1' as const,
      kind: 'Lease' as const,
      namespace: this.namespace,
      name: this.config.leaseName,
    };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
