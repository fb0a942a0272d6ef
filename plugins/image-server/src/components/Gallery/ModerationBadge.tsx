import { Badge } from '@backstage/ui';
import type { Image } from '../../api';

/** Shows the moderation state when it asks for attention; approved or unmoderated images show nothing. */
export function ModerationBadge(props: { image: Image; always?: boolean }) {
  const raw = props.image.moderation?.status;
  const status = typeof raw === 'string' ? raw : undefined;
  if (!status) return props.always ? <Badge size="small">not moderated</Badge> : null;
  if (!props.always && (status === 'approved' || status === 'none')) return null;
  return <Badge size="small">moderation: {status}</Badge>;
}
