import { Card, CardBody, Flex, Tag, TagGroup, Text } from '@backstage/ui';
import type { Image, ServerRef } from '../../api';
import { useImageObjectUrl } from '../../hooks';
import { ModerationBadge } from './ModerationBadge';

/** One gallery tile: the `p_thumb` variant, its first tags and its moderation state. */
export function ImageCard(props: {
  serverRef: ServerRef;
  image: Image;
  onOpen: () => void;
  onTag: (tag: string) => void;
}) {
  const { image } = props;
  const thumb = useImageObjectUrl(props.serverRef, image.id, 'p_thumb');
  const tags = [...new Set(image.tags.map((t) => t.name))].slice(0, 6);
  return (
    <Card data-testid="gallery-item">
      {/* A plain button around the picture: the tags below stay separately clickable filters. */}
      <button
        type="button"
        aria-label={`Open image ${image.id}`}
        onClick={props.onOpen}
        style={{
          all: 'unset',
          cursor: 'pointer',
          display: 'grid',
          placeItems: 'center',
          aspectRatio: '1',
          background: 'var(--bui-bg-neutral-2, #f1f1f1)',
        }}
      >
        {thumb.url ? (
          <img
            src={thumb.url}
            alt={tags.length ? tags.join(', ') : `image ${image.id}`}
            style={{ width: '100%', height: '100%', objectFit: 'cover' }}
          />
        ) : (
          <Text color="secondary" variant="body-small">
            {thumb.error ? 'no preview' : 'loading…'}
          </Text>
        )}
      </button>
      <CardBody>
        <Flex direction="column" gap="1">
          <Flex justify="between">
            <Text variant="body-small" color="secondary">
              {image.width}×{image.height} {image.format}
            </Text>
            <ModerationBadge image={image} />
          </Flex>
          {tags.length > 0 ? (
            <TagGroup aria-label={`Tags of ${image.id}`} onAction={(key) => props.onTag(String(key))}>
              {tags.map((t) => (
                <Tag key={t} id={t} size="small">
                  {t}
                </Tag>
              ))}
            </TagGroup>
          ) : (
            <Text variant="body-small" color="secondary">
              {taggingNote(image.tagging?.status)}
            </Text>
          )}
        </Flex>
      </CardBody>
    </Card>
  );
}

/** What to show while an image has no tags yet. */
export function taggingNote(status: string | undefined): string {
  if (status === 'failed') return 'tagging failed';
  if (status && status !== 'done') return 'tagging…';
  return 'no tags';
}
