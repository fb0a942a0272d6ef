/**
 * The ImageServer CRD's structural OpenAPI v3 schema: the single source for the CRD YAML in
 * `config/crd/`, for defaulting in `render`, and for validating examples in tests.
 * CEL rules (`x-kubernetes-validations`) are enforced by the API server; `validateSpec` in
 * `validate.ts` checks the same rules in TypeScript (`@imageserver/image-server-spec`, shared with
 * the portal plugins, whose tests hold it to the messages here) so that render and reconcile agree.
 */

export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  enum?: (string | number | boolean)[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-validations'?: { rule: string; message: string; fieldPath?: string; reason?: string }[];
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

const quantity: JsonSchema = {
  type: 'string',
  pattern: '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$',
  description: 'A Kubernetes quantity such as 250m, 1, 512Mi.',
};

const resourceList: JsonSchema = {
  type: 'object',
  properties: { cpu: quantity, memory: quantity },
};

const secretKeyRef = (what: string): JsonSchema => ({
  type: 'object',
  description: `Secret in the same namespace holding ${what}.`,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 253 },
    key: { type: 'string', default: 'url', minLength: 1, maxLength: 253 },
  },
});

const days = (description: string): JsonSchema => ({
  type: 'integer',
  minimum: 1,
  maximum: 36500,
  description,
});

/** The image server's tagger names (`server/src/tagging/types.ts` TAGGER_NAMES); it refuses others. */
export const TAGGER_NAMES = ['basic', 'exif', 'colour', 'hashes', 'labels', 'moderation'] as const;

/** Maximum replicas of anything the operator scales; guards against typos like 1000. */
export const MAX_REPLICAS = 100;

