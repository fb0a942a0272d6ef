import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { imageServerUploadPermission, permissionResourceRef } from '../../permissions';
import {
  Button,
  Dialog,
  DialogBody,
  DialogFooter,
  DialogHeader,
  Flex,
  Tag,
  TagGroup,
  Text,
} from '@backstage/ui';
import { useState } from 'react';
import { imageServerApiRef } from '../../api';
import type { Image, ImageTag, ServerRef } from '../../api';
import { useImageObjectUrl, usePolling } from '../../hooks';
import { formatBytes, formatTime } from '../../lib';
import { ConfirmDialog } from '../common';
import { ModerationBadge } from './ModerationBadge';

/** Splits tags into the taggers' (automatic) and the users'. */
export function splitTags(tags: ImageTag[]): { automatic: ImageTag[]; user: ImageTag[] } {
  return {
    automatic: tags.filter((t) => t.source !== 'user'),
    user: tags.filter((t) => t.source === 'user'),
  };
}

/** One image: a larger preview, its tags by origin, tagging and moderation state, and delete. */
export function ImageDetailDialog(props: {
  serverRef: ServerRef;
  imageId: string;
  onClose: () => void;
  onDeleted: (id: string) => void;
}) {
  const api = useApi(imageServerApiRef);
  const ref = props.serverRef;
  const image = usePolling(() => api.getImage(ref, props.imageId), 0, [
    api,
    ref.cluster,
    ref.namespace,
    ref.name,
    props.imageId,
  ]);
  // Deleting single images goes with the upload permission (common's permissions.ts).
  const canDelete = usePermission({
    permission: imageServerUploadPermission,
    resourceRef: permissionResourceRef(ref),
  });
  const [confirming, setConfirming] = useState(false);
  return (
    <Dialog isOpen onOpenChange={(open) => !open && props.onClose()} width={720}>
      <DialogHeader>Image {props.imageId}</DialogHeader>
      <DialogBody>
        {image.loading && <Progress />}
        {image.error && <ResponseErrorPanel error={image.error} />}
        {image.value && <ImageDetail serverRef={ref} image={image.value} />}
      </DialogBody>
      <DialogFooter>
        <Button
          variant="secondary"
          destructive
          isDisabled={!canDelete.allowed || !image.value}
          onPress={() => setConfirming(true)}
        >
          Delete image
        </Button>
      </DialogFooter>
      <ConfirmDialog
        isOpen={confirming}
        title="Delete this image?"
        confirmLabel="Delete"
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          await api.deleteImage(ref, props.imageId);
          props.onDeleted(props.imageId);
        }}
      >
        <Text as="p">
          The original and every stored variant of {props.imageId} are deleted; its URLs stop working.
        </Text>
      </ConfirmDialog>
    </Dialog>
  );
}

function ImageDetail(props: { serverRef: ServerRef; image: Image }) {
  const { image } = props;
  const preview = useImageObjectUrl(props.serverRef, image.id, 'p_medium');
  const { automatic, user } = splitTags(image.tags);
  return (
    <Flex direction="column" gap="3">
      {preview.url && (
        <img
          src={preview.url}
          alt={`preview of ${image.id}`}
          style={{ maxWidth: '100%', maxHeight: 360, objectFit: 'contain' }}
        />
      )}
      <Text>
        {image.width}×{image.height} {image.format}, {formatBytes(image.bytes)}, {image.visibility}, uploaded{' '}
        {formatTime(image.createdAt)}
      </Text>
      <Flex gap="2" align="center">
        <Text weight="bold">Moderation</Text>
        <ModerationBadge image={image} always />
        <Text weight="bold">Tagging</Text>
        <Text>{image.tagging?.status ?? 'not reported'}</Text>
      </Flex>
      <TagList title="Automatic tags" tags={automatic} showSource />
      <TagList title="User tags" tags={user} />
      <Text variant="body-small" color="secondary">
        URL: <a href={image.url}>{image.url}</a>
      </Text>
    </Flex>
  );
}

function TagList(props: { title: string; tags: ImageTag[]; showSource?: boolean }) {
  return (
    <Flex direction="column" gap="1">
      <Text weight="bold">{props.title}</Text>
      {props.tags.length === 0 ? (
        <Text color="secondary">none</Text>
      ) : (
        <TagGroup aria-label={props.title}>
          {props.tags.map((t) => (
            <Tag key={`${t.source}:${t.name}`} id={`${t.source}:${t.name}`}>
              {tagLabel(t, props.showSource)}
            </Tag>
          ))}
        </TagGroup>
      )}
    </Flex>
  );
}

function tagLabel(t: ImageTag, showSource?: boolean): string {
  const confidence =
    t.confidence !== null && t.confidence !== undefined ? ` ${Math.round(t.confidence * 100)}%` : '';
  return `${t.name}${confidence}${showSource ? ` (${t.source})` : ''}`;
}
