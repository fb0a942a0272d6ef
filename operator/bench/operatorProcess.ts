/**
 * The operator under benchmark, in a process of its own so that its memory is measured alone.
 * Reads the kubeconfig from argv[2]; answers `stats` and `resync` messages over IPC.
 */
import { KubeConfig } from '@kubernetes/client-node';
import pino from 'pino';
import { loadOperatorConfig } from '../src/config/loadOperatorConfig';
import { Operator } from '../src/controller/Operator';
import { memoryS3 } from './memoryS3';

async function main() {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(process.argv[2]!);
  const s3 = memoryS3();
  const operator = new Operator({
    config: loadOperatorConfig({
      LEADER_ELECTION: 'false',
      CONCURRENCY: process.env.CONCURRENCY ?? '8',
      RESYNC_SECONDS: '3600',
      LOG_LEVEL: 'silent',
    }),
    kubeConfig,
    log: pino({ level: 'silent' }),
    s3: () => s3.client,
  });
  let peakRss = process.memoryUsage().rss;
  setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20).unref();
  await operator.start();
  process.on('message', (msg: { type: string }) => {
    if (msg.type === 'resync') operator.resync();
    if (msg.type === 'stats') {
      (globalThis as { gc?: () => void }).gc?.();
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      process.send!({
        type: 'stats',
        idle: operator.idle(),
        counts: operator.counts,
        peakRss,
        heapUsed: process.memoryUsage().heapUsed,
        awsCalls: s3.calls(),
      });
    }
    if (msg.type === 'stop') void operator.stop().then(() => process.exit(0));
  });
  process.send!({ type: 'started' });
}

void main();
