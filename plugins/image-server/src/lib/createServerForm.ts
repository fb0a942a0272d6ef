import type { CreateServerRequest, ImageServerSpec } from '../api';
import {
  validateImageServerSpec,
  validateNamespace,
  validateServerName,
} from '@imageserver/plugin-image-server-common';
import { crdLimits } from './crdLimits';

/** Sizes offered by the form, each a set of container resources. */
export const sizes = {
  small: {
    label: 'Small (0.25 CPU, 1 GiB)',
    requests: { cpu: '250m', memory: '256Mi' },
    limits: { memory: '1Gi' },
  },
  medium: {
    label: 'Medium (0.5 CPU, 2 GiB)',
    requests: { cpu: '500m', memory: '512Mi' },
    limits: { memory: '2Gi' },
  },
  large: { label: 'Large (1 CPU, 4 GiB)', requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '4Gi' } },
} as const;

export type Size = keyof typeof sizes;
export type TaggingMode = (typeof crdLimits.taggingModes)[number];
export type Visibility = (typeof crdLimits.visibilities)[number];

/** What the create form holds; numbers stay strings until validated so partial input is kept. */
export interface CreateServerFormValues {
  cluster: string;
  namespace: string;
  name: string;
  image: string;
  size: Size;
  autoscaling: boolean;
  replicas: string;
  minReplicas: string;
  maxReplicas: string;
  targetCPUUtilization: string;
  bucket: string;
  transitionToInfrequentAccessDays: string;
  transitionToGlacierInstantRetrievalDays: string;
  intelligentTiering: boolean;
  expireVariantsDays: string;
  deletionPolicy: 'Retain' | 'Delete';
  taggingMode: TaggingMode;
  cacheSecretName: string;
  defaultVisibility: Visibility;
}

/** Problems by field; `spec` holds what only the whole-spec check (common's CRD schema) found. */
export type FormErrors = Partial<Record<keyof CreateServerFormValues | 'spec', string>>;

export function defaultFormValues(cluster = ''): CreateServerFormValues {
  return {
    cluster,
    namespace: 'default',
    name: '',
    image: 'ghcr.io/imageserver/server:latest',
    size: 'small',
    autoscaling: true,
    replicas: '2',
    minReplicas: String(crdLimits.autoscaling.minReplicas.default),
    maxReplicas: '5',
    targetCPUUtilization: String(crdLimits.autoscaling.targetCPUUtilization.default),
    bucket: '',
    transitionToInfrequentAccessDays: '',
    transitionToGlacierInstantRetrievalDays: '',
    intelligentTiering: false,
    expireVariantsDays: '',
    deletionPolicy: 'Retain',
    taggingMode: 'inline',
    cacheSecretName: '',
    defaultVisibility: 'public',
  };
}

/** The bucket suggested for a server until the user types one. */
export function suggestedBucket(namespace: string, name: string): string {
  if (!name) return '';
  const raw = `imageserver-${namespace || 'default'}-${name}`.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
  return raw.slice(0, crdLimits.bucket.maxLength).replace(/[.-]+$/, '');
}

type Range = { minimum: number; maximum: number };

function integer(label: string, raw: string, range: Range, required: boolean): string | undefined {
  const text = raw.trim();
  if (text === '') return required ? `${label} is required` : undefined;
  if (!/^-?\d+$/.test(text)) return `${label} must be a whole number`;
  const n = Number(text);
  if (n < range.minimum || n > range.maximum)
    return `${label} must be between ${range.minimum} and ${range.maximum}`;
  return undefined;
}

/** Common's name checks say `name: must …`; the form shows them under the field as `Name must …`. */
function fromCommon(label: string, problems: string[]): string | undefined {
  const first = problems[0];
  return first === undefined ? undefined : `${label} ${first.replace(/^[a-z]+: /, '')}`;
}

/**
 * Checks the form against the CRD's constraints (including its CEL rules) and returns every
 * problem at once, keyed by field; an empty object means the form can be sent.
 */
