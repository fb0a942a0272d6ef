import { EmptyState, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { imageServerUploadPermission, permissionResourceRef } from '../../permissions';
import { Button, Flex, Grid, SearchField, Select, Text } from '@backstage/ui';
import { useCallback, useEffect, useRef, useState } from 'react';
import { imageServerApiRef } from '../../api';
import type { Image, ServerRef } from '../../api';
import { UploadDropzone } from '../Upload';
import { ImageCard } from './ImageCard';
import { ImageDetailDialog } from './ImageDetailDialog';

const PAGE_SIZE = 24;
const ALL_TAGS = '__all__';

interface GalleryState {
  items: Image[];
  nextCursor?: string | null;
  loading: boolean;
  error?: Error;
}

/**
 * The images of one server: uploads on top, then a filterable grid that loads the next page when
 * its end scrolls into view (or when "Load more" is pressed).
 */
export function Gallery(props: { serverRef: ServerRef }) {
  const api = useApi(imageServerApiRef);
  const ref = props.serverRef;
  const canUpload = usePermission({
    permission: imageServerUploadPermission,
    resourceRef: permissionResourceRef(ref),
  });
  const [tag, setTag] = useState<string>('');
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [state, setState] = useState<GalleryState>({ items: [], loading: true });
  const [openId, setOpenId] = useState<string>();
  const [knownTags, setKnownTags] = useState<string[]>([]);
  const generation = useRef(0);
  const sentinel = useRef<HTMLDivElement>(null);

  // Search waits for a pause in typing so each keystroke is not a request.
  useEffect(() => {
    const t = setTimeout(() => setQuery(search.trim()), 300);
    return () => clearTimeout(t);
  }, [search]);

  const load = useCallback(
    (cursor?: string) => {
      const mine = cursor ? generation.current : ++generation.current;
      setState((s) => ({ ...(cursor ? s : { items: [] }), loading: true, error: undefined }));
      api.listImages(ref, { limit: PAGE_SIZE, cursor, tag: tag || undefined, q: query || undefined }).then(
        (page) => {
          if (mine !== generation.current) return;
          setState((s) => ({
            items: cursor ? [...s.items, ...page.items] : page.items,
            nextCursor: page.nextCursor,
            loading: false,
          }));
          setKnownTags((known) =>
            [...new Set([...known, ...page.items.flatMap((i) => i.tags.map((t) => t.name))])].sort(),
          );
        },
        (error: Error) => mine === generation.current && setState((s) => ({ ...s, loading: false, error })),
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, ref.cluster, ref.namespace, ref.name, tag, query],
  );

  useEffect(() => load(), [load]);

  const canLoadMore = Boolean(state.nextCursor) && !state.loading && !state.error;
  const loadMore = useCallback(() => {
    if (state.nextCursor) load(state.nextCursor);
  }, [load, state.nextCursor]);

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !canLoadMore || typeof IntersectionObserver === 'undefined') return undefined;
    const observer = new IntersectionObserver(
      (entries) => entries.some((e) => e.isIntersecting) && loadMore(),
      {
        rootMargin: '400px',
      },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [canLoadMore, loadMore]);

  const onUploaded = useCallback((image: Image) => {
    // A new upload goes first when it matches the filter; tags may arrive later, so it is kept anyway.
    setState((s) => (s.items.some((i) => i.id === image.id) ? s : { ...s, items: [image, ...s.items] }));
  }, []);

  const tagOptions = [...new Set([...knownTags, ...(tag ? [tag] : [])])];
  return (
    <Flex direction="column" gap="4">
      {canUpload.allowed && <UploadDropzone serverRef={ref} onUploaded={onUploaded} />}
      <Flex gap="3" align="end">
        <SearchField label="Search images" value={search} onChange={setSearch} placeholder="tag or id" />
        <Select
          label="Tag"
          aria-label="Filter by tag"
          style={{ minWidth: 200 }}
          selectedKey={tag || ALL_TAGS}
          onSelectionChange={(k) => setTag(k === ALL_TAGS ? '' : String(k))}
          options={[{ id: ALL_TAGS, label: 'All tags' }, ...tagOptions.map((t) => ({ id: t, label: t }))]}
        />
        <Button variant="tertiary" onPress={() => load()}>
          Refresh
        </Button>
      </Flex>
      {state.error && <ResponseErrorPanel error={state.error} />}
      {!state.loading && !state.error && state.items.length === 0 && (
        <EmptyState
          missing="content"
          title={tag || query ? 'No images match' : 'No images yet'}
          description={tag || query ? 'Try another tag or search.' : 'Drop images above to upload them.'}
        />
      )}
      {state.items.length > 0 && (
        <Grid.Root
          columns={{ initial: '2', sm: '3', md: '4', lg: '6' }}
          gap="3"
          aria-label="Gallery"
          role="list"
        >
          {state.items.map((image) => (
            <div role="listitem" key={image.id}>
              <ImageCard serverRef={ref} image={image} onOpen={() => setOpenId(image.id)} onTag={setTag} />
            </div>
          ))}
        </Grid.Root>
      )}
      {state.loading && <Progress />}
      <div ref={sentinel} />
      {canLoadMore && (
        <Flex justify="center">
          <Button variant="secondary" onPress={loadMore}>
            Load more
          </Button>
        </Flex>
      )}
      {!state.nextCursor && state.items.length > 0 && (
        <Text variant="body-small" color="secondary">
          {state.items.length} image{state.items.length === 1 ? '' : 's'}
          {tag ? ` tagged ${tag}` : ''}.
        </Text>
      )}
      {openId && (
        <ImageDetailDialog
          serverRef={ref}
          imageId={openId}
          onClose={() => setOpenId(undefined)}
          onDeleted={(id) => {
            setOpenId(undefined);
            setState((s) => ({ ...s, items: s.items.filter((i) => i.id !== id) }));
          }}
        />
      )}
    </Flex>
  );
}
