import { QueryTypes, type Sequelize } from 'sequelize';
import type { TagCount, Visibility } from '../types';

/**
 * Tag counts the way `GET /v1/tags` computed them before tag_counts: an aggregate over every row of
 * image_tags. The reference that tests compare tag_counts with, and the benchmark's "before".
 */
export async function aggregateTagCounts(
  sequelize: Sequelize,
  query: { prefix?: string; source?: string; visibility?: Visibility; limit: number },
): Promise<TagCount[]> {
  const where: string[] = [];
  if (query.prefix) where.push(`t.name LIKE :prefix ESCAPE '\\'`);
  if (query.source) where.push('t.source = :source');
  if (query.visibility) where.push('i.visibility = :visibility');
  const rows = await sequelize.query<{ name: string; n: number | string }>(
    `SELECT t.name, COUNT(DISTINCT t.image_id) AS n FROM image_tags t
       ${query.visibility ? 'JOIN images i ON i.id = t.image_id' : ''}
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      GROUP BY t.name ORDER BY n DESC, t.name ASC LIMIT :limit`,
    {
      replacements: {
        prefix: query.prefix ? `${query.prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
        source: query.source ?? null,
        visibility: query.visibility ?? null,
        limit: query.limit,
      },
      type: QueryTypes.SELECT,
    },
  );
  return rows.map((r) => ({ name: String(r.name), count: Number(r.n) }));
}
