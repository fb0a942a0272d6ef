import type { ImageServer } from '../crd/types';
import type { KubeObject } from './types';

/**
 * Returns a copy of `child` with the ImageServer as its controller owner, so that garbage
 * collection removes it with the ImageServer and its events requeue the owner.
 */
export function withOwner<T extends KubeObject>(child: T, server: ImageServer): T {
  if (!server.metadata.uid) throw new Error(`ImageServer ${server.metadata.name} has no uid`);
  return {
    ...child,
    metadata: {
      ...child.metadata,
      ownerReferences: [
        {
          apiVersion: server.apiVersion,
          kind: server.kind,
          name: server.metadata.name,
          uid: server.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
  };
}
