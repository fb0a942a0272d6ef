import type { BlobStore } from '../types';

/** The real store with some of its methods replaced, for recording or fault injection in tests. */
export function overridingStore(store: BlobStore, methods: Partial<BlobStore>): BlobStore {
  return Object.assign(Object.create(store) as BlobStore, methods);
}
