import { AppError } from '../errors';
import { normalizeTagName } from './normalizeTagName';
import type { Tag, TagInput } from './types';

const SOURCE = /^[a-z0-9][a-z0-9._:-]{0,31}$/;

/**
 * Validates and normalises tags before they are written: names through `normalizeTagName`, sources
 * checked, confidences in 0…1. Tags that become equal (same name and source) are merged keeping the
 * highest confidence, because the unique key (image, name, source) would refuse them otherwise.
 * The result is sorted by name, then source, which is the order records carry.
 * @throws AppError('INVALID_PARAMETER') naming the first offending tag.
 */
export function normalizeTags(inputs: readonly TagInput[]): Tag[] {
  if (!Array.isArray(inputs)) {
    throw invalid(`Expected a list of tags but received ${typeof inputs}`);
  }
  const byKey = new Map<string, Tag>();
  for (const input of inputs) {
    const name = normalizeTagName(input?.name);
    const source = input.source;
    if (typeof source !== 'string' || !SOURCE.test(source)) {
      throw invalid(
        `Expected a tag source of 1 to 32 characters [a-z0-9._:-] but received ${JSON.stringify(source)} for tag "${name}"`,
      );
    }
    const confidence = input.confidence ?? null;
    if (confidence !== null && !(typeof confidence === 'number' && confidence >= 0 && confidence <= 1)) {
      throw invalid(
        `Expected a tag confidence between 0 and 1 but received ${typeof confidence === 'number' ? String(confidence) : JSON.stringify(confidence)} for tag "${name}"`,
      );
    }
    const key = `${name}\u0000${source}`;
    const seen = byKey.get(key);
    if (!seen || (confidence ?? -1) > (seen.confidence ?? -1)) {
      byKey.set(key, { name, source, confidence });
    }
  }
  return [...byKey.values()].sort(compareTags);
}

/** Order of tags in records: by name, then source (code-point order, the same on every database). */
export function compareTags(a: Tag, b: Tag): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.source < b.source ? -1 : a.source > b.source ? 1 : 0;
}

function invalid(detail: string): AppError {
  return new AppError('INVALID_PARAMETER', detail, { extensions: { parameter: 'tags' } });
}
