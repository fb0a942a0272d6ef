export { bucketArn } from './bucketArn';
export { checkSharedBucket } from './checkSharedBucket';
export { deleteBucket, emptyPrefix } from './deleteBucket';
export { awsError, ensureBucket, OWNER_TAG, type BucketRequest, type BucketState } from './ensureBucket';
export { buildLifecycleRules, ruleIdPrefix, VARIANTS_FOLDER } from './lifecycleRules';
export { deletePodIdentity, ensurePodIdentity, type PodIdentityRequest } from './podIdentity';
