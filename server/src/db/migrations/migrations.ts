import { initialSchema } from './0001-initial-schema';
import { taggingSchema } from './0002-tagging';
import { tagCountsSchema } from './0003-tag-counts';
import type { Migration } from './types';

/**
 * Every migration, oldest first. Listed by hand rather than globbed so that the same list runs from
 * src/ under jest and from dist/ in production. Append only.
 */
export const migrations: readonly Migration[] = [initialSchema, taggingSchema, tagCountsSchema];
