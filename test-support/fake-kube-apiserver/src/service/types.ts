/** Options of a write, from the query string. */
export interface WriteOptions {
  /** `fieldManager` query parameter, or the manager derived from the User-Agent. */
  manager: string;
  /** `fieldManager` was given explicitly (server-side apply requires it). */
  explicitManager: boolean;
  dryRun: boolean;
  /** `force` query parameter (server-side apply only). */
  force: boolean;
}

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/** `DeleteOptions`, from the body and query string. */
export interface DeleteOptions {
  propagationPolicy?: PropagationPolicy;
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun: boolean;
}

/** List parameters from the query string. */
export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continueToken?: string;
}

/** A list response body (`ConfigMapList`, ...). */
export interface KubeList {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: unknown[];
}

/** Which part of the object a write goes to. */
export type Subresource = 'status' | undefined;
