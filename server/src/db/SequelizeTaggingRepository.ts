import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { AppError } from '../errors';
import { PHASH_BANDS } from './migrations/0002-tagging';
import { ANY } from './migrations/0003-tag-counts';
import { normalizeTagName } from './normalizeTagName';
import { normalizeTags } from './normalizeTags';
import { runTransaction } from './runTransaction';
import { keepingTagCounts, prefixRange } from './tagCounts';
import type {
  ImageAnalysis,
  ModerationStatus,
  SimilarImage,
  TagCount,
  TaggerId,
  TaggerOutcome,
  TaggerState,
  TaggingRepository,
  TaggingStatus,
  Visibility,
} from './types';
import { withDatabaseErrors } from './withDatabaseErrors';

/** Tag sources whose names make up an image's free text (q=). */
export const SEARCHABLE_SOURCES = ['labels', 'colour', 'ocr'] as const;
/** Near-duplicate search finds every hash within this distance (eight 8-bit bands, pigeonhole). */
export const MAX_SIMILAR_DISTANCE = PHASH_BANDS.length - 1;
const ERROR_LENGTH = 1000;

type Row = Record<string, unknown>;

/** TaggingRepository in plain SQL that PostgreSQL and SQLite (≥ 3.24, for ON CONFLICT) both run. */
export class SequelizeTaggingRepository implements TaggingRepository {
  private readonly postgres: boolean;

  constructor(private readonly sequelize: Sequelize) {
    this.postgres = sequelize.getDialect() === 'postgres';
  }

  async markPending(
    imageId: string,
    taggers: readonly TaggerId[],
    options: { reset?: boolean } = {},
  ): Promise<boolean> {
    return this.transaction(async (transaction) => {
      if (!(await this.lockImage(imageId, transaction))) return false;
      for (const tagger of taggers) {
        const conflict = options.reset
          ? `DO UPDATE SET version = excluded.version, status = excluded.status, attempts = 0, error = NULL, updated_at = excluded.updated_at`
          : 'DO NOTHING';
        await this.run(
          `INSERT INTO image_tagging (image_id, tagger, version, status, attempts, error, updated_at)
           VALUES (:imageId, :tagger, :version, 'pending', 0, NULL, :now)
           ON CONFLICT (image_id, tagger) ${conflict}`,
          { imageId, tagger: tagger.name, version: tagger.version, now: new Date() },
          transaction,
        );
      }
      return true;
    });
  }

  async states(imageIds: readonly string[]): Promise<Map<string, TaggerState[]>> {
    const result = new Map<string, TaggerState[]>(imageIds.map((id) => [id, []]));
    if (imageIds.length === 0) return result;
    const rows = await this.select(
      `SELECT image_id, tagger, version, status, attempts, error, updated_at FROM image_tagging
        WHERE image_id IN (:ids) ORDER BY tagger`,
      { ids: [...imageIds] },
    );
    for (const row of rows) {
      result.get(String(row.image_id))?.push({
        tagger: String(row.tagger),
        version: Number(row.version),
        status: row.status as TaggingStatus,
        attempts: Number(row.attempts),
        error: (row.error as string | null) ?? null,
        updatedAt: toDate(row.updated_at),
      });
    }
    return result;
  }

  async analyses(imageIds: readonly string[]): Promise<Map<string, ImageAnalysis>> {
    const result = new Map<string, ImageAnalysis>();
    if (imageIds.length === 0) return result;
    const rows = await this.select(
      `SELECT image_id, placeholder, phash, palette, moderation_status, moderation_scores, text
         FROM image_analysis WHERE image_id IN (:ids)`,
      { ids: [...imageIds] },
    );
    for (const row of rows) {
      const status = row.moderation_status as ModerationStatus | null;
      result.set(String(row.image_id), {
        placeholder: (row.placeholder as string | null) ?? null,
        phash: (row.phash as string | null) ?? null,
        palette: parseJson<string[]>(row.palette),
        moderation: status
          ? { status, scores: parseJson<Record<string, number>>(row.moderation_scores) ?? {} }
          : null,
        text: (row.text as string | null) ?? null,
      });
    }
    return result;
  }

