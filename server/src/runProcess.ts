import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger } from './logging/logger';
import { sizeThreadpool, threadpoolThreads } from './threadpool';

/**
 * The shared shape of a long-running entry point (server, worker): load and validate the
 * configuration (exit 78, EX_CONFIG, naming every bad setting), size the libuv thread pool, log
 * as JSON, start, and stop once on SIGTERM or SIGINT.
 */
export function runProcess(
  start: (config: Config, logger: Logger) => Promise<{ stop(signal: string): Promise<void> }>,
): void {
  const main = async () => {
    let config: Config;
    try {
      config = loadConfig();
    } catch (err) {
      if (err instanceof ConfigError) {
        process.stderr.write(`${err.message}\n`);
        process.exit(78);
      }
      throw err;
    }
    const poolSize = sizeThreadpool(config);
    const logger = createLogger(config);
    process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
    const running = await start(config, logger);
    const threads = threadpoolThreads();
    if (threads && threads < poolSize)
      logger.warn(
        { wanted: poolSize, threads },
        'the libuv thread pool was started before UV_THREADPOOL_SIZE was set: renders and file I/O will queue behind each other',
      );
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      void running.stop(signal).then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'error while stopping');
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  };
  main().catch((err: unknown) => {
    process.stderr.write(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
