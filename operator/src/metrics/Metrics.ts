import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The operator's Prometheus metrics, in their own registry (no global state between tests). */
export class Metrics {
  readonly registry = new Registry();
  readonly reconciles = new Counter({
    name: 'imageserver_operator_reconciles_total',
    help: 'Reconciles by result (success, requeue, conflict, terminal, error).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'imageserver_operator_reconcile_errors_total',
    help: 'Failed reconciles by error code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'imageserver_operator_reconcile_duration_seconds',
    help: 'Time per reconcile.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'imageserver_operator_workqueue_depth',
    help: 'Keys waiting in the work queue.',
    registers: [this.registry],
  });
  readonly awsCalls = new Counter({
    name: 'imageserver_operator_aws_calls_total',
    help: 'AWS API calls by service, operation and outcome.',
    labelNames: ['service', 'operation', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly kubeRequests = new Counter({
    name: 'imageserver_operator_kube_requests_total',
    help: 'Kubernetes API requests by verb, resource and status code.',
    labelNames: ['verb', 'resource', 'code'] as const,
    registers: [this.registry],
  });
  readonly leader = new Gauge({
    name: 'imageserver_operator_leader',
    help: '1 while this replica holds the leader Lease.',
    registers: [this.registry],
  });
  private countServers: () => number = () => 0;
  readonly managedServers: Gauge = new Gauge({
    name: 'imageserver_operator_imageservers',
    help: 'ImageServers in the informer cache.',
    registers: [this.registry],
    collect: (): void => this.managedServers.set(this.countServers()),
  });

  /** Where the ImageServer count comes from, read at scrape time. */
  setServerCount(fn: () => number): void {
    this.countServers = fn;
  }

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
