import { DataTypes, Model, type Sequelize } from 'sequelize';
import type { ImageModel } from './types';

/**
 * Binds a fresh `images` model class to `sequelize`. A new class per instance because `Model.init`
 * mutates the class: sharing one across two databases (tests, migration connections) would cross them.
 * The table itself is created by migrations, never by `sync()`.
 */
export function defineImageModel(sequelize: Sequelize): ImageModel {
  class Image extends Model {}
  Image.init(
    {
      id: { type: DataTypes.STRING(64), primaryKey: true },
      sha256: { type: DataTypes.STRING(64), allowNull: false },
      contentType: { type: DataTypes.STRING(100), allowNull: false },
      format: { type: DataTypes.STRING(16), allowNull: false },
      width: { type: DataTypes.INTEGER, allowNull: false },
      height: { type: DataTypes.INTEGER, allowNull: false },
      orientation: { type: DataTypes.INTEGER, allowNull: true },
      hasAlpha: { type: DataTypes.BOOLEAN, allowNull: false },
      animated: { type: DataTypes.BOOLEAN, allowNull: false },
      frames: { type: DataTypes.INTEGER, allowNull: false },
      bytes: { type: DataTypes.BIGINT, allowNull: false, get: bigintGetter('bytes') },
      visibility: { type: DataTypes.STRING(16), allowNull: false },
      exif: { type: DataTypes.JSON, allowNull: true },
      storageKey: { type: DataTypes.STRING(512), allowNull: false },
      deliveryKey: { type: DataTypes.STRING(512), allowNull: false },
      deliveryBytes: { type: DataTypes.BIGINT, allowNull: false, get: bigintGetter('deliveryBytes') },
      createdAt: { type: DataTypes.DATE(3), allowNull: false },
      updatedAt: { type: DataTypes.DATE(3), allowNull: false },
    },
    { sequelize, modelName: 'Image', tableName: 'images', underscored: true, timestamps: true },
  );
  return Image as ImageModel;
}

/** pg returns BIGINT as a string (it may exceed 2^53); image sizes never do. */
function bigintGetter(attribute: string): (this: Model) => number {
  return function (this: Model): number {
    return Number(this.getDataValue(attribute));
  };
}
