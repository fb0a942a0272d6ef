import { useApi } from '@backstage/frontend-plugin-api';
import { Button, Flex, Select, Text, TextField } from '@backstage/ui';
import { useCallback, useRef, useState } from 'react';
import type { DragEvent } from 'react';
import { ImageServerApiError, imageServerApiRef } from '../../api';
import type { Image, ServerRef } from '../../api';
import { formatBytes } from '../../lib';
import { queueFiles, refusalMessage } from './uploadQueue';
import type { UploadItem } from './uploadQueue';

/** Uploads in flight at once; more would only split the same bandwidth. */
const PARALLEL_UPLOADS = 3;

/**
 * Drop zone and file picker for many files. Each file gets its own progress bar and, when the
 * server refuses it, the reason; the others carry on.
 */
export function UploadDropzone(props: { serverRef: ServerRef; onUploaded?: (image: Image) => void }) {
  const api = useApi(imageServerApiRef);
  const [items, setItems] = useState<UploadItem[]>([]);
  const [dragging, setDragging] = useState(false);
  const [tags, setTags] = useState('');
  const [visibility, setVisibility] = useState<'default' | 'public' | 'private'>('default');
  const input = useRef<HTMLInputElement>(null);

  const update = (key: string, patch: Partial<UploadItem>) =>
    setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i)));

  const start = useCallback(
    (files: File[]) => {
      const queued = queueFiles(files);
      if (queued.length === 0) return;
      setItems((all) => [...queued, ...all.filter((i) => i.status !== 'done')]);
      const tagList = tags
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      const pending = [...queued];
      const worker = async () => {
        for (let item = pending.shift(); item; item = pending.shift()) {
          const key = item.key;
          update(key, { status: 'uploading' });
          try {
            const image = await api.uploadImage(props.serverRef, {
              file: item.file,
              tags: tagList,
              visibility: visibility === 'default' ? undefined : visibility,
              onProgress: (progress) => update(key, { progress }),
            });
            update(key, { status: 'done', progress: 1 });
            props.onUploaded?.(image);
          } catch (e) {
            const err = e instanceof ImageServerApiError ? e : undefined;
            update(key, {
              status: 'failed',
              code: err?.code,
              error: err ? refusalMessage(err.status, err.title, err.detail) : String(e),
            });
          }
        }
      };
      void Promise.all(Array.from({ length: Math.min(PARALLEL_UPLOADS, queued.length) }, worker));
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [
      api,
      props.serverRef.cluster,
      props.serverRef.namespace,
      props.serverRef.name,
      tags,
      visibility,
      props.onUploaded,
    ],
  );

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    start([...e.dataTransfer.files]);
  };

  return (
    <Flex direction="column" gap="2">
      <Flex gap="3" align="end">
        <TextField label="Tags for these uploads" placeholder="cat, garden" value={tags} onChange={setTags} />
        <Select
          label="Visibility"
          selectedKey={visibility}
          onSelectionChange={(k) => setVisibility(k as typeof visibility)}
          options={[
            { id: 'default', label: 'Server default' },
            { id: 'public', label: 'Public' },
            { id: 'private', label: 'Private' },
          ]}
        />
      </Flex>
      <div
        data-testid="upload-dropzone"
        role="region"
        aria-label="Upload images"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        style={{
          border: `2px dashed ${dragging ? 'var(--bui-border-info, #1f77b4)' : 'var(--bui-border, #bbb)'}`,
          borderRadius: 8,
          padding: 24,
          textAlign: 'center',
          background: dragging ? 'var(--bui-bg-info, #eef5fc)' : undefined,
        }}
      >
        <Text as="p">Drop images here, or</Text>
        <Button variant="secondary" onPress={() => input.current?.click()}>
          Choose files
        </Button>
        <input
          ref={input}
          type="file"
          multiple
          accept="image/*"
          aria-label="Choose images to upload"
          style={{ display: 'none' }}
          onChange={(e) => {
            start([...(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
      </div>
      {items.length > 0 && (
        <ul aria-label="Uploads" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {items.map((item) => (
            <li key={item.key} data-status={item.status} style={{ padding: '4px 0' }}>
              <Flex direction="column" gap="1">
                <Flex justify="between">
                  <Text>
                    {item.file.name} <Text color="secondary">({formatBytes(item.file.size)})</Text>
                  </Text>
                  <Text
                    color={
                      item.status === 'failed' ? 'danger' : item.status === 'done' ? 'success' : 'secondary'
                    }
                  >
                    {item.status === 'uploading' ? `${Math.round(item.progress * 100)}%` : item.status}
                  </Text>
                </Flex>
                {/* A refused file keeps only its reason: a full bar would read as success. */}
                {item.status !== 'failed' && (
                  <progress
                    aria-label={`Upload progress of ${item.file.name}`}
                    max={1}
                    value={item.progress}
                    style={{ width: '100%' }}
                  />
                )}
                {item.error && (
                  <Text color="danger" role="alert">
                    {item.file.name}: {item.error}
                  </Text>
                )}
              </Flex>
            </li>
          ))}
        </ul>
      )}
    </Flex>
  );
}
