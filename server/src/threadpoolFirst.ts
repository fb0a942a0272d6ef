/**
 * Imported first by the entry points, before the modules whose loading may already use libuv's
 * thread pool, which libuv sizes once, on first use (see threadpool.ts). Invalid settings are
 * left for runProcess to report.
 */
import { loadConfig } from './config';
import { sizeThreadpool } from './threadpool';

try {
  sizeThreadpool(loadConfig());
} catch {
  // reported by runProcess
}
