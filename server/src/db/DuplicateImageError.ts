/**
 * Thrown by `ImageRepository.create` when an image with the same content (sha256) is already stored.
 * Not an AppError on purpose: whether a duplicate is a conflict or a success that returns the existing
 * image is the caller's decision.
 */
export class DuplicateImageError extends Error {
  constructor(
    /** Id of the image that already holds this content. */
    readonly existingId: string,
  ) {
    super(`An image with the same content already exists: ${existingId}`);
    this.name = 'DuplicateImageError';
  }
}
