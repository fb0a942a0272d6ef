import { readdirSync, readFileSync } from 'node:fs';
import type { Config } from './config';

/** Pool threads kept free of long work, for file, DNS and crypto requests. */
const IO_THREADS = 4;

/**
 * The libuv thread pool size this configuration needs. Every sharp pipeline (renders and taggers)
 * holds a pool thread from start to finish, and the pool has 4 threads unless told otherwise; with
 * 4 renders running, each file read or write (source, stored variant, SQLite) would queue behind a
 * render (the transform benchmark went from 25 to 27 cold renders/s once I/O had threads of its own).
 */
export function threadpoolSize(config: Pick<Config, 'transform' | 'tagging'>): number {
  const tagging = config.tagging.mode === 'inline' ? config.tagging.concurrency : 0;
  return Math.min(1024, config.transform.concurrency + tagging + IO_THREADS);
}

/**
 * Sizes the pool unless UV_THREADPOOL_SIZE is set. libuv reads the variable once, when the pool is
 * first used, so this must run before any asynchronous file, DNS or sharp call: entry points call
 * it first thing after loading the configuration.
 */
export function sizeThreadpool(config: Pick<Config, 'transform' | 'tagging'>): number {
  process.env.UV_THREADPOOL_SIZE ||= String(threadpoolSize(config));
  return Number(process.env.UV_THREADPOOL_SIZE);
}

/** Threads libuv has started in this process (Linux; undefined elsewhere or before first use). */
export function threadpoolThreads(): number | undefined {
  try {
    return readdirSync('/proc/self/task').filter((task) =>
      readFileSync(`/proc/self/task/${task}/comm`, 'utf8').startsWith('libuv-worker'),
    ).length;
  } catch {
    return undefined;
  }
}