  async recordResult(
    imageId: string,
    tagger: TaggerId,
    outcome: TaggerOutcome,
  ): Promise<{ held: boolean } | undefined> {
    const tags = normalizeTags(outcome.tags.map((t) => ({ ...t, source: tagger.name })));
    const analysis = outcome.analysis ?? {};
    if (analysis.phash !== undefined && analysis.phash !== null && !/^[0-9a-f]{16}$/.test(analysis.phash)) {
      throw new AppError(
        'INVALID_PARAMETER',
        `Expected 16 hex digits for phash but received ${analysis.phash}`,
      );
    }
    return this.changeImage(imageId, async (image, transaction) => {
      const suppressed = new Set(
        (
          await this.select(
            'SELECT name FROM image_tag_suppressions WHERE image_id = :imageId AND source = :source',
            { imageId, source: tagger.name },
            transaction,
          )
        ).map((r) => String(r.name)),
      );
      await this.run(
        'DELETE FROM image_tags WHERE image_id = :imageId AND source = :source',
        { imageId, source: tagger.name },
        transaction,
      );
      for (const tag of tags.filter((t) => !suppressed.has(t.name))) {
        await this.run(
          'INSERT INTO image_tags (image_id, name, source, confidence) VALUES (:imageId, :name, :source, :confidence)',
          { imageId, ...tag },
          transaction,
        );
      }

      await this.run(
        'INSERT INTO image_analysis (image_id) VALUES (:imageId) ON CONFLICT (image_id) DO NOTHING',
        { imageId },
        transaction,
      );
      const sets: string[] = [];
      const values: Record<string, unknown> = { imageId };
      if (analysis.placeholder !== undefined) {
        sets.push('placeholder = :placeholder');
        values.placeholder = analysis.placeholder;
      }
      if (analysis.phash !== undefined) {
        sets.push('phash = :phash');
        values.phash = analysis.phash;
        const bands = phashBands(analysis.phash);
        for (const band of PHASH_BANDS) {
          sets.push(`phash_${band} = :phash_${band}`);
          values[`phash_${band}`] = bands?.[band] ?? null;
        }
      }
      if (analysis.palette !== undefined) {
        sets.push('palette = :palette');
        values.palette = analysis.palette === null ? null : JSON.stringify(analysis.palette);
      }
      if (analysis.text !== undefined) {
        sets.push('text = :text');
        values.text = analysis.text;
      }
      let held = false;
      if (analysis.moderation) {
        const [current] = await this.select(
          'SELECT moderation_status, held_visibility FROM image_analysis WHERE image_id = :imageId',
          { imageId },
          transaction,
        );
        const previous = (current?.moderation_status as ModerationStatus | null) ?? null;
        const { flagged, hold, scores } = analysis.moderation;
        let status: ModerationStatus = flagged ? (hold ? 'held' : 'flagged') : 'clean';
        // An admin's approval outlives re-tagging.
        if (previous === 'approved' && flagged) status = 'approved';
        sets.push('moderation_status = :moderationStatus', 'moderation_scores = :moderationScores');
        values.moderationStatus = status;
        values.moderationScores = JSON.stringify(scores);
        if (status === 'held' && previous !== 'held') {
          held = true;
          // A pending image was stored private and already keeps the visibility it asked for.
          if (previous !== 'pending') {
            sets.push('held_visibility = :heldVisibility');
            values.heldVisibility = image.visibility;
            await this.setVisibility(imageId, 'private', transaction);
          }
        } else if (status !== 'held' && (previous === 'held' || previous === 'pending')) {
          // Moderation passed, or a newer model version no longer flags it: give the image its visibility.
          sets.push('held_visibility = NULL');
          await this.setVisibility(
            imageId,
            (current?.held_visibility as Visibility) ?? 'private',
            transaction,
          );
        }
      }
      if (sets.length > 0) {
        await this.run(
          `UPDATE image_analysis SET ${sets.join(', ')} WHERE image_id = :imageId`,
          values,
          transaction,
        );
      }
      await this.rebuildSearchText(imageId, transaction);
      await this.run(
        `INSERT INTO image_tagging (image_id, tagger, version, status, attempts, error, updated_at)
         VALUES (:imageId, :tagger, :version, 'done', 0, NULL, :now)
         ON CONFLICT (image_id, tagger) DO UPDATE SET version = excluded.version, status = 'done',
           attempts = 0, error = NULL, updated_at = excluded.updated_at`,
        { imageId, tagger: tagger.name, version: tagger.version, now: new Date() },
        transaction,
      );
      return { held };
    });
  }

