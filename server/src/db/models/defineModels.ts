import type { Sequelize } from 'sequelize';
import { defineApiKeyModel } from './defineApiKeyModel';
import { defineImageModel } from './defineImageModel';
import { defineImageTagModel } from './defineImageTagModel';
import type { Models } from './types';

export type * from './types';

/** Binds every model to `sequelize`. */
export function defineModels(sequelize: Sequelize): Models {
  return {
    Image: defineImageModel(sequelize),
    ImageTag: defineImageTagModel(sequelize),
    ApiKey: defineApiKeyModel(sequelize),
  };
}
