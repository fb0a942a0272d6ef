import { DataTypes } from 'sequelize';
import type { Migration } from './types';

/**
 * images, image_tags and api_keys. Timestamps are DATE(3) (millisecond precision, the same as
 * JavaScript dates) so that pagination cursors compare exactly on both dialects.
 */
export const initialSchema: Migration = {
  name: '0001-initial-schema',

  async up({ queryInterface, transaction }) {
    await queryInterface.createTable(
      'images',
      {
        id: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
        sha256: { type: DataTypes.STRING(64), allowNull: false },
        content_type: { type: DataTypes.STRING(100), allowNull: false },
        format: { type: DataTypes.STRING(16), allowNull: false },
        width: { type: DataTypes.INTEGER, allowNull: false },
        height: { type: DataTypes.INTEGER, allowNull: false },
        orientation: { type: DataTypes.INTEGER, allowNull: true },
        has_alpha: { type: DataTypes.BOOLEAN, allowNull: false },
        animated: { type: DataTypes.BOOLEAN, allowNull: false },
        frames: { type: DataTypes.INTEGER, allowNull: false },
        bytes: { type: DataTypes.BIGINT, allowNull: false },
        visibility: { type: DataTypes.STRING(16), allowNull: false },
        exif: { type: DataTypes.JSON, allowNull: true },
        storage_key: { type: DataTypes.STRING(512), allowNull: false },
        delivery_key: { type: DataTypes.STRING(512), allowNull: false },
        delivery_bytes: { type: DataTypes.BIGINT, allowNull: false },
        created_at: { type: DataTypes.DATE(3), allowNull: false },
        updated_at: { type: DataTypes.DATE(3), allowNull: false },
      },
      { transaction },
    );
    await queryInterface.addIndex('images', ['sha256'], {
      name: 'images_sha256_unique',
      unique: true,
      transaction,
    });
    // Keyset pagination walks this index backwards.
    await queryInterface.addIndex('images', ['created_at', 'id'], {
      name: 'images_created_at_id',
      transaction,
    });
    await queryInterface.addIndex('images', ['visibility'], { name: 'images_visibility', transaction });
    // countBlobReferences runs before every blob deletion.
    await queryInterface.addIndex('images', ['storage_key'], { name: 'images_storage_key', transaction });
    await queryInterface.addIndex('images', ['delivery_key'], { name: 'images_delivery_key', transaction });

    await queryInterface.createTable(
      'image_tags',
      {
        image_id: {
          type: DataTypes.STRING(64),
          primaryKey: true,
          allowNull: false,
          references: { model: 'images', key: 'id' },
          onDelete: 'CASCADE',
          onUpdate: 'CASCADE',
        },
        name: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
        source: { type: DataTypes.STRING(32), primaryKey: true, allowNull: false },
        confidence: { type: DataTypes.DOUBLE, allowNull: true },
      },
      { transaction },
    );
    // The tag filter looks names up first, then groups by image.
    await queryInterface.addIndex('image_tags', ['name', 'image_id'], {
      name: 'image_tags_name_image_id',
      transaction,
    });

    await queryInterface.createTable(
      'api_keys',
      {
        id: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
        name: { type: DataTypes.STRING(200), allowNull: false },
        scopes: { type: DataTypes.JSON, allowNull: false },
        secret_hash: { type: DataTypes.STRING(255), allowNull: false },
        created_at: { type: DataTypes.DATE(3), allowNull: false },
        expires_at: { type: DataTypes.DATE(3), allowNull: true },
        revoked_at: { type: DataTypes.DATE(3), allowNull: true },
        last_used_at: { type: DataTypes.DATE(3), allowNull: true },
      },
      { transaction },
    );
  },

  async down({ queryInterface, transaction }) {
    await queryInterface.dropTable('api_keys', { transaction });
    await queryInterface.dropTable('image_tags', { transaction });
    await queryInterface.dropTable('images', { transaction });
  },
};
