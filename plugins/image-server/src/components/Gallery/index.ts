export { Gallery } from './Gallery';
export { ImageCard } from './ImageCard';
export { ImageDetailDialog, splitTags } from './ImageDetailDialog';
export { ModerationBadge } from './ModerationBadge';
