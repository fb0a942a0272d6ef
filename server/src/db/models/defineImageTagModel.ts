import { DataTypes, Model, type Sequelize } from 'sequelize';
import type { ImageTagModel } from './types';

/** Binds a fresh `image_tags` model class to `sequelize` (see defineImageModel for why fresh). */
export function defineImageTagModel(sequelize: Sequelize): ImageTagModel {
  class ImageTag extends Model {}
  ImageTag.init(
    {
      imageId: { type: DataTypes.STRING(64), primaryKey: true },
      name: { type: DataTypes.STRING(64), primaryKey: true },
      source: { type: DataTypes.STRING(32), primaryKey: true },
      confidence: { type: DataTypes.DOUBLE, allowNull: true },
    },
    { sequelize, modelName: 'ImageTag', tableName: 'image_tags', underscored: true, timestamps: false },
  );
  return ImageTag as ImageTagModel;
}
