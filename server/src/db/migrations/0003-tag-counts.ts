import { DataTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Migration } from './types';

/** `source` or `visibility` of the tag_counts rows that count across every source or every visibility. */
export const ANY = '*';

/**
 * `tag_counts`: how many images carry each tag name, so that `GET /v1/tags` reads a few index rows
 * instead of aggregating every row of image_tags (0.3–0.8 s at 100,000 images on PostgreSQL).
 * One row per (source, visibility, name) with `images` > 0, where source is a tag source or `*` (an
 * image tagged with a name by two sources counts once) and visibility is `public`, `private` or `*`.
 * The repositories keep it exact in the transactions that change tags, visibility or images (see
 * tagCounts.ts); this migration fills it from the rows already there.
 */
export const tagCountsSchema: Migration = {
  name: '0003-tag-counts',

  async up({ queryInterface, sequelize, transaction, dialect }) {
    await queryInterface.createTable(
      'tag_counts',
      {
        source: { type: DataTypes.STRING(32), primaryKey: true, allowNull: false },
        visibility: { type: DataTypes.STRING(16), primaryKey: true, allowNull: false },
        name: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
        images: { type: DataTypes.INTEGER, allowNull: false },
      },
      { transaction },
    );
    // Most used first: the top N of one (source, visibility) is the first N entries of this index.
    await queryInterface.sequelize.query(
      'CREATE INDEX tag_counts_top ON tag_counts (source, visibility, images DESC, name)',
      { transaction },
    );
    if (dialect === 'postgres') {
      // A name prefix is a range in code-point order: the primary key's BINARY order on SQLite, "C" here
      // (the database's collation may order otherwise).
      await queryInterface.sequelize.query(
        'CREATE INDEX tag_counts_prefix ON tag_counts (source, visibility, name COLLATE "C")',
        { transaction },
      );
    }
    await backfillTagCounts(sequelize, transaction);
  },

  async down({ queryInterface, transaction }) {
    await queryInterface.dropTable('tag_counts', { transaction });
  },
};

/**
 * Recomputes tag_counts from image_tags and images. The migration runs it once; anything that writes
 * image_tags or images behind the repositories' back (a bulk import, the search benchmark's seed)
 * must run it afterwards.
 */
export async function backfillTagCounts(sequelize: Sequelize, transaction?: Transaction): Promise<void> {
  await sequelize.query('DELETE FROM tag_counts', { transaction });
  // One (image, name, source) row at most per image, so COUNT(*) counts images when source is fixed.
  await sequelize.query(
    `INSERT INTO tag_counts (source, visibility, name, images)
     SELECT t.source, i.visibility, t.name, COUNT(*) FROM image_tags t JOIN images i ON i.id = t.image_id
      GROUP BY t.source, i.visibility, t.name
     UNION ALL
     SELECT t.source, :any, t.name, COUNT(*) FROM image_tags t GROUP BY t.source, t.name
     UNION ALL
     SELECT :any, i.visibility, t.name, COUNT(DISTINCT t.image_id) FROM image_tags t
       JOIN images i ON i.id = t.image_id GROUP BY i.visibility, t.name
     UNION ALL
     SELECT :any, :any, t.name, COUNT(DISTINCT t.image_id) FROM image_tags t GROUP BY t.name`,
    { replacements: { any: ANY }, transaction },
  );
}
