import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { ANY } from './migrations/0003-tag-counts';

/** What one image adds to tag_counts: one per (source or `*`, visibility or `*`, name) key. */
type Contribution = Map<string, [source: string, visibility: string, name: string]>;

/**
 * Runs `work`, which may create, change or delete image `imageId` and its tags, then moves tag_counts
 * by the difference between what the image contributed before and after, in the same transaction:
 * counts are exact and never stale, and readers never see a tag change without its count.
 *
 * Every write of image_tags, images.visibility or images (whose deletion cascades to its tags) goes
 * through this, with the image row already locked (on PostgreSQL) so that "before" is what `work`
 * changes. Application code rather than triggers: one implementation for both dialects
 * (PL/pgSQL and SQLite triggers share no syntax), tested the same way on both, and comparing whole
 * before/after states keeps the only subtle rule (a name from two sources counts the image once)
 * in one place instead of in per-row insert, delete and update triggers. The cost is two small
 * reads per write; a write that leaves names and visibility alone (re-tagging with the same
 * result) touches no counter, so concurrent taggers only wait on each other's counter rows when
 * they change the same name. Counter rows are upserted in one statement in a fixed key order, so two
 * transactions never lock them in opposite orders.
 */
export async function keepingTagCounts<T>(
  sequelize: Sequelize,
  imageId: string,
  transaction: Transaction,
  work: () => Promise<T>,
): Promise<T> {
  const before = await contribution(sequelize, imageId, transaction);
  const result = await work();
  const after = await contribution(sequelize, imageId, transaction);
  const changes = [...new Set([...before.keys(), ...after.keys()])]
    .filter((key) => before.has(key) !== after.has(key))
    .sort()
    .map((key) => ({ key: (after.get(key) ?? before.get(key))!, delta: after.has(key) ? 1 : -1 }));
  if (changes.length === 0) return result;

  const replacements: Record<string, unknown> = {};
  const keys = changes.map(({ key: [source, visibility, name], delta }, i) => {
    Object.assign(replacements, {
      [`s${i}`]: source,
      [`v${i}`]: visibility,
      [`n${i}`]: name,
      [`d${i}`]: delta,
    });
    return `:s${i}, :v${i}, :n${i}`;
  });
  await sequelize.query(
    `INSERT INTO tag_counts (source, visibility, name, images) VALUES ${keys.map((k, i) => `(${k}, :d${i})`).join(', ')}
     ON CONFLICT (source, visibility, name) DO UPDATE SET images = tag_counts.images + excluded.images`,
    { replacements, transaction },
  );
  if (changes.some((c) => c.delta < 0)) {
    // A name no image carries any more is not listed, as when counting image_tags.
    await sequelize.query(
      `DELETE FROM tag_counts
        WHERE images <= 0 AND (source, visibility, name) IN (VALUES ${keys.map((k) => `(${k})`).join(', ')})`,
      { replacements, transaction },
    );
  }
  return result;
}

async function contribution(
  sequelize: Sequelize,
  imageId: string,
  transaction: Transaction,
): Promise<Contribution> {
  const rows = await sequelize.query<{ visibility: string; name: string | null; source: string | null }>(
    `SELECT i.visibility, t.name, t.source FROM images i LEFT JOIN image_tags t ON t.image_id = i.id
      WHERE i.id = :imageId`,
    { replacements: { imageId }, transaction, type: QueryTypes.SELECT },
  );
  const keys: Contribution = new Map();
  for (const { visibility, name, source } of rows) {
    if (name === null || source === null) continue;
    for (const s of [source, ANY]) {
      for (const v of [visibility, ANY]) keys.set(`${s}\u0000${v}\u0000${name}`, [s, v, name]);
    }
  }
  return keys;
}

/**
 * The names that start with `prefix` as a half-open range [from, to) in code-point order (to is
 * undefined when no upper bound is needed): `to` is `prefix` with its last code point incremented.
 */
export function prefixRange(prefix: string): { from: string; to?: string } {
  const points = [...prefix].map((c) => c.codePointAt(0)!);
  while (points.length > 0) {
    const last = points.pop()!;
    if (last < 0x10ffff) {
      // Surrogates are no characters: after U+D7FF comes U+E000.
      points.push(last === 0xd7ff ? 0xe000 : last + 1);
      return { from: prefix, to: String.fromCodePoint(...points) };
    }
  }
  return { from: prefix };
}
