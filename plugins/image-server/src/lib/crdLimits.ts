/**
 * The constraints of the ImageServer CRD (operator/config/crd/imageservers.imageserver.dev.yaml)
 * that the create form checks before it sends anything. crdLimits.test.ts reads the CRD and fails
 * when one of these drifts from it.
 */
export const crdLimits = {
  image: { minLength: 1, maxLength: 512 },
  replicas: { minimum: 0, maximum: 100 },
  autoscaling: {
    minReplicas: { minimum: 1, maximum: 100, default: 2 },
    maxReplicas: { minimum: 1, maximum: 100 },
    targetCPUUtilization: { minimum: 10, maximum: 100, default: 70 },
  },
  bucket: { minLength: 3, maxLength: 63, pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' },
  lifecycle: {
    transitionToInfrequentAccessDays: { minimum: 30, maximum: 36500 },
    transitionToGlacierInstantRetrievalDays: { minimum: 1, maximum: 36500 },
    expireVariantsDays: { minimum: 1, maximum: 36500 },
  },
  deletionPolicy: ['Retain', 'Delete'],
  taggingModes: ['inline', 'queue', 'lambda', 'off'],
  visibilities: ['public', 'private'],
  secretName: { minLength: 1, maxLength: 253 },
} as const;