  async recordFailure(
    imageId: string,
    tagger: TaggerId,
    error: string,
    options: { final: boolean },
  ): Promise<void> {
    await this.transaction(async (transaction) => {
      if (!(await this.lockImage(imageId, transaction))) return;
      await this.run(
        `INSERT INTO image_tagging (image_id, tagger, version, status, attempts, error, updated_at)
         VALUES (:imageId, :tagger, :version, :status, 1, :error, :now)
         ON CONFLICT (image_id, tagger) DO UPDATE SET version = excluded.version, status = excluded.status,
           attempts = image_tagging.attempts + 1, error = excluded.error, updated_at = excluded.updated_at`,
        {
          imageId,
          tagger: tagger.name,
          version: tagger.version,
          status: options.final ? 'failed' : 'pending',
          error: error.slice(0, ERROR_LENGTH),
          now: new Date(),
        },
        transaction,
      );
    });
  }

  async outdated(tagger: TaggerId, options: { afterId?: string; limit: number }): Promise<string[]> {
    const rows = await this.select(
      `SELECT i.id FROM images i
         LEFT JOIN image_tagging s ON s.image_id = i.id AND s.tagger = :tagger
        WHERE ${options.afterId === undefined ? '' : 'i.id > :afterId AND'}
              (s.image_id IS NULL OR s.version <> :version OR s.status <> 'done')
        ORDER BY i.id LIMIT :limit`,
      {
        tagger: tagger.name,
        version: tagger.version,
        afterId: options.afterId ?? null,
        limit: options.limit,
      },
    );
    return rows.map((r) => String(r.id));
  }

  async countOutdated(tagger: TaggerId): Promise<number> {
    const [row] = await this.select(
      `SELECT COUNT(*) AS n FROM images i
         LEFT JOIN image_tagging s ON s.image_id = i.id AND s.tagger = :tagger
        WHERE s.image_id IS NULL OR s.version <> :version OR s.status <> 'done'`,
      { tagger: tagger.name, version: tagger.version },
    );
    return Number(row?.n ?? 0);
  }

  async invalidate(tagger: string): Promise<number> {
    return this.transaction(async (transaction) => {
      const [row] = await this.select(
        `SELECT COUNT(*) AS n FROM image_tagging WHERE tagger = :tagger AND status <> 'pending'`,
        { tagger },
        transaction,
      );
      await this.run(
        `UPDATE image_tagging SET status = 'pending', attempts = 0, error = NULL, updated_at = :now
          WHERE tagger = :tagger AND status <> 'pending'`,
        { tagger, now: new Date() },
        transaction,
      );
      return Number(row?.n ?? 0);
    });
  }

