export { EdgeStack, type EdgeStackProps, NORMALIZE_ACCEPT_SOURCE } from './EdgeStack';
export { EdgeCertificateStack, MANAGED_RULE_GROUPS } from './EdgeCertificateStack';
export * from './cacheKey';
