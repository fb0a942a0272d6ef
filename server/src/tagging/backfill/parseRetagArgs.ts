import { TAGGER_NAMES, type TaggerName } from '../types';
import { TaggingError } from '../TaggingError';

export interface RetagArgs {
  readonly taggers: TaggerName[];
  /** Every image whose state is missing, outdated or not done (the default selection). */
  readonly all: boolean;
  /** Specific images, instead of `all`. */
  readonly ids: string[];
  /** Re-run even where the tagger is done at its current version. */
  readonly force: boolean;
  readonly concurrency: number;
  readonly batchSize: number;
  readonly progress: boolean;
}

export const RETAG_USAGE =
  'Usage: npm run retag -w server -- --tagger <name>[,<name>] (--all | --id <imageId>...) [--force] [--concurrency N] [--no-progress]';

/**
 * Parses the retag command's arguments; pure.
 * @throws TaggingError INVALID_ARGUMENTS with the usage line.
 */
export function parseRetagArgs(argv: readonly string[]): RetagArgs {
  const fail = (detail: string) => new TaggingError('INVALID_ARGUMENTS', `${detail}\n${RETAG_USAGE}`, false);
  const taggers: TaggerName[] = [];
  const ids: string[] = [];
  let all = false;
  let force = false;
  let progress = true;
  let concurrency = 1;
  let batchSize = 100;
  const value = (i: number, flag: string) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw fail(`${flag} needs a value`);
    return v;
  };
  const positive = (raw: string, flag: string, max: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw fail(`Expected an integer from 1 to ${max} for ${flag} but received ${raw}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    switch (arg) {
      case '--tagger':
      case '--taggers':
        for (const name of value(i++, arg)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)) {
          if (!TAGGER_NAMES.includes(name as TaggerName)) {
            throw fail(`Unknown tagger ${JSON.stringify(name)}; expected one of ${TAGGER_NAMES.join(', ')}`);
          }
          if (!taggers.includes(name as TaggerName)) taggers.push(name as TaggerName);
        }
        break;
      case '--all':
        all = true;
        break;
      case '--id':
        ids.push(value(i++, arg));
        break;
      case '--force':
        force = true;
        break;
      case '--no-progress':
        progress = false;
        break;
      case '--concurrency':
        concurrency = positive(value(i++, arg), arg, 64);
        break;
      case '--batch-size':
        batchSize = positive(value(i++, arg), arg, 10_000);
        break;
      default:
        throw fail(`Unknown argument ${JSON.stringify(arg)}`);
    }
  }
  if (taggers.length === 0) throw fail('Name at least one tagger with --tagger');
  if (all === ids.length > 0) throw fail('Give either --all or one or more --id');
  return { taggers, all, ids, force, concurrency, batchSize, progress };
}