  async removeAutomaticTag(imageId: string, name: string, source?: string): Promise<number> {
    const normalized = normalizeTagName(name);
    const removed = await this.changeImage(imageId, async (_image, transaction) => {
      const rows = await this.select(
        `SELECT source FROM image_tags WHERE image_id = :imageId AND name = :name AND source <> 'user'
         ${source === undefined ? '' : 'AND source = :source'}`,
        { imageId, name: normalized, source: source ?? null },
        transaction,
      );
      for (const row of rows) {
        await this.run(
          `INSERT INTO image_tag_suppressions (image_id, name, source) VALUES (:imageId, :name, :source)
           ON CONFLICT (image_id, name, source) DO NOTHING`,
          { imageId, name: normalized, source: row.source },
          transaction,
        );
        await this.run(
          'DELETE FROM image_tags WHERE image_id = :imageId AND name = :name AND source = :source',
          { imageId, name: normalized, source: row.source },
          transaction,
        );
      }
      if (rows.length > 0) {
        await this.run(
          'UPDATE images SET updated_at = :now WHERE id = :imageId',
          { imageId, now: new Date() },
          transaction,
        );
        await this.rebuildSearchText(imageId, transaction);
      }
      return rows.length;
    });
    return removed ?? 0;
  }

  async approve(imageId: string): Promise<boolean> {
    const approved = await this.changeImage(imageId, async (_image, transaction) => {
      const [row] = await this.select(
        'SELECT moderation_status, held_visibility FROM image_analysis WHERE image_id = :imageId',
        { imageId },
        transaction,
      );
      if (row?.moderation_status !== 'held' && row?.moderation_status !== 'pending') return false;
      await this.setVisibility(imageId, (row.held_visibility as Visibility | null) ?? 'private', transaction);
      await this.run(
        `UPDATE image_analysis SET moderation_status = 'approved', held_visibility = NULL WHERE image_id = :imageId`,
        { imageId },
        transaction,
      );
      return true;
    });
    return approved ?? false;
  }

  /**
   * Reads tag_counts (kept exact by every write, see keepingTagCounts): the first `limit` entries of
   * one index range, or the names in a prefix range sorted by count. `prefix` is case-folded.
   */
  async tagCounts(query: {
    prefix?: string;
    source?: string;
    visibility?: Visibility;
    limit: number;
  }): Promise<TagCount[]> {
    // No tag has the source that stands for every source (tags are checked by normalizeTags).
    if (query.source === ANY) return [];
    const range = query.prefix ? prefixRange(query.prefix.toLowerCase()) : undefined;
    const name = `name${this.postgres ? ' COLLATE "C"' : ''}`;
    // A prefix picks a few names: find them through the name range, then sort them. (`+images` keeps
    // SQLite from walking the whole most-used-first index for its order instead.)
    const rows = await this.select(
      `SELECT name, images FROM tag_counts
        WHERE source = :source AND visibility = :visibility
              ${range ? `AND ${name} >= :from` : ''} ${range?.to === undefined ? '' : `AND ${name} < :to`}
        ORDER BY ${range ? '+' : ''}images DESC, name ASC LIMIT :limit`,
      {
        source: query.source || ANY,
        visibility: query.visibility || ANY,
        from: range?.from ?? null,
        to: range?.to ?? null,
        limit: query.limit,
      },
    );
    return rows.map((r) => ({ name: String(r.name), count: Number(r.images) }));
  }

