import {
  literal,
  Op,
  QueryTypes,
  UniqueConstraintError,
  type Sequelize,
  type Transaction,
  type WhereOptions,
} from 'sequelize';
import { AppError } from '../errors';
import { DuplicateImageError } from './DuplicateImageError';
import { decodeImageCursor, encodeImageCursor } from './imageCursor';
import type { ImageAttributes, ImageInstance, Models } from './models';
import { normalizeTagName } from './normalizeTagName';
import { compareTags, normalizeTags } from './normalizeTags';
import { runTransaction } from './runTransaction';
import { keepingTagCounts } from './tagCounts';
import { toDatabaseError } from './toDatabaseError';
import type {
  ImageRecord,
  ImageRepository,
  ImageStats,
  ListImagesQuery,
  ModerationStatus,
  NewImage,
  Page,
  Tag,
  Visibility,
} from './types';
import { validateNewImage, validateVisibility } from './validateNewImage';
import { withDatabaseErrors } from './withDatabaseErrors';

/** Largest page `list` serves. */
export const MAX_PAGE_SIZE = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** ImageRepository on Sequelize; behaves the same on SQLite and PostgreSQL. */
export class SequelizeImageRepository implements ImageRepository {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly models: Pick<Models, 'Image' | 'ImageTag'>,
  ) {}

  async create(image: NewImage, options: { holdForModeration?: boolean } = {}): Promise<ImageRecord> {
    validateNewImage(image);
    const { tags: tagInputs, ...asked } = image;
    const columns = options.holdForModeration ? { ...asked, visibility: 'private' as const } : asked;
    const tags = normalizeTags(tagInputs);
    const { Image, ImageTag } = this.models;
    try {
      return await runTransaction(this.sequelize, (transaction) =>
        keepingTagCounts(this.sequelize, image.id, transaction, async () => {
          const row = await Image.create(columns, { transaction });
          if (options.holdForModeration) {
            await this.sequelize.query(
              `INSERT INTO image_analysis (image_id, moderation_status, held_visibility)
               VALUES (:id, 'pending', :visibility)`,
              { replacements: { id: image.id, visibility: image.visibility }, transaction },
            );
          }
          if (tags.length > 0) {
            await ImageTag.bulkCreate(
              tags.map((t) => ({ imageId: image.id, ...t })),
              { transaction },
            );
          }
          return toRecord(row, tags);
        }),
      );
    } catch (err) {
      if (!(err instanceof UniqueConstraintError)) throw toDatabaseError(err);
      // PostgreSQL raises the violation only once the competing insert has committed, and SQLite
      // serialises writers, so the winner is visible here.
      const existing = await withDatabaseErrors(() =>
        Image.findOne({ where: { sha256: image.sha256 }, attributes: ['id'] }),
      );
      if (existing) throw new DuplicateImageError(existing.id);
      throw new AppError('CONFLICT', `An image with id ${image.id} already exists.`, { cause: err });
    }
  }

  findById(id: string): Promise<ImageRecord | undefined> {
    return this.findOne({ id });
  }

  findBySha256(sha256: string): Promise<ImageRecord | undefined> {
    return this.findOne({ sha256 });
  }

  async list(query: ListImagesQuery): Promise<Page<ImageRecord>> {
    const { limit } = query;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new AppError(
        'INVALID_PARAMETER',
        `Expected an integer from 1 to ${MAX_PAGE_SIZE} for limit but received ${String(limit)}`,
        { extensions: { parameter: 'limit' } },
      );
    }
    const conditions: WhereOptions<ImageAttributes>[] = [];
    if (query.visibility !== undefined) {
      validateVisibility(query.visibility);
      conditions.push({ visibility: query.visibility });
    }
    const names = [...new Set((query.tags ?? []).map(normalizeTagName))];
    const confident =
      query.minConfidence === undefined
        ? ''
        : ` AND (t.confidence IS NULL OR t.confidence >= ${validMinConfidence(query.minConfidence)})`;
    for (const name of names) {
      // One semi-join per tag (any source): the planner can walk the (created_at, id) index and
      // stop after a page for common tags, or start from the (name, image_id) index for rare ones.
      conditions.push(
        literal(
          `EXISTS (SELECT 1 FROM image_tags t WHERE t.image_id = "Image"."id" AND t.name = ${this.sequelize.escape(name)}${confident})`,
        ),
      );
    }
    const words = searchWords(query.text);
    if (words.length > 0) {
      conditions.push({ id: { [Op.in]: literal(`(${this.textSearch(words)})`) } });
    }
    if (query.cursor !== undefined) {
      const after = decodeImageCursor(query.cursor);
      conditions.push({
        [Op.or]: [
          { createdAt: { [Op.lt]: after.createdAt } },
          { createdAt: after.createdAt, id: { [Op.lt]: after.id } },
        ],
      });
    }
    return withDatabaseErrors(async () => {
      const rows = await this.models.Image.findAll({
        where: { [Op.and]: conditions },
        order: [
          ['createdAt', 'DESC'],
          ['id', 'DESC'],
        ],
        // One more than asked tells whether another page exists.
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const tags = await this.loadTags(page.map((r) => r.id));
      const last = page.at(-1);
      return {
        items: page.map((row) => toRecord(row, tags.get(row.id) ?? [])),
        nextCursor:
          rows.length > limit && last ? encodeImageCursor({ createdAt: last.createdAt, id: last.id }) : null,
      };
    });
  }

  async update(
    id: string,
    patch: { visibility?: Visibility; userTags?: string[] },
  ): Promise<ImageRecord | undefined> {
    if (patch.visibility !== undefined) validateVisibility(patch.visibility);
    let userTags: Tag[] | undefined;
    if (patch.userTags !== undefined) {
      if (!Array.isArray(patch.userTags)) {
        throw new AppError(
          'INVALID_PARAMETER',
          `Expected a list of tag names for tags but received ${typeof patch.userTags}`,
          {
            extensions: { parameter: 'tags' },
          },
        );
      }
      userTags = normalizeTags(patch.userTags.map((name) => ({ name, source: 'user' })));
    }
    const { Image, ImageTag } = this.models;
    return withDatabaseErrors(() =>
      runTransaction(this.sequelize, async (transaction) => {
        const row = await Image.findByPk(id, { transaction, lock: true });
        if (!row) return undefined;
        let visibility = patch.visibility;
        const moderation =
          visibility === undefined ? undefined : await this.moderationStatus(id, transaction);
        if (moderation === 'held' && visibility === 'public')
          throw new AppError(
            'CONFLICT',
            'The image is held for moderation: an admin must approve it before it can be public.',
          );
        if (moderation === 'held' || moderation === 'pending') {
          // Kept private meanwhile; moderation passing (or approval) gives it this visibility.
          await this.sequelize.query(
            'UPDATE image_analysis SET held_visibility = :visibility WHERE image_id = :id',
            {
              replacements: { id, visibility },
              transaction,
            },
          );
          visibility = undefined;
        }
        if (visibility !== undefined || userTags) {
          await keepingTagCounts(this.sequelize, id, transaction, async () => {
            if (userTags) {
              await ImageTag.destroy({ where: { imageId: id, source: 'user' }, transaction });
              if (userTags.length > 0) {
                await ImageTag.bulkCreate(
                  userTags.map((t) => ({ imageId: id, ...t })),
                  { transaction },
                );
              }
            }
            if (visibility !== undefined) row.set('visibility', visibility);
            // Tag changes count as changes of the image: bump updatedAt even when no column changed.
            row.changed('updatedAt', true);
            await row.save({ transaction });
          });
        }
        const tags = await this.loadTags([id], transaction);
        return toRecord(row, tags.get(id) ?? []);
      }),
    );
  }

  private async moderationStatus(
    id: string,
    transaction: Transaction,
  ): Promise<ModerationStatus | undefined> {
    const [row] = await this.sequelize.query<{ moderation_status: ModerationStatus | null }>(
      'SELECT moderation_status FROM image_analysis WHERE image_id = :id',
      { replacements: { id }, transaction, type: QueryTypes.SELECT },
    );
    return row?.moderation_status ?? undefined;
  }

  async delete(id: string): Promise<ImageRecord | undefined> {
    const { Image } = this.models;
    return withDatabaseErrors(() =>
      runTransaction(this.sequelize, async (transaction) => {
        const row = await Image.findByPk(id, { transaction, lock: true });
        if (!row) return undefined;
        const tags = await this.loadTags([id], transaction);
        // Tags go with the row (ON DELETE CASCADE), and their counts with them.
        const removed = await keepingTagCounts(this.sequelize, id, transaction, () =>
          Image.destroy({ where: { id }, transaction }),
        );
        return removed > 0 ? toRecord(row, tags.get(id) ?? []) : undefined;
      }),
    );
  }

  countBlobReferences(key: string): Promise<number> {
    return withDatabaseErrors(() =>
      this.models.Image.count({ where: { [Op.or]: [{ storageKey: key }, { deliveryKey: key }] } }),
    );
  }

  async stats(now: Date = new Date()): Promise<ImageStats> {
    const [row] = await withDatabaseErrors(() =>
      this.sequelize.query<{
        images: number | string;
        bytes: number | string;
        recent: number | string | null;
      }>(
        `SELECT COUNT(*) AS images,
                COALESCE(SUM(bytes), 0) AS bytes,
                COALESCE(SUM(CASE WHEN created_at > :from AND created_at <= :to THEN 1 ELSE 0 END), 0) AS recent
           FROM images`,
        { replacements: { from: new Date(now.getTime() - DAY_MS), to: now }, type: QueryTypes.SELECT },
      ),
    );
    return {
      images: Number(row?.images ?? 0),
      bytes: Number(row?.bytes ?? 0),
      uploadsLast24h: Number(row?.recent ?? 0),
    };
  }

  /** Image ids whose searchable text holds every word: a GIN full-text index on PostgreSQL, LIKE on SQLite. */
  private textSearch(words: string[]): string {
    if (this.sequelize.getDialect() === 'postgres') {
      const query = this.sequelize.escape(words.join(' '));
      return `SELECT image_id FROM image_analysis WHERE to_tsvector('simple', COALESCE(search_text, '')) @@ plainto_tsquery('simple', ${query})`;
    }
    const likes = words.map((w) => `(' ' || search_text || ' ') LIKE ${this.sequelize.escape(`% ${w} %`)}`);
    return `SELECT image_id FROM image_analysis WHERE ${likes.join(' AND ')}`;
  }

  private async findOne(where: { id: string } | { sha256: string }): Promise<ImageRecord | undefined> {
    return withDatabaseErrors(async () => {
      const row = await this.models.Image.findOne({ where });
      if (!row) return undefined;
      const tags = await this.loadTags([row.id]);
      return toRecord(row, tags.get(row.id) ?? []);
    });
  }

  /** Tags of several images in one query, sorted the way records carry them. */
  private async loadTags(ids: string[], transaction?: Transaction): Promise<Map<string, Tag[]>> {
    const byImage = new Map<string, Tag[]>();
    if (ids.length === 0) return byImage;
    const rows = await this.models.ImageTag.findAll({ where: { imageId: ids }, transaction });
    for (const row of rows) {
      const list = byImage.get(row.imageId) ?? [];
      list.push({ name: row.name, source: row.source, confidence: row.confidence ?? null });
      byImage.set(row.imageId, list);
    }
    for (const list of byImage.values()) list.sort(compareTags);
    return byImage;
  }
}

function toRecord(row: ImageInstance, tags: Tag[]): ImageRecord {
  return {
    id: row.id,
    sha256: row.sha256,
    contentType: row.contentType,
    format: row.format,
    width: row.width,
    height: row.height,
    orientation: row.orientation ?? null,
    hasAlpha: Boolean(row.hasAlpha),
    animated: Boolean(row.animated),
    frames: row.frames,
    bytes: row.bytes,
    visibility: row.visibility,
    exif: row.exif ?? null,
    storageKey: row.storageKey,
    deliveryKey: row.deliveryKey,
    deliveryBytes: row.deliveryBytes,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    tags,
  };
}

function validMinConfidence(value: number): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new AppError(
      'INVALID_PARAMETER',
      `Expected a number from 0 to 1 for min_confidence but received ${String(value)}`,
      { extensions: { parameter: 'min_confidence' } },
    );
  }
  return value;
}

/** Lowercase words of letters and digits; searchable text is built from the same kind of words. */
export function searchWords(text: string | undefined): string[] {
  if (!text) return [];
  return [
    ...new Set(
      text
        .normalize('NFC')
        .toLowerCase()
        .match(/[\p{L}\p{N}]+/gu) ?? [],
    ),
  ].slice(0, 16);
}