export const conditionSchema: JsonSchema = {
  type: 'object',
  required: ['type', 'status', 'lastTransitionTime', 'reason', 'message'],
  properties: {
    type: { type: 'string', maxLength: 316 },
    status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
    observedGeneration: { type: 'integer', minimum: 0 },
    lastTransitionTime: { type: 'string', format: 'date-time' },
    reason: { type: 'string', maxLength: 1024, pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$' },
    message: { type: 'string', maxLength: 32768 },
  },
};

export const specSchema: JsonSchema = {
  type: 'object',
  required: ['image', 'storage', 'database'],
  'x-kubernetes-validations': [
    {
      rule: '!(has(self.replicas) && has(self.autoscaling))',
      message: 'set either replicas or autoscaling, not both',
    },
    {
      rule: "!has(self.tagging) || self.tagging.mode != 'queue' || has(self.cache)",
      message: 'tagging mode queue needs a cache: the queue lives in Redis',
    },
  ],
  properties: {
    image: { type: 'string', minLength: 1, maxLength: 512, description: 'Image server container image.' },
    replicas: {
      type: 'integer',
      minimum: 0,
      maximum: MAX_REPLICAS,
      description: 'Fixed replica count (default 2).',
    },
    autoscaling: {
      type: 'object',
      required: ['maxReplicas'],
      'x-kubernetes-validations': [
        { rule: 'self.minReplicas <= self.maxReplicas', message: 'minReplicas must not exceed maxReplicas' },
      ],
      properties: {
        minReplicas: { type: 'integer', minimum: 1, maximum: MAX_REPLICAS, default: 2 },
        maxReplicas: { type: 'integer', minimum: 1, maximum: MAX_REPLICAS },
        targetCPUUtilization: { type: 'integer', minimum: 10, maximum: 100, default: 70 },
      },
    },
    resources: {
      type: 'object',
      default: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '1Gi' } },
      properties: { requests: resourceList, limits: resourceList },
    },
    storage: {
      type: 'object',
      required: ['bucket'],
      'x-kubernetes-validations': [
        {
          rule: '!has(self.lifecycle) || !has(self.lifecycle.intelligentTiering) || !self.lifecycle.intelligentTiering || (!has(self.lifecycle.transitionToInfrequentAccessDays) && !has(self.lifecycle.transitionToGlacierInstantRetrievalDays))',
          message: 'lifecycle: intelligentTiering excludes fixed transitions',
        },
        {
          rule: '!has(self.lifecycle) || !has(self.lifecycle.transitionToInfrequentAccessDays) || !has(self.lifecycle.transitionToGlacierInstantRetrievalDays) || self.lifecycle.transitionToGlacierInstantRetrievalDays > self.lifecycle.transitionToInfrequentAccessDays',
          message:
            'lifecycle: transitionToGlacierInstantRetrievalDays must be later than transitionToInfrequentAccessDays',
        },
      ],
      properties: {
        bucket: {
          type: 'string',
          minLength: 3,
          maxLength: 63,
          pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
          'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'bucket is immutable' }],
        },
        prefix: {
          type: 'string',
          default: '',
          maxLength: 512,
          pattern: "^([A-Za-z0-9!_.*'()-]+/)*$",
          description: 'Key prefix ending in "/", or empty.',
        },
        region: { type: 'string', pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]$' },
        create: {
          type: 'boolean',
          default: true,
          description: 'Create the bucket when missing; false adopts only.',
        },
        lifecycle: {
          type: 'object',
          properties: {
            transitionToInfrequentAccessDays: {
              ...days('Days before objects move to Standard-IA (S3 requires at least 30).'),
              minimum: 30,
            },
            transitionToGlacierInstantRetrievalDays: days(
              'Days before objects move to Glacier Instant Retrieval.',
            ),
            intelligentTiering: {
              type: 'boolean',
              description: 'Move objects to Intelligent-Tiering at once.',
            },
            expireVariantsDays: days('Days before stored variants expire (they are re-created on demand).'),
          },
        },
        deletionPolicy: { type: 'string', enum: ['Retain', 'Delete'], default: 'Retain' },
      },
    },
    database: {
      type: 'object',
      'x-kubernetes-validations': [
        {
          rule: '(has(self.secretRef) ? 1 : 0) + (has(self.managed) && self.managed ? 1 : 0) == 1',
          message: 'database: set exactly one of secretRef or managed: true',
        },
      ],
      properties: {
        secretRef: secretKeyRef('a PostgreSQL connection URL'),
        managed: { type: 'boolean', description: 'Create a database and role on the shared PostgreSQL.' },
      },
    },
    cache: {
      type: 'object',
      required: ['secretRef'],
      properties: { secretRef: secretKeyRef('a Redis URL (redis:// or rediss://)') },
    },
    tagging: {
      type: 'object',
      properties: {
        mode: { type: 'string', enum: ['inline', 'queue', 'lambda', 'off'], default: 'inline' },
        taggers: {
          type: 'array',
          maxItems: 16,
          'x-kubernetes-list-type': 'set',
          items: { type: 'string', enum: [...TAGGER_NAMES] },
        },
        workerReplicas: { type: 'integer', minimum: 1, maximum: MAX_REPLICAS, default: 1 },
      },
    },
    ingress: {
      type: 'object',
      required: ['host'],
      properties: {
        host: {
          type: 'string',
          maxLength: 253,
          pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?\\.)+[a-z]{2,63}$',
        },
        className: { type: 'string', default: 'alb', maxLength: 253 },
        tls: {
          type: 'object',
          properties: { certificateArn: { type: 'string', pattern: '^arn:aws[a-z-]*:acm:' } },
        },
      },
    },
    cdn: {
      type: 'object',
      required: ['domain'],
      properties: {
        domain: {
          type: 'string',
          maxLength: 253,
          pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?\\.)+[a-z]{2,63}$',
        },
        distributionId: { type: 'string', pattern: '^[A-Z0-9]{1,32}$' },
      },
    },
    limits: {
      type: 'object',
      properties: {
        maxUploadBytes: { type: 'integer', minimum: 1, default: 52428800 },
        maxPixels: { type: 'integer', minimum: 1, default: 50000000 },
        maxFrames: { type: 'integer', minimum: 1, default: 300 },
      },
    },
    defaultVisibility: { type: 'string', enum: ['public', 'private'], default: 'public' },
    logLevel: { type: 'string', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace'], default: 'info' },
  },
};

export const statusSchema: JsonSchema = {
  type: 'object',
  properties: {
    observedGeneration: { type: 'integer', minimum: 0 },
    conditions: {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['type'],
      items: conditionSchema,
    },
    readyReplicas: { type: 'integer', minimum: 0 },
    desiredReplicas: { type: 'integer', minimum: 0 },
    url: { type: 'string' },
    bucket: {
      type: 'object',
      required: ['name', 'arn'],
      properties: { name: { type: 'string' }, arn: { type: 'string' }, created: { type: 'boolean' } },
    },
    adminSecretName: { type: 'string' },
    databaseName: { type: 'string' },
  },
};

/** The whole `openAPIV3Schema` of the ImageServer CRD. */
export const imageServerSchema: JsonSchema = {
  type: 'object',
  description:
    'An image server with its storage, database, cache and ingress, run by the ImageServer operator.',
  required: ['spec'],
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: specSchema,
    status: statusSchema,
  },
};
