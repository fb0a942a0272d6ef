import { invalid } from './parsers';

/** `min_confidence`: a number from 0 to 1 given as a query string. */
export function parseConfidence(value: unknown, name = 'min_confidence'): number {
  const n = typeof value === 'string' && /^\s*(0|1|0?\.\d+|1\.0*)\s*$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 1)) throw invalid(name, 'a number from 0 to 1', value);
  return n;
}

/** `q`: free text of 1 to 200 characters with at least one letter or digit. */
export function parseSearchText(value: unknown, name = 'q'): string {
  if (typeof value !== 'string' || value.length > 200 || !/[\p{L}\p{N}]/u.test(value)) {
    throw invalid(name, 'text of 1 to 200 characters with a letter or digit', value);
  }
  return value;
}

/** A tagger name as used in query strings and bodies (`labels`, `colour`…). */
export function parseTaggerNames(value: unknown, name = 'taggers'): string[] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.some((v) => typeof v !== 'string' || !/^[a-z]{1,32}$/.test(v))
  ) {
    throw invalid(name, 'a non-empty list of tagger names', value);
  }
  return [...new Set(value as string[])];
}
