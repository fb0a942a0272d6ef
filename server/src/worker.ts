import { ConfigError, loadConfig } from './config';
import { createLogger } from './logging/logger';
import { runWorker } from './tagging/queue';

/** Entry point of `npm run worker` (`node dist/worker.js` in the container): the tagging worker. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger(config);
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
  const worker = await runWorker(config, { logger });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'tagging worker stopping');
    void worker.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
