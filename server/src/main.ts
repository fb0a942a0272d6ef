import { createServer as createHttpServer } from 'node:http';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logging/logger';
import { createServer } from './createServer';

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

  const server = await createServer(config, { logger });
  const http = createHttpServer(server.app);
  // Keep-alive longer than a load balancer's idle timeout (ALB: 60 s) avoids 502s on reuse.
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  http.requestTimeout = 15 * 60_000; // large uploads on slow links
  await new Promise<void>((resolve) => http.listen(config.port, config.host, resolve));
  logger.info(
    {
      port: config.port,
      database: config.databaseUrl.split(':')[0],
      storage: config.s3 ? 's3' : 'fs',
      redis: Boolean(config.redisUrl),
    },
    'image server listening',
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    const deadline = setTimeout(() => {
      logger.warn('in-flight requests did not finish in time; closing connections');
      http.closeAllConnections();
    }, config.shutdownTimeoutMs);
    deadline.unref();
    http.close(async () => {
      await server.close();
      logger.info('stopped');
      process.exit(0);
    });
    http.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