  async similar(
    imageId: string,
    options: { maxDistance: number; limit: number; visibility?: Visibility },
  ): Promise<SimilarImage[]> {
    const [own] = await this.select('SELECT phash FROM image_analysis WHERE image_id = :imageId', {
      imageId,
    });
    const phash = own?.phash as string | null | undefined;
    if (!phash) return [];
    const bands = phashBands(phash)!;
    const rows = await this.select(
      `SELECT a.image_id, a.phash FROM image_analysis a
         ${options.visibility ? 'JOIN images i ON i.id = a.image_id AND i.visibility = :visibility' : ''}
        WHERE a.image_id <> :imageId AND (${PHASH_BANDS.map((b) => `a.phash_${b} = :b${b}`).join(' OR ')})`,
      {
        imageId,
        visibility: options.visibility ?? null,
        ...Object.fromEntries(PHASH_BANDS.map((b) => [`b${b}`, bands[b]])),
      },
    );
    return rows
      .map((r) => ({ id: String(r.image_id), distance: hammingDistance(phash, String(r.phash)) }))
      .filter((r) => r.distance <= options.maxDistance)
      .sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : 1))
      .slice(0, options.limit);
  }

  /**
   * In one transaction: locks the image, runs `work` and moves tag_counts by what it changed (tags or
   * visibility). Undefined when the image does not exist.
   */
  private changeImage<T>(
    imageId: string,
    work: (image: { visibility: Visibility }, transaction: Transaction) => Promise<T>,
  ): Promise<T | undefined> {
    return this.transaction(async (transaction) => {
      const image = await this.lockImage(imageId, transaction);
      if (!image) return undefined;
      return keepingTagCounts(this.sequelize, imageId, transaction, () => work(image, transaction));
    });
  }

  /** Row lock on the image (PostgreSQL; SQLite transactions are serialised anyway); undefined when missing. */
  private async lockImage(
    imageId: string,
    transaction: Transaction,
  ): Promise<{ visibility: Visibility } | undefined> {
    const [row] = await this.select(
      `SELECT visibility FROM images WHERE id = :imageId${this.postgres ? ' FOR UPDATE' : ''}`,
      { imageId },
      transaction,
    );
    return row ? { visibility: row.visibility as Visibility } : undefined;
  }

  private setVisibility(imageId: string, visibility: Visibility, transaction: Transaction): Promise<void> {
    return this.run(
      'UPDATE images SET visibility = :visibility, updated_at = :now WHERE id = :imageId',
      { imageId, visibility, now: new Date() },
      transaction,
    );
  }

  private async rebuildSearchText(imageId: string, transaction: Transaction): Promise<void> {
    const names = await this.select(
      `SELECT name FROM image_tags WHERE image_id = :imageId AND source IN (:sources) ORDER BY name`,
      { imageId, sources: [...SEARCHABLE_SOURCES] },
      transaction,
    );
    const [analysis] = await this.select(
      'SELECT text FROM image_analysis WHERE image_id = :imageId',
      { imageId },
      transaction,
    );
    const text = [...names.map((r) => String(r.name)), (analysis?.text as string | null) ?? '']
      .join(' ')
      .toLowerCase()
      .trim();
    await this.run(
      'INSERT INTO image_analysis (image_id) VALUES (:imageId) ON CONFLICT (image_id) DO NOTHING',
      { imageId },
      transaction,
    );
    await this.run(
      'UPDATE image_analysis SET search_text = :text WHERE image_id = :imageId',
      { imageId, text: text || null },
      transaction,
    );
  }

  private transaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
    return withDatabaseErrors(() => runTransaction(this.sequelize, work));
  }

  private async run(
    sql: string,
    replacements: Record<string, unknown>,
    transaction?: Transaction,
  ): Promise<void> {
    await this.sequelize.query(sql, { replacements, transaction });
  }

  private select(
    sql: string,
    replacements: Record<string, unknown>,
    transaction?: Transaction,
  ): Promise<Row[]> {
    return withDatabaseErrors(() =>
      this.sequelize.query<Row>(sql, { replacements, transaction, type: QueryTypes.SELECT }),
    );
  }
}

/** The eight bytes of a 16-hex-digit hash, as band values. */
export function phashBands(phash: string | null): number[] | undefined {
  if (phash === null || !/^[0-9a-f]{16}$/.test(phash)) return undefined;
  return PHASH_BANDS.map((band) => parseInt(phash.slice(band * 2, band * 2 + 2), 16));
}

/** Number of differing bits between two 16-hex-digit hashes. */
export function hammingDistance(a: string, b: string): number {
  return (
    popcount32(parseInt(a.slice(0, 8), 16) ^ parseInt(b.slice(0, 8), 16)) +
    popcount32(parseInt(a.slice(8, 16), 16) ^ parseInt(b.slice(8, 16), 16))
  );
}

function popcount32(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

function parseJson<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
