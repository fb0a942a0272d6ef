/**
 * A tagging worker process for tests: the real runWorker with the configured taggers, short lock
 * and stall intervals (so a killed worker's job is taken over within a second or two), and with
 * SLOW_TAGGERS=1 taggers that announce the job on stdout and then never finish (to be killed mid-job).
 */
import { loadConfig } from '../../../config';
import { createLogger } from '../../../logging/logger';
import { createTaggers } from '../../createTaggers';
import type { Tagger } from '../../types';
import { runWorker } from '../runWorker';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  let taggers: Tagger[] = createTaggers(config.tagging, logger);
  if (process.env.SLOW_TAGGERS === '1') {
    taggers = taggers.map((t) => ({
      ...t,
      tag: async ({ image }) => {
        process.stdout.write(`active ${image.id}\n`);
        return new Promise<never>(() => undefined);
      },
    }));
  }
  const worker = await runWorker(config, { logger, taggers, lockDurationMs: 1000, stalledIntervalMs: 500 });
  process.stdout.write('ready\n');
  process.on('SIGTERM', () => void worker.stop().then(() => process.exit(0)));
}

void main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${String(err)}\n`);
  process.exit(1);
});
