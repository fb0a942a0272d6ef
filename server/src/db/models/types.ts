import type { Model, ModelStatic, Optional } from 'sequelize';
import type { ImageRecord, Scope } from '../types';

/** A row of `images`, as the model sees it (columns are the snake_case of these names). */
export type ImageAttributes = Omit<ImageRecord, 'tags'>;
export type ImageInstance = Model<ImageAttributes, Optional<ImageAttributes, 'createdAt' | 'updatedAt'>> &
  ImageAttributes;
export type ImageModel = ModelStatic<ImageInstance>;

/** A row of `image_tags`; the primary key is (imageId, name, source). */
export interface ImageTagAttributes {
  imageId: string;
  name: string;
  source: string;
  confidence: number | null;
}
export type ImageTagInstance = Model<ImageTagAttributes> & ImageTagAttributes;
export type ImageTagModel = ModelStatic<ImageTagInstance>;

/** A row of `api_keys`. */
export interface ApiKeyAttributes {
  id: string;
  name: string;
  scopes: Scope[];
  secretHash: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}
export type ApiKeyInstance = Model<
  ApiKeyAttributes,
  Optional<ApiKeyAttributes, 'createdAt' | 'expiresAt' | 'revokedAt' | 'lastUsedAt'>
> &
  ApiKeyAttributes;
export type ApiKeyModel = ModelStatic<ApiKeyInstance>;

/** The models bound to one Sequelize instance. */
export interface Models {
  Image: ImageModel;
  ImageTag: ImageTagModel;
  ApiKey: ApiKeyModel;
}
