#!/usr/bin/env node
import { KubeConfig } from '@kubernetes/client-node';
import pino from 'pino';
import { loadOperatorConfig } from './config/loadOperatorConfig';
import { Operator } from './controller/Operator';
import { Metrics } from './metrics/Metrics';
import { startHttpServer } from './metrics/startHttpServer';

/**
 * Entry point of the operator container: configuration from the environment, in-cluster
 * credentials (or KUBECONFIG outside a cluster), health and metrics on HTTP_PORT, leader
 * election, and a graceful stop on SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  const config = loadOperatorConfig();
  const log = pino({
    level: config.logLevel,
    base: { component: 'imageserver-operator', pod: config.leaderElection.identity },
  });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  const metrics = new Metrics({ processMetrics: true });
  const operator = new Operator({ config, kubeConfig, log, metrics });
  const http = await startHttpServer(config.httpPort, metrics, { live: () => true, ready: () => true });
  await operator.start();
  log.info({ port: config.httpPort }, 'operator started');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // Kubernetes sends SIGKILL after terminationGracePeriodSeconds; finish well before that.
    const force = setTimeout(() => process.exit(1), 25_000);
    force.unref();
    await operator.stop();
    http.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  // Configuration errors list every problem; print them plainly for `kubectl logs`.
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
