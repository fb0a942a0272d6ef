import { DataTypes } from 'sequelize';
import type { Migration } from './types';

/** Band numbers of the perceptual hash columns (phash_0 … phash_7). */
export const PHASH_BANDS = [0, 1, 2, 3, 4, 5, 6, 7] as const;

/**
 * Auto-tagging state: one row per (image, tagger) with the tagger version it ran at, what a tagger
 * found besides tags (placeholder, perceptual hash, palette, moderation, searchable text), and the
 * automatic tags a user removed so that re-tagging does not bring them back.
 */
export const taggingSchema: Migration = {
  name: '0002-tagging',

  async up({ queryInterface, transaction, dialect }) {
    const imageRef = {
      type: DataTypes.STRING(64),
      allowNull: false,
      references: { model: 'images', key: 'id' },
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    };
    await queryInterface.createTable(
      'image_tagging',
      {
        image_id: { ...imageRef, primaryKey: true },
        tagger: { type: DataTypes.STRING(32), primaryKey: true, allowNull: false },
        version: { type: DataTypes.INTEGER, allowNull: false },
        status: { type: DataTypes.STRING(16), allowNull: false },
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        error: { type: DataTypes.STRING(1000), allowNull: true },
        updated_at: { type: DataTypes.DATE(3), allowNull: false },
      },
      { transaction },
    );
    // Backfills look for rows of one tagger at another version or status.
    await queryInterface.addIndex('image_tagging', ['tagger', 'status', 'version'], {
      name: 'image_tagging_tagger_status_version',
      transaction,
    });

    await queryInterface.createTable(
      'image_analysis',
      {
        image_id: { ...imageRef, primaryKey: true },
        placeholder: { type: DataTypes.STRING(128), allowNull: true },
        phash: { type: DataTypes.STRING(16), allowNull: true },
        // The 64-bit hash cut into eight 8-bit bands: two hashes within Hamming distance 7 share
        // at least one band exactly (pigeonhole), so near-duplicate search is indexed equality lookups.
        ...Object.fromEntries(
          PHASH_BANDS.map((band) => [`phash_${band}`, { type: DataTypes.SMALLINT, allowNull: true }]),
        ),
        palette: { type: DataTypes.JSON, allowNull: true },
        moderation_status: { type: DataTypes.STRING(16), allowNull: true },
        moderation_scores: { type: DataTypes.JSON, allowNull: true },
        held_visibility: { type: DataTypes.STRING(16), allowNull: true },
        text: { type: DataTypes.TEXT, allowNull: true },
        search_text: { type: DataTypes.TEXT, allowNull: true },
      },
      { transaction },
    );
    for (const band of PHASH_BANDS) {
      await queryInterface.addIndex('image_analysis', [`phash_${band}`], {
        name: `image_analysis_phash_${band}`,
        transaction,
      });
    }
    await queryInterface.addIndex('image_analysis', ['moderation_status'], {
      name: 'image_analysis_moderation_status',
      transaction,
    });
    if (dialect === 'postgres') {
      // Free-text search (q=) over labels, colour names and OCR text.
      await queryInterface.sequelize.query(
        `CREATE INDEX image_analysis_search ON image_analysis USING GIN (to_tsvector('simple', COALESCE(search_text, '')))`,
        { transaction },
      );
    }

    await queryInterface.createTable(
      'image_tag_suppressions',
      {
        image_id: { ...imageRef, primaryKey: true },
        name: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
        source: { type: DataTypes.STRING(32), primaryKey: true, allowNull: false },
      },
      { transaction },
    );
    // min_confidence filters on (name, confidence) and /v1/tags groups by source.
    await queryInterface.addIndex('image_tags', ['name', 'confidence', 'image_id'], {
      name: 'image_tags_name_confidence_image_id',
      transaction,
    });
  },

  async down({ queryInterface, transaction }) {
    await queryInterface.removeIndex('image_tags', 'image_tags_name_confidence_image_id', { transaction });
    await queryInterface.dropTable('image_tag_suppressions', { transaction });
    await queryInterface.dropTable('image_analysis', { transaction });
    await queryInterface.dropTable('image_tagging', { transaction });
  },
};