export function validateCreateServerForm(v: CreateServerFormValues): FormErrors {
  const errors: FormErrors = {};
  const set = (field: keyof FormErrors, message: string | undefined) => {
    if (message && !errors[field]) errors[field] = message;
  };
  const lim = crdLimits;

  if (!v.cluster.trim()) set('cluster', 'Cluster is required');
  set('namespace', fromCommon('Namespace', validateNamespace(v.namespace)));
  set('name', fromCommon('Name', validateServerName(v.name)));
  if (v.image.trim().length < lim.image.minLength) set('image', 'Container image is required');
  else if (v.image.length > lim.image.maxLength)
    set('image', `Container image must be at most ${lim.image.maxLength} characters`);

  if (v.autoscaling) {
    set('minReplicas', integer('Minimum replicas', v.minReplicas, lim.autoscaling.minReplicas, true));
    set('maxReplicas', integer('Maximum replicas', v.maxReplicas, lim.autoscaling.maxReplicas, true));
    set(
      'targetCPUUtilization',
      integer('Target CPU utilization', v.targetCPUUtilization, lim.autoscaling.targetCPUUtilization, true),
    );
    if (!errors.minReplicas && !errors.maxReplicas && Number(v.minReplicas) > Number(v.maxReplicas)) {
      set('maxReplicas', 'Maximum replicas must be at least the minimum');
    }
  } else {
    set('replicas', integer('Replicas', v.replicas, lim.replicas, true));
  }

  const bucket = v.bucket || suggestedBucket(v.namespace, v.name);
  // Without a name there is no suggested bucket yet; the name's own error says what to do.
  if (bucket || v.name) {
    if (bucket.length < lim.bucket.minLength || bucket.length > lim.bucket.maxLength) {
      set('bucket', `Bucket must be ${lim.bucket.minLength} to ${lim.bucket.maxLength} characters`);
    } else if (!new RegExp(lim.bucket.pattern).test(bucket)) {
      set(
        'bucket',
        "Bucket must be lowercase letters, digits, '.' and '-', starting and ending with a letter or digit",
      );
    }
  }

  const lc = lim.lifecycle;
  set(
    'transitionToInfrequentAccessDays',
    integer(
      'Days to Infrequent Access',
      v.transitionToInfrequentAccessDays,
      lc.transitionToInfrequentAccessDays,
      false,
    ),
  );
  set(
    'transitionToGlacierInstantRetrievalDays',
    integer(
      'Days to Glacier Instant Retrieval',
      v.transitionToGlacierInstantRetrievalDays,
      lc.transitionToGlacierInstantRetrievalDays,
      false,
    ),
  );
  set(
    'expireVariantsDays',
    integer('Days before variants expire', v.expireVariantsDays, lc.expireVariantsDays, false),
  );
  const ia = v.transitionToInfrequentAccessDays.trim();
  const glacier = v.transitionToGlacierInstantRetrievalDays.trim();
  if (v.intelligentTiering && (ia || glacier)) {
    set(
      'intelligentTiering',
      'Intelligent-Tiering excludes fixed transitions: clear the transition days or turn it off',
    );
  }
  if (
    ia &&
    glacier &&
    !errors.transitionToInfrequentAccessDays &&
    !errors.transitionToGlacierInstantRetrievalDays &&
    Number(glacier) <= Number(ia)
  ) {
    set(
      'transitionToGlacierInstantRetrievalDays',
      'Glacier Instant Retrieval must come later than Infrequent Access',
    );
  }

  if (!lim.taggingModes.includes(v.taggingMode))
    set('taggingMode', `Tagging mode must be one of ${lim.taggingModes.join(', ')}`);
  if (v.taggingMode === 'queue') {
    const secret = v.cacheSecretName.trim();
    if (!secret)
      set('cacheSecretName', 'Tagging mode queue needs a cache: name the Secret holding the Redis URL');
    else if (secret.length > lim.secretName.maxLength)
      set('cacheSecretName', `Secret name must be at most ${lim.secretName.maxLength} characters`);
  }
  if (!lim.visibilities.includes(v.defaultVisibility))
    set('defaultVisibility', `Visibility must be public or private`);
  if (!lim.deletionPolicy.includes(v.deletionPolicy))
    set('deletionPolicy', 'Deletion policy must be Retain or Delete');
  // Last, the backend's own check of the whole spec against the CRD schema: whatever the field
  // rules above missed would be refused on submit anyway.
  if (Object.keys(errors).length === 0) {
    const problems = validateImageServerSpec(toCreateServerRequest(v).spec);
    if (problems.length > 0) set('spec', problems.join('; '));
  }
  return errors;
}

/** Turns a validated form into the backend's create request. */
export function toCreateServerRequest(v: CreateServerFormValues): CreateServerRequest {
  const size = sizes[v.size];
  const lifecycle: NonNullable<ImageServerSpec['storage']['lifecycle']> = {};
  if (v.intelligentTiering) lifecycle.intelligentTiering = true;
  if (v.transitionToInfrequentAccessDays.trim())
    lifecycle.transitionToInfrequentAccessDays = Number(v.transitionToInfrequentAccessDays);
  if (v.transitionToGlacierInstantRetrievalDays.trim()) {
    lifecycle.transitionToGlacierInstantRetrievalDays = Number(v.transitionToGlacierInstantRetrievalDays);
  }
  if (v.expireVariantsDays.trim()) lifecycle.expireVariantsDays = Number(v.expireVariantsDays);

  const spec: ImageServerSpec = {
    image: v.image.trim(),
    resources: { requests: { ...size.requests }, limits: { ...size.limits } },
    storage: {
      bucket: v.bucket || suggestedBucket(v.namespace, v.name),
      deletionPolicy: v.deletionPolicy,
      ...(Object.keys(lifecycle).length ? { lifecycle } : {}),
    },
    database: { managed: true },
    // The CRD also allows `off`; the common spec type may lag it, the API server decides.
    tagging: { mode: v.taggingMode as NonNullable<ImageServerSpec['tagging']>['mode'] },
    defaultVisibility: v.defaultVisibility,
  };
  if (v.autoscaling) {
    spec.autoscaling = {
      minReplicas: Number(v.minReplicas),
      maxReplicas: Number(v.maxReplicas),
      targetCPUUtilization: Number(v.targetCPUUtilization),
    };
  } else {
    spec.replicas = Number(v.replicas);
  }
  if (v.taggingMode === 'queue') spec.cache = { secretRef: { name: v.cacheSecretName.trim() } };
  return { cluster: v.cluster.trim(), namespace: v.namespace, name: v.name, spec };
}
