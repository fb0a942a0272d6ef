import { DataTypes, Model, type Sequelize } from 'sequelize';
import type { ApiKeyModel } from './types';

/** Binds a fresh `api_keys` model class to `sequelize` (see defineImageModel for why fresh). */
export function defineApiKeyModel(sequelize: Sequelize): ApiKeyModel {
  class ApiKey extends Model {}
  ApiKey.init(
    {
      id: { type: DataTypes.STRING(64), primaryKey: true },
      name: { type: DataTypes.STRING(200), allowNull: false },
      scopes: { type: DataTypes.JSON, allowNull: false },
      secretHash: { type: DataTypes.STRING(255), allowNull: false },
      createdAt: { type: DataTypes.DATE(3), allowNull: false },
      expiresAt: { type: DataTypes.DATE(3), allowNull: true },
      revokedAt: { type: DataTypes.DATE(3), allowNull: true },
      lastUsedAt: { type: DataTypes.DATE(3), allowNull: true },
    },
    {
      sequelize,
      modelName: 'ApiKey',
      tableName: 'api_keys',
      underscored: true,
      timestamps: true,
      updatedAt: false,
    },
  );
  return ApiKey as ApiKeyModel;
}
