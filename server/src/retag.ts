import { SingleBar, Presets } from 'cli-progress';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logging/logger';
import { parseRetagArgs, runBackfill } from './tagging/backfill';
import { openTaggingDeps } from './tagging/openTaggingDeps';
import { TaggingError } from './tagging/TaggingError';

/**
 * `npm run retag -w server -- --tagger labels --all`: re-runs taggers whose version changed (or
 * that failed) over the stored images, in this process, with a progress bar. Interrupt it any
 * time; the same command continues where it stopped.
 */
async function main(): Promise<number> {
  let args;
  let config;
  try {
    args = parseRetagArgs(process.argv.slice(2));
    config = loadConfig();
  } catch (err) {
    if (err instanceof TaggingError || err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 64; // EX_USAGE
    }
    throw err;
  }
  // Logs would tear the progress bar: keep them to warnings unless asked.
  const logger = createLogger({ ...config, logLevel: process.env.LOG_LEVEL ? config.logLevel : 'warn' });
  const deps = await openTaggingDeps(
    {
      ...config,
      tagging: { ...config.tagging, taggers: [...new Set([...config.tagging.taggers, ...args.taggers])] },
    },
    { logger },
  );
  const bar = new SingleBar(
    { format: 'retag [{bar}] {percentage}% | {value}/{total} | ETA {eta}s', hideCursor: true },
    Presets.shades_classic,
  );
  try {
    const result = await runBackfill(args, {
      db: deps.db,
      runner: deps.runner,
      progress: args.progress
        ? { start: (total) => bar.start(total, 0), increment: () => bar.increment(), stop: () => bar.stop() }
        : undefined,
    });
    process.stdout.write(`retag: ${result.processed} processed, ${result.failed} failed\n`);
    return result.failed > 0 ? 1 : 0;
  } catch (err) {
    bar.stop();
    if (err instanceof TaggingError) {
      process.stderr.write(`${err.message}\n`);
      return 64;
    }
    throw err;
  } finally {
    await deps.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
