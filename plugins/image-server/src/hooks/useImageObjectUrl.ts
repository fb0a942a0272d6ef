import { useEffect, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { imageServerApiRef } from '../api';
import type { ServerRef } from '../api';

/**
 * Object URL of an image variant fetched through the portal backend. `<img src>` cannot carry
 * the Backstage token, so the bytes come through fetchApi and the URL is revoked on unmount.
 */
export function useImageObjectUrl(
  ref: ServerRef,
  id: string,
  variant?: string,
): { url?: string; error?: Error } {
  const api = useApi(imageServerApiRef);
  const [state, setState] = useState<{ url?: string; error?: Error }>({});
  const key = `${ref.cluster}/${ref.namespace}/${ref.name}/${id}/${variant ?? ''}`;
  useEffect(() => {
    let cancelled = false;
    let url: string | undefined;
    setState({});
    api.getImageContent(ref, id, variant).then(
      (blob) => {
        if (cancelled) return;
        url = URL.createObjectURL(blob);
        setState({ url });
      },
      (error: Error) => !cancelled && setState({ error }),
    );
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key]);
  return state;
}
