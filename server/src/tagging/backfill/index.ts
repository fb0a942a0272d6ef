export { parseRetagArgs, RETAG_USAGE, type RetagArgs } from './parseRetagArgs';
export { runBackfill, type BackfillProgress, type BackfillResult } from './runBackfill';
