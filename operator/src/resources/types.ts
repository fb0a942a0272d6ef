import type { ClusterSettings } from '../config/types';

/** Everything a builder needs besides the ImageServer itself. Builders never do I/O. */
export interface BuildContext {
  readonly settings: ClusterSettings;
  /** Values of the generated credentials Secret. */
  readonly credentials: Credentials;
}

/** The generated secrets of one server; see `decideCredentials`. */
export interface Credentials {
  readonly adminApiKey: string;
  /** `kid:secret[,kid:secret]`, the first key signs. */
  readonly signingKeys: string;
  /** Connection URL of the managed database, when `database.managed`. */
  readonly databaseUrl?: string;
  /** The rotation annotation value these credentials were generated for ("" = never rotated). */
  readonly rotation: string;
}

/** A Kubernetes object in wire form, as every builder returns it. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: OwnerReference[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}
