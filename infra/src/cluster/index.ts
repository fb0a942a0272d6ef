export * from './types';
export { ClusterStack, type ClusterStackProps, CONTROL_PLANE_LOGS } from './ClusterStack';
export { readOperatorManifest } from './readOperatorManifest';
export { findServiceAccount } from './findServiceAccount';
export { configureOperator, type OperatorSettings } from './configureOperator';
export { originIngress, DNS_ANNOTATION, type OriginIngressInput } from './originIngress';
export { podIdentityRole } from './podIdentityRole';
