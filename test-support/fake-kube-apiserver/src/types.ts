/** Shared shapes of the fake API server. Objects are plain JSON, as on the wire. */

/** An owner reference, as in `metadata.ownerReferences`. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** One `metadata.managedFields` entry. `fieldsV1` uses the real nested `f:`/`k:`/`v:` format. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldsV1;
  subresource?: string;
}

/** Nested field-set tree, e.g. `{ "f:spec": { "f:replicas": {} } }`. */
export interface FieldsV1 {
  [segment: string]: FieldsV1;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  managedFields?: ManagedFieldsEntry[];
  [key: string]: unknown;
}

/** Any Kubernetes object as stored and served. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** A kind the server serves. `group` is `''` for the core API. */
export interface ResourceDefinition {
  group: string;
  version: string;
  kind: string;
  /** Lower-case plural used in URLs, e.g. `deployments`. */
  plural: string;
  namespaced: boolean;
  /** Whether the kind has a `/status` subresource (status then changes only through it). */
  hasStatus: boolean;
  /** @default kind in lower case */
  singular?: string;
  shortNames?: string[];
  /** Field selectors accepted besides `metadata.name` and `metadata.namespace` (dotted paths). */
  selectableFields?: string[];
  /** OpenAPI v3 schema whose `default`s are applied on writes (set from a CRD's version schema). */
  schema?: unknown;
}

/** A registered kind with derived fields filled in. */
export interface ResourceType extends Required<
  Omit<ResourceDefinition, 'shortNames' | 'selectableFields' | 'schema'>
> {
  schema?: unknown;
  shortNames: string[];
  selectableFields: string[];
  /** `group/version`, or `version` for the core group. */
  apiVersion: string;
  /** Identifies the storage shared by every served version of the kind: `group/plural`. */
  storageKey: string;
  /**
   * Built-in kinds are typed in the real server: their list items carry no apiVersion/kind.
   * Kinds registered by tests or CRDs are unstructured and keep them.
   */
  builtin: boolean;
}

/** Reference to one object (or, without `name`, to a kind) for the test hooks. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** Kubernetes API verbs, as used by RBAC and audit logs. */
export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

/** One served request in the request log. */
export interface RequestRecord {
  /** `undefined` for discovery and other non-resource requests. */
  verb?: Verb;
  method: string;
  path: string;
  query: string;
  /** Plural, e.g. `deployments`; with `subresource` for `/status`. */
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  status: number;
  /** Content-Type of a PATCH. */
  patchType?: string;
  fieldManager?: string;
  dryRun?: boolean;
}

/** A fault to inject into the next matching request(s). */
export interface FailureRule {
  /** Matches any verb when omitted. */
  verb?: Verb;
  /** Substring of, or pattern tested against, the URL path (no query). Matches any path when omitted. */
  path?: string | RegExp;
  /** HTTP status to answer with, e.g. 409, 500, 429, 410. */
  status: number;
  /** Status `reason`. @default derived from the status code */
  reason?: string;
  message?: string;
  /** How many matching requests fail. @default 1 */
  times?: number;
}

/** Kubernetes `Status` object, used for every error answer. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: { type?: string; message?: string; field?: string }[];
    retryAfterSeconds?: number;
  };
  code: number;
}

/** Options of {@link FakeKubeApiServer}. */
export interface FakeKubeApiServerOptions {
  /** Bearer token the kubeconfig carries and the server requires. @default 'fake-token' */
  token?: string;
  /** Watch events kept for replay; older resourceVersions get 410 Expired. @default 10000 */
  maxHistory?: number;
  /** Interval of BOOKMARK events on watches that allow them. @default 10000 */
  bookmarkIntervalMs?: number;
  /** Namespaces that exist from the start. @default ['default', 'kube-system'] */
  namespaces?: string[];
  /** Apply the few built-in defaults (Deployment, Service, pod template, Secret stringData). @default true */
  defaulting?: boolean;
  /** Clock for timestamps. @default () => new Date() */
  now?: () => Date;
}
