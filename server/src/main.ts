import './threadpoolFirst'; // first: sizes libuv's thread pool before anything uses it
import { createServer as createHttpServer } from 'node:http';
import { createServer } from './createServer';
import { runProcess } from './runProcess';

/** Entry point of the image server (`node dist/main.js`). */
runProcess(async (config, logger) => {
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

  return {
    stop: (signal) =>
      new Promise<void>((resolve) => {
        logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
        const deadline = setTimeout(() => {
          logger.warn('in-flight requests did not finish in time; closing connections');
          http.closeAllConnections();
        }, config.shutdownTimeoutMs);
        deadline.unref();
        http.close(async () => {
          await server.close();
          logger.info('stopped');
          resolve();
        });
        http.closeIdleConnections();
      }),
  };
});
