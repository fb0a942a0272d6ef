import './threadpoolFirst'; // first: sizes libuv's thread pool before anything uses it
import { runProcess } from './runProcess';
import { runWorker } from './tagging/queue';

/** Entry point of `npm run worker` (`node dist/worker.js` in the container): the tagging worker. */
runProcess(async (config, logger) => {
  const worker = await runWorker(config, { logger });
  return {
    async stop(signal) {
      logger.info({ signal }, 'tagging worker stopping');
      await worker.stop();
    },
  };
});
