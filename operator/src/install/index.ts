export { generatedFiles } from './generatedFiles';
export { installManifests, OPERATOR_IMAGE, OPERATOR_NAME, OPERATOR_NAMESPACE } from './manifests';
export { clusterRules, leaderElectionRules, type PolicyRule } from './rbac';
